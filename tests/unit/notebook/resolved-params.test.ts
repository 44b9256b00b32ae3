import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import type { WindowsOutput } from '@/lib/cells/windowing';
import type { CohortInclusionOutput } from '@/lib/cells/cohort-inclusion';
import { LSTM_PAPER_DEFAULTS } from '@/lib/ml/lstm/params';
import { sha256Hex } from '@/lib/notebook/hash';
import { parseNotebook, type Notebook } from '@/lib/notebook/notebook-schema';
import { NotebookRuntime } from '@/lib/notebook/runtime';
import { findNotebook } from '@/notebooks';

const bytes = new Uint8Array(readFileSync('data/synthetic-cohort.csv'));
const source = { name: 'synthetic-cohort.csv', sha256: sha256Hex(bytes), text: new TextDecoder().decode(bytes), bytes };

/** The paper notebook's cheap cells run; heavy cells wait (their keys can be read). */
async function cheapPart(notebook: Notebook = findNotebook('han-2026')!) {
  const runtime = new NotebookRuntime({ notebook, registry, source });
  await runtime.start();
  return runtime;
}

describe('parameters are resolved before the cache key', () => {
  it('a changed default gives a new key (the LSTM block included)', async () => {
    const runtime = await cheapPart();
    const before = runtime.keyFor('lstm-all-m1');
    expect(before).toMatch(/^[0-9a-f]{32}$/);
    const saved = LSTM_PAPER_DEFAULTS.maxEpochs;
    try {
      (LSTM_PAPER_DEFAULTS as { maxEpochs: number }).maxEpochs = saved + 1;
      expect(runtime.keyFor('lstm-all-m1')).not.toBe(before);
    } finally {
      (LSTM_PAPER_DEFAULTS as { maxEpochs: number }).maxEpochs = saved;
    }
    expect(runtime.keyFor('lstm-all-m1')).toBe(before);
  });

  it('spelling out a default changes nothing; M1–M3 draw from different streams', async () => {
    const runtime = await cheapPart();
    const key = runtime.keyFor('lstm-all-m1');
    expect(runtime.keyFor('lstm-all-m1', { params: { subset: 'all', model: 'M1', staticFeatures: ['age', 'sex', 'diabetes', 'delayed_treatment'], lstm: { batchSize: 128 } } })).toBe(key);
    // Same parameters, other cell: another random stream, so another key.
    expect(runtime.keyFor('lstm-all-m2', { params: { subset: 'all', model: 'M1' } })).not.toBe(key);
  });

  it('earlyDays is set once, and inclusion, the persistent subset and the windows follow it', async () => {
    const runtime = await cheapPart();
    const windowsAt = () => runtime.getState().cells['windows']!.output as WindowsOutput;
    const cohortAt = () => runtime.getState().cells['cohort']!.output as CohortInclusionOutput;
    const presentDays = (w: WindowsOutput) => Math.max(...w.classification.map((s) => s.present_day));
    const before = { persistent: cohortAt().cohort.ids.persistent.length, maxPresent: presentDays(windowsAt()) };
    expect(before.maxPresent).toBeLessThanOrEqual(30);
    await runtime.editParams('cohort', { earlyDays: 20 });
    const cohort = cohortAt();
    expect(cohort.cohort.params.earlyDays).toBe(20);
    expect(runtime.getState().cells['windows']!.status).toBe('fresh');
    expect(presentDays(windowsAt())).toBeLessThanOrEqual(20);
    expect(cohort.cohort.ids.persistent.length).not.toBe(before.persistent);
    // Every persistent patient's windows are flagged persistent, and no other patient's.
    const persistent = new Set(cohort.cohort.ids.persistent);
    for (const s of windowsAt().classification) expect(s.persistent).toBe(persistent.has(s.patient_id) ? 1 : 0);
    // The windowing step has no day-window parameters of its own to disagree with.
    expect(Object.keys(registry.get('windowing').params.parse({}) as object)).not.toContain('earlyDays');
  });

  it('refuses, when it is built, a notebook whose input is fed by a kind the cell does not accept', () => {
    const nb = findNotebook('han-2026')!;
    const wired = parseNotebook({ ...nb, cells: nb.cells.map((c) => (c.id === 'grid' ? { ...c, inputs: { split: 'windows' } } : c)) });
    expect(() => new NotebookRuntime({ notebook: wired, registry, source })).toThrow(/Cell "grid" input "split" is fed by "windows", a windowing cell; it accepts svm-split/);
    const missing = parseNotebook({ ...nb, cells: nb.cells.map((c) => (c.id === 'lstm-all-m1' ? { ...c, inputs: { windows: 'windows' } } : c)) });
    expect(() => new NotebookRuntime({ notebook: missing, registry, source })).toThrow(/Cell "lstm-all-m1" \(lstm-regression\) needs input "split"/);
  });
});
