import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import Papa from 'papaparse';
import type { Artifact } from '../notebook/define-cell';

type TableArtifact = Extract<Artifact, { type: 'table' }>;

const RULE = { style: BorderStyle.SINGLE, size: 6, color: '000000' } as const;
const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' } as const;

/**
 * A table artifact as a Word document (docx): the caption above, the reader's headings, and
 * three horizontal rules as in the LaTeX (booktabs) version; numbers right-aligned. Made
 * with the `docx` library, the same in Node and in the page.
 */
export async function tableDocx(artifact: TableArtifact): Promise<Uint8Array> {
  const parsed = Papa.parse<string[]>(artifact.csv.trim(), { skipEmptyLines: true });
  const [keys = [], ...body] = parsed.data;
  const header = artifact.header ?? keys;
  const numeric = keys.map((_, j) => body.length > 0 && body.every((r) => r[j] === '' || /^-?\d+(\.\d+)?$/.test(r[j] ?? '')));
  const cell = (text: string, j: number, opts: { bold?: boolean; top?: boolean; bottom?: boolean }) =>
    new TableCell({
      borders: { top: opts.top ? RULE : NONE, bottom: opts.bottom ? RULE : NONE, left: NONE, right: NONE },
      children: [new Paragraph({ alignment: numeric[j] ? AlignmentType.RIGHT : AlignmentType.LEFT, children: [new TextRun({ text, bold: opts.bold, size: 18, font: 'Arial' })] })],
    });
  const rows = [
    new TableRow({ tableHeader: true, children: header.map((h, j) => cell(h, j, { bold: true, top: true, bottom: true })) }),
    ...body.map((r, i) => new TableRow({ children: keys.map((_, j) => cell(r[j] ?? '', j, { bottom: i === body.length - 1 })) })),
  ];
  const doc = new Document({
    creator: 'Facial Palsy Prognosis Workbench',
    title: artifact.caption ?? artifact.name,
    sections: [
      {
        children: [
          ...(artifact.caption ? [new Paragraph({ children: [new TextRun({ text: artifact.caption, bold: true, size: 20, font: 'Arial' })], spacing: { after: 120 } })] : []),
          new Table({ rows, width: { size: 100, type: WidthType.PERCENTAGE } }),
        ],
      },
    ],
  });
  return new Uint8Array(await Packer.toArrayBuffer(doc));
}
