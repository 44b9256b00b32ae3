import * as tf from '@tensorflow/tfjs';
import type { Patient } from '@/lib/data/types';
import { windowingCellParamsSchema, type WindowsOutput } from '@/lib/cells/windowing';
import { createRng } from '@/lib/stats/random';
import { lastWindows, windowPatients, windowingParamsSchema } from '@/lib/windows/windowing';

/** Deterministic synthetic patients: 2–4 early visits improving from a random start, 1–3 late visits. */
export function syntheticPatients(count: number, seed: number): Patient[] {
  const rng = createRng(seed).fork('lstm-fixture');
  return Array.from({ length: count }, (_, p): Patient => {
    const start = 2 + rng.int(5);
    const speed = rng.between(0.02, 0.15);
    const grade = (day: number) => Math.max(1, Math.min(6, Math.round((start - speed * day + rng.normal(0, 0.3)) * 2) / 2));
    const early = [...new Set(Array.from({ length: 2 + rng.int(3) }, () => rng.int(31)))].sort((a, b) => a - b);
    if (early.length < 2) early.push(early[0]! === 30 ? 29 : 30);
    early.sort((a, b) => a - b);
    const late = [...new Set(Array.from({ length: 1 + rng.int(3) }, () => 31 + rng.int(270)))].sort((a, b) => a - b);
    const days = [...early, ...late];
    return {
      patientId: `S${String(p).padStart(3, '0')}`,
      sex: rng.bernoulli(0.5) ? ('M' as const) : ('F' as const),
      age: 15 + rng.int(70),
      diabetes: rng.bernoulli(0.2),
      hypertension: rng.bernoulli(0.3),
      onsetDate: '2020-01-01',
      delayedTreatment: rng.bernoulli(0.25),
      visits: days.map((day, i) => ({ row: i + 2, date: `d${day}`, day, grade: grade(day), gradeText: '' })),
    };
  });
}

/** A windowing output (development + temporal validation) like the windowing cell's. */
export function syntheticWindows(patients: number, validationPatients: number, seed: number): WindowsOutput {
  const params = windowingParamsSchema.parse({});
  const all = syntheticPatients(patients + validationPatients, seed);
  const dev = windowPatients(all.slice(0, patients), params);
  const val = windowPatients(all.slice(patients), params);
  const persistent = new Set(
    all.filter((p) => !p.visits.some((v) => v.day <= 30 && v.grade !== null && v.grade <= 2)).map((p) => p.patientId),
  );
  const flag = <T extends { patient_id: string }>(s: T) => ({ ...s, persistent: persistent.has(s.patient_id) ? 1 : 0 });
  const last = new Map(lastWindows(val.classification).map((w) => [w.patient_id, w.window]));
  return {
    classification: dev.classification.map(flag),
    regression: dev.regression.map(flag),
    validation: val.regression.filter((s) => last.get(s.patient_id) === s.window).map(flag),
    validationClassification: val.classification.map(flag),
    params: windowingCellParamsSchema.parse({}),
    skipped: [...dev.skipped, ...val.skipped],
  };
}

let backendReady: Promise<void> | null = null;
/** Tests run on tfjs's pure-JS cpu backend: deterministic, no setup. */
export function useCpuBackend(): Promise<void> {
  backendReady ??= (async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  })();
  return backendReady;
}
