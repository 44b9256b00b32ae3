/**
 * Writes tests/fixtures/reference/baselines_inputs.csv, the input of baselines_reference.R: a
 * small clustered dataset drawn by our seeded RNG (no Python, no R), shaped like one subset of
 * the SVM split: patients with 1–4 windows each, a patient-level split, five standardized
 * features (x4 binary, `grade` the present House–Brackmann grade with half grades), the outcome
 * y (recovered) from a logistic model with a patient effect, and `svm`, a probability of
 * recovery correlated with the truth, standing in for the SVM's Platt probability. `y_sep` is an
 * outcome the features separate completely on the training rows (x1 + x2 / 2 > 0), for the
 * separation check and the ridge fallback.
 *
 *   npx tsx scripts/reference/make-baselines-inputs.ts
 *
 * tests/unit/cells/baseline-models-r.test.ts regenerates it and fails when it differs from the
 * committed file.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createRng } from '../../lib/stats/random';
import { fitStandardizer } from '../../lib/stats/standardize';

export const BASELINE_FIXTURE_FEATURES = ['x1', 'x2', 'x3', 'x4', 'grade'] as const;

export function baselineFixtureCsv(): string {
  const rng = createRng(20260524);
  const patients = 110;
  const rows: { patient: string; part: 'train' | 'test'; raw: number[]; truth: number }[] = [];
  for (let p = 0; p < patients; p++) {
    const part = p < 75 ? 'train' : 'test';
    const effect = rng.normal(0, 0.7);
    const windows = 1 + rng.int(4);
    const baseGrade = 2 + rng.int(5);
    for (let w = 0; w < windows; w++) {
      const grade = Math.min(6, Math.max(1, baseGrade - (w > 0 && rng.bernoulli(0.4) ? 1 : 0) + (rng.bernoulli(0.15) ? 0.5 : 0)));
      const x1 = rng.normal(), x2 = rng.normal(0.5, 2), x3 = rng.normal(), x4 = rng.bernoulli(0.35) ? 1 : 0;
      const truth = 0.4 + 0.9 * x1 - 0.35 * x2 + 0.15 * x3 + 0.5 * x4 - 0.8 * (grade - 3.5) + effect;
      rows.push({ patient: `P${p + 1}`, part, raw: [x1, x2, x3, x4, grade], truth });
    }
  }
  const scaler = fitStandardizer(rows.filter((r) => r.part === 'train').map((r) => r.raw));
  const X = scaler.transform(rows.map((r) => r.raw));
  const sigmoid = (t: number) => 1 / (1 + Math.exp(-t));
  const lines = ['patient_id,part,x1,x2,x3,x4,grade_z,grade,y,y_sep,svm'];
  rows.forEach((r, i) => {
    const y = rng.bernoulli(sigmoid(r.truth)) ? 1 : 0;
    const ySep = r.raw[0]! + r.raw[1]! / 2 > 0 ? 1 : 0;
    const svm = sigmoid(0.7 * r.truth + rng.normal(0, 0.9));
    const z = Array.from(X[i]!);
    lines.push([r.patient, r.part, ...z.slice(0, 4), z[4], r.raw[4], y, ySep, svm].map(String).join(','));
  });
  return `${lines.join('\n')}\n`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  writeFileSync('tests/fixtures/reference/baselines_inputs.csv', baselineFixtureCsv());
  console.log('wrote tests/fixtures/reference/baselines_inputs.csv');
}
