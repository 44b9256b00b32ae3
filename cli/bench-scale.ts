/**
 * How cost grows with the cohort: the bundled cohort's size (400 patients) ×1, ×10, ×100,
 * simulated with the bundled cohort's seed by `npm run simulate`. Each stage runs in a child
 * process of its own, so its peak RSS (getrusage maxrss) is that stage's and nothing else's:
 *
 * - prepare: read + validate the CSV, cohort inclusion, Table 1, windowing and the 8:2 split
 *   (the notebook's own cells, through the runtime); writes the SVM and LSTM inputs for the
 *   next stages to a scratch folder (not timed);
 * - svm-fit: one RBF-SVM fit (libsvm wasm, C = 2.7, γ = 0.09: the paper's pick) on the
 *   all-subjects training part, raw features (no precomputed kernel: n² memory);
 * - lstm-epoch: the paper's LSTM (the default wasm engine, batch 128) on the all-subjects M1
 *   training sequences: the median of epochs 2..3 (epoch 1 warms up).
 *
 *   npx tsx cli/bench-scale.ts [--factors 1,10,100] [--no-write]
 *
 * Prints one JSON object and a Markdown table; writes the table into BENCHMARKS.md between
 * the bench-scale markers unless --no-write.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { join } from 'node:path';
import { parseFlags, runMain } from './args';

const USAGE = 'usage: npx tsx cli/bench-scale.ts [--factors 1,10,100] [--stage prepare|svm-fit|lstm-epoch --dir DIR] [--no-write]';
const BASE_PATIENTS = 400;
const SEED = 20260101;

function child(args: string[]): Record<string, unknown> {
  const r = spawnSync('npx', ['tsx', 'cli/bench-scale.ts', ...args], { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NODE_NO_WARNINGS: '1' } });
  if (r.status !== 0) throw new Error(`bench-scale ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

/** Peak resident set of this process so far, MiB (getrusage: kilobytes on Linux). */
const peakMiB = () => Math.round(process.resourceUsage().maxRSS / 1024);

async function stagePrepare(dir: string): Promise<Record<string, unknown>> {
  const [{ registry }, { applyProfile }, { runNotebook }, { findNotebook }, { splitTrainTest }, seq] = await Promise.all([
    import('../lib/cells'),
    import('../lib/notebook/notebook-schema'),
    import('../lib/notebook/run-notebook'),
    import('../notebooks'),
    import('../lib/stats/split'),
    import('../lib/ml/lstm/sequences'),
  ]);
  const bytes = readFileSync(join(dir, 'cohort.csv'));
  const source = { name: 'cohort.csv', sha256: createHash('sha256').update(bytes).digest('hex'), text: bytes.toString('utf8'), bytes: new Uint8Array(bytes) };
  const nb = applyProfile(findNotebook('han-2026')!, 'paper');
  const upTo = nb.cells.findIndex((c) => c.id === 'split');
  const t0 = performance.now();
  const state = await runNotebook({ notebook: { ...nb, cells: nb.cells.slice(0, upTo + 1) }, registry, source, env: { host: 'node' } });
  const seconds = (performance.now() - t0) / 1000;
  for (const [id, c] of Object.entries(state.cells)) if (c.status !== 'fresh') throw new Error(`${id}: ${c.status} ${c.error ?? ''}`);
  const peak = peakMiB();
  // Inputs of the next stages (untimed).
  const split = state.cells.split!.output as Record<'all' | 'persistent', { X: number[][]; y: number[]; train: number[] }>;
  const svm = { X: split.all.train.map((i) => split.all.X[i]!), y: split.all.train.map((i) => split.all.y[i]!) };
  writeFileSync(join(dir, 'svm.json'), JSON.stringify(svm));
  // The persistent subset's training part too, for the grid benchmark of both subsets (cli/bench-grid-large.ts).
  const p = split.persistent;
  writeFileSync(join(dir, 'svm-persistent.json'), JSON.stringify({ X: p.train.map((i) => p.X[i]!), y: p.train.map((i) => p.y[i]!) }));
  const windows = state.cells.windows!.output as { regression: Parameters<typeof seq.fitSequenceScaler>[0] & { patient_id: string }[]; classification: unknown[] };
  const rows = windows.regression as unknown as (Parameters<typeof seq.buildSequences>[0][number] & { patient_id: string })[];
  const s = splitTrainTest(rows.map((r) => r.patient_id), { mode: 'samples', testFraction: 0.2, seed: 42 });
  const train = s.train.map((i) => rows[i]!);
  const sequences = seq.buildSequences(train, { layout: 'sequence+static', staticFeatures: seq.MODEL_FEATURES.M1, scaler: seq.fitSequenceScaler(train) });
  writeFileSync(join(dir, 'lstm-x.f32'), Buffer.from(sequences.x.buffer));
  writeFileSync(join(dir, 'lstm.json'), JSON.stringify({ n: sequences.n, steps: sequences.steps, channels: sequences.channels, y: Array.from(sequences.y) }));
  const cohort = state.cells.cohort!.output as { cohort: { ids: { development: string[] } } };
  return {
    seconds,
    peakMiB: peak,
    visits: source.text.split('\n').length - 2,
    patientsIncluded: cohort.cohort.ids.development.length,
    classificationWindows: windows.classification.length,
    svmTrainRows: svm.X.length,
    regressionSamples: rows.length,
    lstmTrainRows: sequences.n,
  };
}

