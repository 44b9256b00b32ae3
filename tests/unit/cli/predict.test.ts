import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { simulateCohort, toCsv } from '@/lib/sim';
import { parsePrognosisModel, predictHistory, historyAt, type PrognosisModel } from '@/lib/prognosis';
import type { PrognosisOutput } from '@/lib/cells/prognosis-model';
import { whatIfPatient, whatIfParamsSchema } from '@/lib/cells/what-if-patient';
import { createRng } from '@/lib/stats/random';

const cli = (script: string, args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { encoding: 'utf8', env: { ...process.env, NODE_NO_WARNINGS: '1' } });
const readCsv = (path: string) => {
  const [head, ...lines] = readFileSync(path, 'utf8').trim().split('\n');
  const cols = head!.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i]!, v])));
};

let modelPath = '';
let model: PrognosisModel;
let cliRun: { patients: ReturnType<typeof simulateCohort>['patients']; predictions: Record<string, string>[]; course: Record<string, string>[] };

async function finish<T>(gen: AsyncGenerator<unknown, T, void>): Promise<T> {
  for (;;) {
    const step = await gen.next();
    if (step.done) return step.value;
  }
}

describe('npm run reproduce (teaching) writes the model file; npm run predict applies it', () => {
  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'teaching-'));
    const r = cli('cli/reproduce.ts', ['--notebook', 'teaching', '--until', 'prognosis', '--set', 'prognosis.bootstrapResamples=40', '--out', out, '--quiet']);
    expect(r.status, r.stderr).toBe(0);
    modelPath = join(out, 'models', 'prognosis.json');
    model = parsePrognosisModel(JSON.parse(readFileSync(modelPath, 'utf8')));
  }, 120_000);

  it('the model file names its schema, horizon, features, landmark rule, data hash and parameters', () => {
    expect(model.horizonDay).toBe(180);
    expect(model.features.map((f) => f.name)).toContain('present_grade');
    expect(model.landmarkRule).toMatch(/day 30/);
    expect(model.development.dataSha256).toMatch(/^[0-9a-f]{64}$/);
    expect(model.parameters).toMatchObject({ horizonDay: 180, bootstrapResamples: 40 });
    expect(model.bootstrap.sets.length + model.bootstrap.failed).toBe(40);
  });

  it('predicts fresh simulated patients: the CLI numbers are the library’s (what the page calls)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'predict-'));
    const { patients } = simulateCohort({}, 8080, 60);
    writeFileSync(join(dir, 'visits.csv'), toCsv(patients));
    const r = cli('cli/predict.ts', ['--model', modelPath, '--data', join(dir, 'visits.csv'), '--out', dir]);
    expect(r.status, r.stderr).toBe(0);
    const predictions = readCsv(join(dir, 'predictions.csv'));
    const skipped = readCsv(join(dir, 'not-predicted.csv'));
    expect(Object.keys(predictions[0]!)).toEqual(['patient_id', 'landmark_day', 'horizon_day', 'p_recovered', 'p_low', 'p_high']);
    expect(predictions.length + skipped.length).toBe(60);
    expect(predictions.length).toBeGreaterThan(10);
    for (const row of predictions) {
      const patient = patients.find((p) => p.patientId === row.patient_id)!;
      const expected = predictHistory(model, historyAt(patient, 30)!);
      expect(Number(row.p_recovered)).toBeCloseTo(expected.chance, 4);
      expect(Number(row.p_low)).toBeLessThanOrEqual(Number(row.p_recovered));
      expect(Number(row.p_high)).toBeGreaterThanOrEqual(Number(row.p_recovered));
      expect(Number(row.horizon_day)).toBe(180);
    }
    const course = readCsv(join(dir, 'course.csv'));
    expect(Object.keys(course[0]!)).toEqual(['patient_id', 'day', 'predicted_grade', 'band_low', 'band_high']);
    expect(Math.max(...course.map((c) => Number(c.day)))).toBe(180);
    cliRun = { patients, predictions, course };
  }, 60_000);

  it('the page’s what-if cell, given a patient’s age, sex, history, steroid day and visits, shows the CLI’s numbers for that patient', async () => {
    // Every predicted patient whose history fits the what-if's inputs (at most four visits by day 30).
    const rows = cliRun.predictions.filter((row) => historyAt(cliRun.patients.find((p) => p.patientId === row.patient_id)!, 30)!.visits.length <= 4);
    expect(rows.length).toBeGreaterThan(5);
    // The what-if reads only the model and the validation's base rate and band coverage.
    const prognosis = { model, validation: { baseRate: 0.5, knownStatus: 1, bandCoverage: { level: 0.8, groups: [] } } } as unknown as PrognosisOutput;
    for (const row of rows) {
      const h = historyAt(cliRun.patients.find((p) => p.patientId === row.patient_id)!, 30)!;
      const params = whatIfParamsSchema.parse({ age: h.age, sex: h.male ? 'M' : 'F', diabetes: h.diabetes, hypertension: h.hypertension, treatmentDay: h.steroidDay, visits: h.visits });
      const out = await finish(whatIfPatient.run({ prognosis }, params, { rng: createRng(1), seed: 1, signal: new AbortController().signal, env: {} }));
      expect(out.result.kind).toBe('predicted');
      if (out.result.kind !== 'predicted') continue;
      const p = out.result.prediction;
      expect(p.chance).toBeCloseTo(Number(row.p_recovered), 4);
      expect(p.low).toBeCloseTo(Number(row.p_low), 4);
      expect(p.high).toBeCloseTo(Number(row.p_high), 4);
      expect(p.landmarkDay).toBe(Number(row.landmark_day));
      const course = cliRun.course.filter((c) => c.patient_id === row.patient_id);
      expect(p.course.map((c) => [c.day, c.grade, c.low, c.high])).toEqual(course.map((c) => [Number(c.day), Number(c.predicted_grade), Number(c.band_low), Number(c.band_high)]));
    }
  }, 60_000);

  it.each([
    ['{"schema":"something-else"}', /not a model file \(schema is "something-else"/],
    ['{"schema":"facial-palsy-workbench/prognosis-model","version":99}', /version 99 is not supported/],
    ['not json', /--model/],
  ])('refuses a bad model file with a message: %s', (content, message) => {
    const dir = mkdtempSync(join(tmpdir(), 'predict-bad-'));
    writeFileSync(join(dir, 'm.json'), content);
    const r = cli('cli/predict.ts', ['--model', join(dir, 'm.json'), '--data', 'data/synthetic-cohort.csv', '--out', dir]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
  }, 60_000);
});
