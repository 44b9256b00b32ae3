/**
 * The gallery's code-step example (notebooks/code-cell.json, issue #27 item 6) run as the CLI
 * runs it with --trust-code: the real registry, the bundled cohort, the notebook's quick profile,
 * the code in the QuickJS sandbox. Its arquero table is checked against the same tabulation done
 * here in plain TypeScript over the derived-feature step's windows (no arquero), its figure for
 * what a reader needs (both sets, CIs, a legend, labelled axes), and its text for the numbers it
 * quotes.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { CodeCellOutput } from '@/lib/cells/code-cell';
import type { DerivedFeatureOutput } from '@/lib/cells/derived-feature';
import { sha256Hex } from '@/lib/notebook/hash';
import { applyProfile, isComputeCell } from '@/lib/notebook/notebook-schema';
import { runNotebook } from '@/lib/notebook/run-notebook';
import type { NotebookState } from '@/lib/notebook/state';
import { findNotebook } from '@/notebooks';

const LANDMARK_DAY = 30;
const Z = 1.959963984540054; // the 0.975 normal quantile

let state: NotebookState;

beforeAll(async () => {
  const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
  const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };
  state = await runNotebook({ notebook: applyProfile(findNotebook('code-cell')!, 'quick'), registry, source, env: { host: 'node' } });
  const failed = Object.entries(state.cells).filter(([, c]) => c.status !== 'fresh');
  expect(failed.map(([id, c]) => `${id}: ${c.status} ${c.error ?? ''}`)).toEqual([]);
}, 60_000);

interface Row {
  set: string;
  band: string;
  patients: number;
  recovered: number;
}

/** The tabulation done by hand: each patient's last window with present_day ≤ the landmark, in four bands of early improvement. */
function byHand(windows: DerivedFeatureOutput): Row[] {
  const band = (e: number) => (e < 0 ? 'worse (below 0)' : e === 0 ? 'no change (0)' : e < 1.5 ? '0.5 to 1 grade better' : '1.5 or more grades better');
  const order = ['worse (below 0)', 'no change (0)', '0.5 to 1 grade better', '1.5 or more grades better'];
  const rows: Row[] = [];
  for (const [set, list] of [['development', windows.classification], ['temporal validation', windows.validationClassification]] as const) {
    const last = new Map<string, (typeof list)[number]>();
    for (const w of list) {
      if (w.present_day > LANDMARK_DAY) continue;
      const seen = last.get(w.patient_id);
      if (!seen || w.window > seen.window) last.set(w.patient_id, w);
    }
    const counts = new Map<string, { patients: number; recovered: number }>();
    for (const w of last.values()) {
      const value = (w as unknown as Record<string, number>).early_improvement!;
      const c = counts.get(band(value)) ?? { patients: 0, recovered: 0 };
      c.patients += 1;
      c.recovered += w.label;
      counts.set(band(value), c);
    }
    for (const b of order) if (counts.has(b)) rows.push({ set, band: b, ...counts.get(b)! });
  }
  return rows;
}

/** Wilson score interval from the roots of its quadratic (another arrangement than the notebook's centre ± half-width). */
function wilsonRoots(x: number, n: number): [number, number] {
  const z2 = Z * Z;
  const root = Z * Math.sqrt(z2 + (4 * x * (n - x)) / n);
  return [(2 * x + z2 - root) / (2 * (n + z2)), (2 * x + z2 + root) / (2 * (n + z2))];
}

const table = () => {
  const out = state.cells['recovery-table']!.output as CodeCellOutput;
  if (out.kind !== 'table') throw new Error(`expected a table, got ${out.kind}`);
  return out.rows.map((r) => Object.fromEntries(out.columns.map((c, i) => [c, r[i]])) as Record<string, string | number>);
};