async function stageSvm(dir: string): Promise<Record<string, unknown>> {
  const [{ loadLibsvm }, { createLibsvmEngine }] = await Promise.all([import('../lib/ml/svm/load-libsvm'), import('../lib/ml/svm/libsvm-engine')]);
  const { X, y } = JSON.parse(readFileSync(join(dir, 'svm.json'), 'utf8')) as { X: number[][]; y: number[] };
  const engine = createLibsvmEngine(await loadLibsvm({ wasmBinary: readFileSync(createRequire(import.meta.url).resolve('libsvm-js/out/wasm/libsvm.wasm')) }));
  const before = peakMiB();
  const t0 = performance.now();
  const model = engine.fit(X, y, { C: 2.7, gamma: 0.09 });
  const seconds = (performance.now() - t0) / 1000;
  const supportVectors = model.rbf().supportVectors.length;
  model.free();
  return { seconds, peakMiB: peakMiB(), peakBeforeFitMiB: before, rows: X.length, supportVectors };
}

async function stageLstm(dir: string): Promise<Record<string, unknown>> {
  const [{ setupTfBackend }, { buildLstmModel }, { trainLstm }, { LSTM_PAPER_DEFAULTS }, { createRng }] = await Promise.all([
    import('./tf-backend'),
    import('../lib/ml/lstm/model'),
    import('../lib/ml/lstm/train'),
    import('../lib/ml/lstm/params'),
    import('../lib/stats/random'),
  ]);
  await setupTfBackend('wasm', { quiet: true });
  const meta = JSON.parse(readFileSync(join(dir, 'lstm.json'), 'utf8')) as { n: number; steps: number; channels: string[]; y: number[] };
  const raw = readFileSync(join(dir, 'lstm-x.f32'));
  const x = new Float32Array(raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength));
  const data = { x, y: Float32Array.from(meta.y), n: meta.n, steps: meta.steps, channels: meta.channels };
  const rng = createRng(42);
  const model = buildLstmModel({ steps: meta.steps, channels: meta.channels.length, units: LSTM_PAPER_DEFAULTS.units, dropout: 0.2, engine: LSTM_PAPER_DEFAULTS.engine }, rng.fork('model'));
  const params = { ...LSTM_PAPER_DEFAULTS, maxEpochs: 3, earlyStoppingPatience: 1e9 };
  const times: number[] = [];
  let last = performance.now();
  for await (const _ of trainLstm(model, data, { params, rng: rng.fork('train'), yieldEveryMs: 1e9 })) {
    const now = performance.now();
    times.push((now - last) / 1000);
    last = now;
  }
  model.dispose();
  const steady = times.slice(1).sort((a, b) => a - b);
  return { seconds: steady[Math.floor(steady.length / 2)]!, firstEpochSeconds: times[0], peakMiB: peakMiB(), rows: meta.n };
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), { factors: { type: 'string', default: '1,10,100' }, stage: { type: 'string' }, dir: { type: 'string' }, 'no-write': { type: 'boolean' } });
  if (flags.stage) {
    const dir = flags.dir!;
    const out = flags.stage === 'prepare' ? await stagePrepare(dir) : flags.stage === 'svm-fit' ? await stageSvm(dir) : await stageLstm(dir);
    process.stdout.write(`${JSON.stringify(out)}\n`);
    return 0;
  }
  const factors = flags.factors.split(',').map(Number);
  const results: Record<string, unknown>[] = [];
  for (const factor of factors) {
    const dir = join(os.tmpdir(), `palsy-scale-${factor}`);
    mkdirSync(dir, { recursive: true });
    const patients = BASE_PATIENTS * factor;
    const sim = spawnSync('npx', ['tsx', 'cli/simulate.ts', '--seed', String(SEED), '--patients', String(patients), '--out', join(dir, 'cohort.csv')], { encoding: 'utf8' });
    if (sim.status !== 0) throw new Error(`simulate failed: ${sim.stderr}`);
    process.stderr.write(`bench-scale: ×${factor} (${patients} patients)\n`);
    const prepare = child(['--stage', 'prepare', '--dir', dir]);
    const svm = child(['--stage', 'svm-fit', '--dir', dir]);
    const lstm = child(['--stage', 'lstm-epoch', '--dir', dir]);
    results.push({ factor, patients, prepare, svm, lstm });
  }
  const s = (x: unknown) => `${Number(x).toFixed(Number(x) < 10 ? 2 : 1)} s`;
  const n = (x: unknown) => Number(x).toLocaleString('en-US');
  const table = [
    `Run of \`npx tsx cli/bench-scale.ts\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.versions.node}; one child process per stage (peak RSS = that process's maxrss, including Node and the libraries: ~50–100 MiB at rest). Load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}.`,
    '',
    '| cohort | visits | SVM train rows | LSTM train rows | prepare: time / peak RSS | SVM fit: time / peak RSS (support vectors) | LSTM epoch: time / peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...results.map((r) => {
      const p = r.prepare as Record<string, unknown>, v = r.svm as Record<string, unknown>, l = r.lstm as Record<string, unknown>;
      return `| ×${r.factor} (${n(r.patients)} patients) | ${n(p.visits)} | ${n(v.rows)} | ${n(l.rows)} | ${s(p.seconds)} / ${p.peakMiB} MiB | ${s(v.seconds)} / ${v.peakMiB} MiB (${n(v.supportVectors)}) | ${s(l.seconds)} / ${l.peakMiB} MiB |`;
    }),
  ].join('\n');
  process.stdout.write(`${JSON.stringify(results)}\n\n${table}\n`);
  if (!flags['no-write']) {
    const file = 'BENCHMARKS.md';
    const text = readFileSync(file, 'utf8');
    const block = `<!-- bench-scale:start -->\n${table}\n<!-- bench-scale:end -->`;
    const re = /<!-- bench-scale:start -->[\s\S]*?<!-- bench-scale:end -->/;
    writeFileSync(file, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`);
  }
  return 0;
}

void runMain(USAGE, main);
