import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { strFromU8, unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { nodeDocument } from '@/cli/render-figure';
import { registry } from '@/lib/cells';
import type { LstmReportOutput } from '@/lib/cells/lstm-report';
import { FILE_IDS_NOTE } from '@/lib/data/pseudonyms';
import { figureSvgText } from '@/lib/figures/compose-figure';
import { resolveParams, type Artifact } from '@/lib/notebook/define-cell';
import { freshArtifacts } from '@/lib/notebook/fresh-artifacts';
import { sha256Hex } from '@/lib/notebook/hash';
import { buildManifest } from '@/lib/notebook/manifest';
import { applyProfile, type Notebook } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import { cellInputs, type NotebookState } from '@/lib/notebook/state';
import { exportFiles } from '@/lib/report/export-files';
import { createRng } from '@/lib/stats/random';
import { findNotebook } from '@/notebooks';
import { useCpuBackend } from '../ml/lstm/fixtures';

/**
 * Issue #28, item 6: the bundled cohort with its ids rewritten to distinctive clinic-style
 * record numbers (scrambled, so a pseudonym can never be read off the number), plus two rows
 * the reader rejects; the whole paper notebook (quick profile, LSTMs shrunk to a few epochs of
 * a tiny network) runs, and nothing meant for publication may name a patient by the file's id.
 */
const MARK = 'MRN-7Q3X';
const [header, ...rows] = readFileSync('data/synthetic-cohort.csv', 'utf8').trim().split('\n');
const scrambled = rows.map((l) => l.replace(/^P0*(\d+),/, (_, n: string) => `${MARK}-${(Number(n) * 7919) % 100_003},`));
// Unreadable grades on two existing patients' extra rows: rejected_rows.csv then holds their ids.
const bad = [scrambled[0]!, scrambled[scrambled.length - 1]!].map((l) => l.replace(/,[^,]*$/, ',VIII'));
const text = `${[header, ...scrambled, ...bad].join('\n')}\n`;
const bytes = new TextEncoder().encode(text);
const source = { name: 'clinic-export.csv', sha256: sha256Hex(bytes), text, bytes };
const libsvmWasmBinary = new Uint8Array(readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')));
/** The file's ids in order of first appearance: P1 is the first. */
const fileOrder = [...new Set(scrambled.map((l) => l.slice(0, l.indexOf(','))))];

/** The data tables kept for re-analysis with the file's ids: CSV only, each caption saying so. */
const WITH_FILE_IDS = [
  'rejected_rows',
  'cohort_patients',
  'windows_classification',
  'svm_predictions_all',
  'svm_predictions_persistent',
  'baseline_predictions_all',
  'baseline_predictions_persistent',
  'windows_regression',
  ...['all', 'persistent'].flatMap((s) => ['M1', 'M2', 'M3'].flatMap((m) => ['test_predictions', 'validation_predictions', 'courses'].map((t) => `lstm_${s}_${m}_${t}`))),
].sort();

function tinyNotebook(): Notebook {
  const nb = applyProfile(findNotebook('han-2026')!, 'quick');
  const tiny = { bootstrapResamples: 20, courseStepDays: 30, lstm: { units: [6, 4], maxEpochs: 3, batchSize: 64, engine: 'fused' } };
  return { ...nb, cells: nb.cells.map((c) => (c.kind === 'lstm-regression' && 'params' in c ? { ...c, params: { ...c.params, ...tiny, lstm: { ...(c.params as { lstm?: object }).lstm, ...tiny.lstm } } } : c)) } as Notebook;
}

async function rerunReport(state: NotebookState, params: Record<string, unknown>): Promise<{ out: LstmReportOutput; artifacts: Artifact[] }> {
  const def = registry.get('lstm-report');
  const resolved = resolveParams(def, params);
  const gen = def.run(cellInputs(state, 'lstm-report'), resolved, { rng: createRng(1), seed: 1, signal: new AbortController().signal, env: {} });
  let step = await gen.next();
  while (!step.done) step = await gen.next();
  const out = step.value as LstmReportOutput;
  return { out, artifacts: def.artifacts!(out, resolved, {}) };
}

const svgOf = (a: Artifact) => (a.type === 'figure' ? figureSvgText(a.render(nodeDocument()), {}) : '');

describe('no file ids in what is meant for publication (issue #28, item 6)', () => {
  let state: NotebookState;
  beforeAll(async () => {
    await useCpuBackend();
    state = await runNotebook({ notebook: tinyNotebook(), registry, source, env: { host: 'node', libsvmWasmBinary } });
  }, 120_000);

  it('figures, captions, publication tables (Markdown, LaTeX, Word) and reports name patients by pseudonym; only the named re-analysis CSVs keep ids', async () => {
    for (const [id, cell] of Object.entries(state.cells)) expect(cell.status, `${id}: ${cell.error ?? ''}`).toBe('fresh');
    const manifest = buildManifest(state, registry, { seed: state.notebook.seed, profile: 'quick', data: { name: source.name, sha256: source.sha256, bytes: bytes.length }, versions: {}, totalMs: 0 });
    // The run record the methods and checklist are written from.
    expect(JSON.stringify(manifest)).not.toContain(MARK);

    const artifacts = [...freshArtifacts(state, registry)].map((a) => a.artifact);
    const tables = new Map(artifacts.filter((a) => a.type === 'table').map((a) => [a.name, a]));
    for (const a of artifacts) expect(a.caption ?? '', `caption of ${a.name}`).not.toContain(MARK);
    // A figure's description and the table behind it (shown on the page, the description in its SVG).
    for (const a of artifacts) if (a.type === 'figure') expect(`${a.description ?? ''} ${JSON.stringify(a.data ?? null)}`, `description and data of ${a.name}`).not.toContain(MARK);

    const noRaster = () => {
      throw new Error('SVG only');
    };
    const host = { document: nodeDocument(), png: noRaster, tiff: noRaster, pdf: () => Promise.reject(new Error('SVG only')) };
    const failures: string[] = [];
    const withIds: string[] = [];
    const kinds = new Set<string>();
    for await (const [path, content] of exportFiles(state, registry, host, { dpi: 300, formats: ['svg'], data: { sha256: source.sha256 }, version: 'test', manifest, onFailure: (m) => failures.push(m) })) {
      const ext = path.slice(path.lastIndexOf('.') + 1);
      kinds.add(`${path.slice(0, path.indexOf('/'))}/${ext}`);
      const body = ext === 'docx' ? Object.values(unzipSync(content as Uint8Array)).map((b) => strFromU8(b)).join('\n') : (content as string);
      if (!body.includes(MARK)) continue;
      if (ext !== 'csv') throw new Error(`${path} names a patient by the file's id`);
      withIds.push(path.slice('tables/'.length, -'.csv'.length));
    }
    expect(failures).toEqual([]);
    expect([...kinds].sort()).toEqual(['figures/svg', 'report/md', 'report/tex', 'tables/csv', 'tables/docx', 'tables/md', 'tables/tex']);
    expect(withIds.sort()).toEqual(WITH_FILE_IDS);
    for (const name of WITH_FILE_IDS) {
      const t = tables.get(name)!;
      expect(t.caption, name).toContain(FILE_IDS_NOTE);
      expect([t.markdown, t.latex], name).toEqual([undefined, undefined]);
    }

    // Fig. 6: each panel's pseudonym is the patient's place in the file; the caption says so.
    const report = state.cells['lstm-report']!.output as LstmReportOutput;
    expect(report.courses.length).toBeGreaterThan(0);
    for (const c of report.courses) expect(c.label).toBe(`P${fileOrder.indexOf(c.patientId) + 1}`);
    const numbers = report.courses.map((c) => Number(c.label.slice(1)));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const fig6 = artifacts.find((a) => a.name === 'fig6-recovery-course')!;
    expect(fig6.caption).toContain('study pseudonym (P1, P2, … in the order each patient first appears in the data file)');
    const svg = svgOf(fig6);
    for (const c of report.courses) expect(svg).toContain(`>${c.label}</text>`);
  }, 60_000);

  it('Fig. 6 takes file ids or pseudonyms to pick patients, and shows file ids only when asked, saying it is not for publication', async () => {
    const shown = (state.cells['lstm-report']!.output as LstmReportOutput).courses;
    const [a, b] = [shown[1]!, shown[0]!];
    const picked = await rerunReport(state, { coursePatients: [a.patientId, b.label] });
    expect(picked.out.courses.map((c) => [c.patientId, c.label])).toEqual([[a.patientId, a.label], [b.patientId, b.label]]);
    const pickedFig = picked.artifacts.find((x) => x.name === 'fig6-recovery-course')!;
    expect(svgOf(pickedFig)).not.toContain(MARK);

    const ids = await rerunReport(state, { showFileIds: true, maxCoursePanels: 2 });
    const fig = ids.artifacts.find((x) => x.name === 'fig6-recovery-course')!;
    expect(svgOf(fig)).toContain(`>${b.patientId}</text>`);
    expect(fig.caption).toContain('labelled with the file’s patient ids (showFileIds): not for publication');
  }, 30_000);
});