describe('the code-cell example on the bundled cohort', () => {
  it('is a gallery notebook of two code steps fed by the own-feature example’s derived feature', () => {
    const nb = findNotebook('code-cell')!;
    const code = nb.cells.filter((c) => isComputeCell(c) && c.kind === 'code');
    expect(code.map((c) => c.id)).toEqual(['recovery-table', 'recovery-figure']);
    const early = nb.cells.find((c) => c.id === 'early');
    const own = findNotebook('own-feature')!.cells.find((c) => c.id === 'early');
    expect(early).toEqual(own);
  });

  it('counts each patient once, at the landmark; counts and proportions equal a tabulation by hand', () => {
    const expected = byHand(state.cells.early!.output as DerivedFeatureOutput);
    const got = table();
    expect(got.map((r) => ({ set: r.set, band: r.band, patients: r.patients, recovered: r.recovered }))).toEqual(expected);
    // Every development patient with a window counts once (a table of windows would have 521 rows' worth).
    const windows = state.cells.early!.output as DerivedFeatureOutput;
    const devPatients = new Set(windows.classification.map((w) => w.patient_id)).size;
    expect(got.filter((r) => r.set === 'development').reduce((s, r) => s + Number(r.patients), 0)).toBe(devPatients);
    expect(windows.classification.length).toBeGreaterThan(devPatients);
    for (const [i, r] of got.entries()) {
      const e = expected[i]!;
      expect(r.proportion, `${r.set} ${r.band}`).toBe(e.recovered / e.patients);
      const [low, high] = wilsonRoots(e.recovered, e.patients);
      expect(r.ci_low as number).toBeCloseTo(e.recovered === 0 ? 0 : low, 12);
      expect(r.ci_high as number).toBeCloseTo(e.recovered === e.patients ? 1 : high, 12);
      expect(r.ci_low as number).toBeLessThanOrEqual(r.proportion as number);
      expect(r.ci_high as number).toBeGreaterThanOrEqual(r.proportion as number);
    }
  });

  it('says in its log how many patients have a window by the landmark', () => {
    const out = state.cells['recovery-table']!.output as CodeCellOutput;
    const windows = state.cells.early!.output as DerivedFeatureOutput;
    const n = (list: { patient_id: string }[]) => new Set(list.map((w) => w.patient_id)).size;
    expect(out.logs).toEqual([
      `development: ${n(windows.classification)} of ${n(windows.classification)} patients have a window by day 30`,
      `temporal validation: ${n(windows.validationClassification)} of ${n(windows.validationClassification)} patients have a window by day 30`,
    ]);
  });

  it('the figure shows every row with its CI, a legend for the two sets and labelled axes', () => {
    const out = state.cells['recovery-figure']!.output as CodeCellOutput;
    if (out.kind !== 'figure') throw new Error(`expected a figure, got ${out.kind}`);
    const rows = table();
    expect((out.svg.match(/<circle/g) ?? []).length).toBe(rows.length);
    for (const r of rows) expect(out.svg).toContain(`>${r.recovered}/${r.patients}<`);
    expect(out.svg).toContain('>development<');
    expect(out.svg).toContain('>temporal validation<');
    expect(out.svg).toContain('Recovered (% of patients)');
    expect(out.svg).toContain('Early improvement by day 30 (House–Brackmann grades since the first visit)');
    expect(out.caption).toMatch(/Wilson 95% CIs/);
    // Nothing of the figure was unsafe, so the caption names nothing removed.
    expect(out.removed).toEqual([]);
  });

  it('the notebook’s text quotes the numbers the table gives', () => {
    const reading = findNotebook('code-cell')!.cells.find((c) => c.id === 'reading');
    const text = reading && 'text' in reading ? String(reading.text) : '';
    const dev = table().filter((r) => r.set === 'development');
    const pct = (x: unknown) => `${Math.round(100 * Number(x))}%`;
    const [worse, none, , best] = dev;
    expect(text).toContain(`${pct(worse!.proportion)} of the development patients`);
    expect(text).toContain(`(${worse!.recovered} of ${worse!.patients}; 95% CI ${pct(worse!.ci_low)} to ${pct(worse!.ci_high)})`);
    expect(text).toContain(`${pct(none!.proportion)} with no change (${none!.recovered} of ${none!.patients})`);
    expect(best!.recovered).toBe(best!.patients);
    expect(text).toContain(`all ${best!.patients} who had improved by 1.5 grades or more (CI ${pct(best!.ci_low)} to 100%)`);
    const validation = table().filter((r) => r.set === 'temporal validation').reduce((s, r) => s + Number(r.patients), 0);
    expect(text).toContain(`The temporal validation set has ${validation} patients`);
  });
});
