import { strFromU8, unzipSync } from 'fflate';

/**
 * A formula cell saved without its result. Programs that write XLSX without a calculation
 * engine (report generators, some exports) store `<f>` and no `<v>`; a reader then sees an empty
 * cell, so an uncalculated grade would become an ungraded visit without a word. The reader puts
 * the formula's text, marked, in the cell instead, and ingestion refuses it by name.
 */
export interface UncalculatedCell {
  /** 1-based sheet row. */
  row: number;
  /** 0-based column. */
  column: number;
  formula: string;
}

/** Appended to the formula text that stands in the cell, so ingestion can name the reason. */
export const UNCALCULATED_MARK = ' (formula with no saved result)';
export const UNCALCULATED_REASON =
  'is a formula saved without its result (the program that wrote the workbook did not calculate it); open the workbook in a spreadsheet program and save it, or export the sheet as CSV';

const REL_NS_TARGET = /<Relationship\b[^>]*\bId="([^"]+)"[^>]*\bTarget="([^"]+)"[^>]*>/g;
const REL_NS_TARGET_REVERSED = /<Relationship\b[^>]*\bTarget="([^"]+)"[^>]*\bId="([^"]+)"[^>]*>/g;

/** The zip path of the named sheet's XML, from workbook.xml and its relationships. */
function sheetPath(files: Record<string, Uint8Array>, sheetName: string): string | undefined {
  const workbook = files['xl/workbook.xml'];
  const rels = files['xl/_rels/workbook.xml.rels'];
  if (!workbook || !rels) return undefined;
  const decode = (s: string) => s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
  let id: string | undefined;
  for (const m of strFromU8(workbook).matchAll(/<sheet\b([^>]*)\/?>/g)) {
    const attrs = m[1] ?? '';
    const name = /\bname="([^"]*)"/.exec(attrs)?.[1];
    if (name !== undefined && decode(name) === sheetName) id = /\br:id="([^"]*)"/.exec(attrs)?.[1];
  }
  if (!id) return undefined;
  const relText = strFromU8(rels);
  const targets = new Map<string, string>();
  for (const m of relText.matchAll(REL_NS_TARGET)) targets.set(m[1]!, m[2]!);
  for (const m of relText.matchAll(REL_NS_TARGET_REVERSED)) if (!targets.has(m[2]!)) targets.set(m[2]!, m[1]!);
  const target = targets.get(id);
  if (!target) return undefined;
  return target.startsWith('/') ? target.slice(1) : `xl/${target}`;
}

function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/**
 * The formula cells of one sheet that have no saved result (`<f>` without `<v>`). Reads only the
 * sheet's own part; a sheet without any `<f` is not scanned further.
 */
export function uncalculatedCells(bytes: Uint8Array, sheetName: string): UncalculatedCell[] {
  // The workbook's index first, then only the chosen sheet's part is decompressed.
  let part: Uint8Array | undefined;
  try {
    const index = unzipSync(bytes, { filter: (f) => f.name === 'xl/workbook.xml' || f.name === 'xl/_rels/workbook.xml.rels' });
    const path = sheetPath(index, sheetName);
    part = path ? unzipSync(bytes, { filter: (f) => f.name === path })[path] : undefined;
  } catch {
    return [];
  }
  if (!part) return [];
  const xml = strFromU8(part);
  if (!xml.includes('<f')) return [];
  const found: UncalculatedCell[] = [];
  for (const m of xml.matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
    const inner = m[2];
    if (!inner || !/<f\b/.test(inner) || /<v\b[^>]*>[\s\S]*?<\/v>|<is\b/.test(inner)) continue;
    const ref = /\br="([A-Z]+)(\d+)"/.exec(m[1] ?? '');
    if (!ref) continue;
    const formula = /<f\b[^>]*>([\s\S]*?)<\/f>/.exec(inner)?.[1] ?? '';
    found.push({ row: Number(ref[2]), column: columnIndex(ref[1]!), formula: `=${formula.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&') || '(shared formula)'}` });
  }
  return found;
}
