/**
 * `npm run bench [-- --quick]`: our pipeline steps and their reference implementations
 * (scikit-learn, PyTorch; Debian's packages through /usr/bin/python3) in the same run,
 * interleaved round by round so that machine load hits both alike. Reports min / median / max
 * and the ratio of medians per pair, and writes the table into BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseFlags, runMain } from './args';
import { missingPythonReferences } from './bench-python';
import { isComputeCell, isVariantCopy } from '../lib/notebook/notebook-schema';
import { findNotebook } from '../notebooks';
import { toolVersions } from './versions';

const USAGE = `usage: npm run bench [-- --quick] [--rounds N] [--whole | --no-whole] [--honest] [--no-scale] [--no-write]

  --quick     smaller grid (8 x 8), fewer rounds and epochs, no whole-notebook runs: under 5 minutes
  --rounds    interleaved rounds per pair (default 3, quick 2)
  --whole     whole notebook in Node, in headless Chromium (next start on port 3200) and the
              Python reference pipeline (default on; with --quick it uses the quick profile)
  --honest    also the whole honest profile (paper grid, B = 200, five seeds per LSTM) by Run all
              in headless Chromium: opt-in, it takes ten minutes or more on 2 cores
  --no-scale  skip the ×1 / ×10 / ×100 cohort scaling run (full bench only)
  --no-write  print the tables only, leave BENCHMARKS.md alone

  Both also time the SVM grid on the ×10 cohort against scikit-learn's GridSearchCV, n_jobs = 2
  (cli/bench-grid-large.ts): the paper's 15 × 15 grid of both subsets (about 6 minutes), or in
  the quick bench a 6 × 6 grid of the all-subjects part (about a minute).

  The full bench (not --quick) also times the honest profile's 200 whole-pipeline bootstrap
  replicates (its optimism step) in headless Chromium and in Node (cli/bench-browser.ts --cell
  optimism --profile honest --rounds 1).`;

const PYTHON = '/usr/bin/python3';

function runJson(cmd: string, args: string[]): Record<string, unknown> {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_NO_WARNINGS: '1', OMP_NUM_THREADS: process.env.OMP_NUM_THREADS ?? '' } });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}):\n${r.stderr.slice(-2000)}`);
  const text = r.stdout.trim();
  // Each script prints one JSON object last (possibly pretty-printed).
  const start = text.lastIndexOf('\n{') >= 0 && !text.startsWith('{') ? text.lastIndexOf('\n{') + 1 : text.indexOf('{');
  return JSON.parse(text.slice(start)) as Record<string, unknown>;
}

const tsx = (script: string, args: string[]) => runJson('npx', ['tsx', script, ...args]);
const get = (o: Record<string, unknown>, path: string): number => {
  const v = path.split('.').reduce<unknown>((acc, k) => (acc as Record<string, unknown>)?.[k], o);
  if (typeof v !== 'number') throw new Error(`benchmark output has no number at ${path}`);
  return v;
};

interface Series {
  label: string;
  unit: 's' | 'ms';
  values: number[];
}

const stats = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return { min: s[0]!, median: s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2, max: s[s.length - 1]! };
};
const fmt = (x: number, unit: string) => (unit === 's' ? `${x.toFixed(2)} s` : `${Math.round(x)} ms`);

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    quick: { type: 'boolean' },
    rounds: { type: 'string' },
    whole: { type: 'boolean' },
    'no-whole': { type: 'boolean' },
    honest: { type: 'boolean' },
    'no-scale': { type: 'boolean' },
    'no-write': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const lacking = missingPythonReferences();
  if (lacking) {
    process.stderr.write(
      `bench: the reference implementations need Python modules that ${PYTHON} cannot import: ${lacking.missing.join(', ')}.\n` +
        `Install them with:\n\n  ${lacking.command}\n\nthen run the bench again.\n`,
    );
    return 1;
  }
  const quick = Boolean(flags.quick);
  const rounds = Number(flags.rounds ?? (quick ? 2 : 3));
  const grid = quick ? '8' : '12';
  const epochs = quick ? '4' : '8';
  const series: Record<string, Series> = {
    oursGrid: { label: `SVM grid ${grid}×${grid}, 5-fold — ours (shared kernel, libsvm's solver in WebAssembly, warm starts along C; 1 thread)`, unit: 's', values: [] },
    oursGridLibsvm: { label: 'SVM grid — ours with libsvm-js fitting each (C, fold) itself (precomputed kernel, 1 thread; the path before issue 29)', unit: 's', values: [] },
    oursGrid2: { label: 'SVM grid — ours (shared kernel), γ slices over 2 worker_threads (as the browser pool)', unit: 's', values: [] },
    skGrid1: { label: 'SVM grid — scikit-learn, n_jobs = 1', unit: 's', values: [] },
    skGrid2: { label: 'SVM grid — scikit-learn, n_jobs = 2', unit: 's', values: [] },
    oursImp: { label: 'Permutation importance, 100 permutations per feature, 691 rows — ours (factorized RBF)', unit: 's', values: [] },
    skImp: { label: 'Permutation importance — scikit-learn', unit: 's', values: [] },
    oursLstm: { label: 'LSTM epoch, 1,000 rows, batch 128 — ours (tfjs wasm, layers)', unit: 'ms', values: [] },
    oursLstmFused: { label: 'LSTM epoch — ours (tfjs wasm, fused engine)', unit: 'ms', values: [] },
    oursLstmWasm: { label: 'LSTM epoch — ours (wasm engine: one WebAssembly SIMD kernel, the default)', unit: 'ms', values: [] },
    torch: { label: 'LSTM epoch — PyTorch CPU, 1 thread', unit: 'ms', values: [] },
  };
  for (let round = 1; round <= rounds; round++) {
    process.stderr.write(`bench: round ${round} of ${rounds}\n`);
    const ours = tsx('cli/bench-svm.ts', ['--grid', grid, '--repeats', '1', '--skip-naive', '--threads', '2']);
    series.oursGrid!.values.push(get(ours, 'grid.sharedSeconds'));
    series.oursGridLibsvm!.values.push(get(ours, 'grid.precomputedSeconds'));
    if ((ours.grid as { identicalCells: boolean }).identicalCells !== true) throw new Error('bench: cold starts on the shared kernel gave other cells than libsvm-js');
    series.oursGrid2!.values.push(get(ours, 'grid.threaded.seconds'));
    if ((ours.grid as { threaded: { identicalCells: boolean } }).threaded.identicalCells !== true) throw new Error('bench: the threaded grid gave other cells than one thread');
    series.oursImp!.values.push(get(ours, 'importance.factorizedSeconds'));
    const sk = runJson(PYTHON, ['scripts/reference/bench_sklearn.py', '--grid', grid, '--repeats', '1']);
    series.skGrid1!.values.push(get(sk, 'grid.nJobs1Seconds'));
    series.skGrid2!.values.push(get(sk, 'grid.nJobs2Seconds'));
    series.skImp!.values.push(get(sk, 'importance.nJobs1Seconds'));
    series.oursLstm!.values.push(get(tsx('cli/bench-lstm.ts', ['--backend', 'wasm', '--engine', 'layers', '--rows', '1000', '--epochs', epochs]), 'medianEpochMs'));
    series.oursLstmFused!.values.push(get(tsx('cli/bench-lstm.ts', ['--backend', 'wasm', '--engine', 'fused', '--rows', '1000', '--epochs', epochs]), 'medianEpochMs'));
    series.oursLstmWasm!.values.push(get(tsx('cli/bench-lstm.ts', ['--backend', 'wasm', '--engine', 'wasm', '--rows', '1000', '--epochs', String(Number(epochs) * 2)]), 'medianEpochMs'));
    series.torch!.values.push(get(runJson(PYTHON, ['scripts/reference/torch_lstm.py', '--rows', '1000', '--batch', '128', '--epochs', String(Number(epochs) + 2), '--threads', '1']), 'medianEpochMs'));
  }

  const pairs: [string, string, string][] = [
    ['oursGrid', 'skGrid1', 'grid vs sklearn n_jobs = 1'],
    ['oursGrid', 'skGrid2', 'grid vs sklearn n_jobs = 2'],
    ['oursGridLibsvm', 'skGrid1', 'grid with libsvm-js fitting each (C, fold) vs sklearn n_jobs = 1'],
    ['oursGrid2', 'skGrid2', 'grid on 2 threads vs sklearn n_jobs = 2'],
    ['oursImp', 'skImp', 'importance vs sklearn'],
    ['oursLstm', 'torch', 'LSTM epoch (layers) vs PyTorch'],
    ['oursLstmFused', 'torch', 'LSTM epoch (fused) vs PyTorch'],
    ['oursLstmWasm', 'torch', 'LSTM epoch (wasm) vs PyTorch'],
  ];
  const rows = Object.values(series).map((s) => {
    const st = stats(s.values);
    return `| ${s.label} | ${fmt(st.min, s.unit)} | ${fmt(st.median, s.unit)} | ${fmt(st.max, s.unit)} |`;
  });
  const ratios = pairs.map(([a, b, label]) => `| ${label} | ${(stats(series[a]!.values).median / stats(series[b]!.values).median).toFixed(2)} |`);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  const v = toolVersions();
  const py = spawnSync(PYTHON, ['-c', 'import sklearn, torch, numpy; print(sklearn.__version__, torch.__version__, numpy.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
  const table = [
    `Run of \`npm run bench${quick ? ' -- --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)}: ${os.cpus().length} × ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.type()} ${os.release()};`,
    `Node ${process.versions.node}, tfjs ${v['@tensorflow/tfjs']}, libsvm-js ${v['libsvm-js']}; scikit-learn ${py[0]}, PyTorch ${py[1]}, numpy ${py[2]}. ${rounds} interleaved rounds, load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}.`,
    '',
    '| step | min | median | max |',
    '| --- | ---: | ---: | ---: |',
    ...rows,
    '',
    '| ratio of medians (ours / reference) | ratio |',
    '| --- | ---: |',
    ...ratios,
  ].join('\n');
  process.stdout.write(`${table}\n`);
  if (!flags['no-write']) {
    const file = 'BENCHMARKS.md';
    const text = readFileSync(file, 'utf8');
    const marker = quick ? 'bench-quick' : 'bench-full';
    const block = `<!-- ${marker}:start -->\n${table}\n<!-- ${marker}:end -->`;
    const re = new RegExp(`<!-- ${marker}:start -->[\\s\\S]*?<!-- ${marker}:end -->`);
    writeFileSync(file, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`);
    process.stderr.write(`bench: wrote the table into ${file}\n`);
  }

  // The paper grid on the ×10 cohort against GridSearchCV (issue 29): a 6 × 6 grid of the
  // all-subjects part in the quick bench, the paper's 15 × 15 of both subsets in the full one.
  const largeTable = largeGrid(quick);
  process.stdout.write(`\n${largeTable}\n`);
  if (!flags['no-write']) writeBlock(quick ? 'bench-grid-x10-quick' : 'bench-grid-x10', largeTable);

  // Cheap cells re-run through the worker pool (Node stand-ins), inputs kept in the workers or
  // posted each run: the page's side of a what-if edit, without rendering (cli/bench-what-if.ts).
  const whatIfTable = whatIfInNode(quick ? 20 : 40);
  process.stdout.write(`\n${whatIfTable}\n`);
  if (!flags['no-write']) writeBlock(quick ? 'bench-what-if-quick' : 'bench-what-if', whatIfTable);

  const whole = quick ? Boolean(flags.whole) : !flags['no-whole'];
  if (whole) {
    const wholeTable = wholeNotebook(quick ? 'quick' : 'paper');
    process.stdout.write(`\n${wholeTable}\n`);
    if (!flags['no-write']) writeBlock(quick ? 'bench-whole-quick' : 'bench-whole', wholeTable);
  }
  // The Chromium runs below build the page once, unless the whole-notebook run above did.
  let built = whole;
  if (!quick) {
    const bootstrapTable = bootstrapReplicates(built);
    built = true;
    process.stdout.write(`\n${bootstrapTable}\n`);
    if (!flags['no-write']) writeBlock('bench-bootstrap', bootstrapTable);
  }
  if (flags.honest) {
    const honestTable = honestRunAll(built);
    built = true;
    process.stdout.write(`\n${honestTable}\n`);
    if (!flags['no-write']) writeBlock('bench-honest', honestTable);
  }
  if (!quick && !flags['no-scale']) {
    process.stderr.write('bench: cohort scaling (cli/bench-scale.ts)\n');
    const r = spawnSync('npx', ['tsx', 'cli/bench-scale.ts', ...(flags['no-write'] ? ['--no-write'] : [])], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error('bench-scale failed');
    process.stdout.write(`\n${r.stdout.slice(r.stdout.indexOf('\n\n') + 2)}`);
  }
  return 0;
}

/**
 * The SVM grid on the ×10 cohort (4,000 simulated patients, the bench-scale seed), ours (shared
 * kernel, γ slices on 2 worker_threads) against scikit-learn's GridSearchCV (n_jobs = 2) on the
 * same rows and folds, one interleaved round (cli/bench-grid-large.ts).
 */
function largeGrid(quick: boolean): string {
  const dir = join(os.tmpdir(), 'palsy-scale-10');
  mkdirSync(dir, { recursive: true });
  process.stderr.write('bench: the ×10 cohort for the large grid (simulate, prepare)\n');
  const sim = spawnSync('npx', ['tsx', 'cli/simulate.ts', '--seed', '20260101', '--patients', '4000', '--out', join(dir, 'cohort.csv')], { encoding: 'utf8' });
  if (sim.status !== 0) throw new Error(`simulate failed: ${sim.stderr}`);
  tsx('cli/bench-scale.ts', ['--stage', 'prepare', '--dir', dir]);
  process.stderr.write(`bench: ×10 grid, ours vs GridSearchCV (cli/bench-grid-large.ts${quick ? ' --grid-size 6 --subsets all' : ''})\n`);
  type Pick = { C: number; gamma: number };
  const r = tsx('cli/bench-grid-large.ts', ['--dir', dir, '--rounds', '1', '--threads', '2', '--modes', 'shared,sklearn', ...(quick ? ['--grid-size', '6', '--subsets', 'all'] : [])]) as unknown as {
    rows: number[];
    grid: string;
    seconds: { shared: number[]; sklearn: number[] };
    ratios: { shared: number };
    shared: { subset: string; best: Pick; samePick: boolean; foldsDiffering: number }[];
    loadAverage: number[];
  };
  const picks = r.shared.map((s) => `${s.subset} (${r.rows[r.shared.indexOf(s)]!.toLocaleString('en-US')} rows): C ${s.best.C}, γ ${s.best.gamma}, ${s.samePick ? 'the same pick as scikit-learn' : '**another pick than scikit-learn**'}, ${s.foldsDiffering} fold accuracies of ${r.grid.split(' × ').reduce((a, b) => a * Number(b), 5)} differ (warm starts)`).join('; ');
  return [
    `SVM grid on the ×10 cohort (${r.grid} with the paper's picks, 5-fold, ${r.shared.map((s) => s.subset).join(' and ')}; ${new Date().toISOString().slice(0, 10)}, load average at the end ${r.loadAverage.map((x) => x.toFixed(1)).join(' / ')}; \`npx tsx cli/bench-grid-large.ts --modes shared,sklearn${quick ? ' --grid-size 6 --subsets all' : ''}\`):`,
    '',
    '| run | seconds |',
    '| --- | ---: |',
    `| ours: shared kernel, libsvm's solver in WebAssembly, warm starts along C; γ slices on 2 worker_threads | ${r.seconds.shared[0]!.toFixed(1)} |`,
    `| scikit-learn GridSearchCV, n_jobs = 2 | ${r.seconds.sklearn[0]!.toFixed(1)} |`,
    `| ratio | **${r.ratios.shared.toFixed(2)}** |`,
    '',
    `Picks: ${picks}.`,
  ].join('\n');
}

function whatIfInNode(runs: number): string {
  process.stderr.write('bench: cheap re-runs through the pool, inputs kept vs posted (cli/bench-what-if.ts)\n');
  type Summary = { p50: number; p95: number };
  const r = tsx('cli/bench-what-if.ts', ['--runs', String(runs)]) as unknown as { whatIf: { kept: Summary; posted: Summary }; cohortInclusion: { kept: Summary; posted: Summary }; loadAverage: number[] };
  const row = (label: string, c: { kept: Summary; posted: Summary }) => `| ${label} | ${c.kept.p50.toFixed(1)} / ${c.kept.p95.toFixed(1)} ms | ${c.posted.p50.toFixed(1)} / ${c.posted.p95.toFixed(1)} ms | ${(c.kept.p95 / c.posted.p95).toFixed(2)} |`;
  return [
    `Cheap re-runs through the worker pool in Node (3 stand-in workers on this thread, messages structured-cloned as in the browser; ${runs} runs each, interleaved; ${new Date().toISOString().slice(0, 10)}, load average at the end ${r.loadAverage.map((x) => x.toFixed(1)).join(' / ')}):`,
    '',
    '| cell (its input) | inputs kept in the worker, p50 / p95 | inputs posted every run, p50 / p95 | ratio of p95 |',
    '| --- | ---: | ---: | ---: |',
    row('what-if patient (the prognosis model)', r.whatIf),
    row('cohort inclusion (the loaded bundled cohort)', r.cohortInclusion),
  ].join('\n');
}

/**
 * The honest profile's `optimism` step (B = 200 patient bootstrap replicates, each refitting the
 * whole pipeline: scaler, a 5 × 5 grid search with its 5-fold CV, Platt's CV) in a fresh
 * Chromium page, after its inputs (grid, evaluation) ran, and in Node (`reproduce --until`).
 */
function bootstrapReplicates(built: boolean): string {
  process.stderr.write('bench: 200 whole-pipeline bootstrap replicates in Chromium and Node (cli/bench-browser.ts --cell optimism --profile honest)\n');
  const r = tsx('cli/bench-browser.ts', ['--cell', 'optimism', '--profile', 'honest', '--rounds', '1', '--port', '3200', ...(built ? ['--no-build'] : [])]) as unknown as {
    chromium: string;
    upstreamSeconds: number[];
    page: number[];
    pageRuntime: number[];
    node: number[];
    loadAverage: number[];
  };
  const f = (x: number) => `${x.toFixed(1)} s`;
  return [
    `200 whole-pipeline bootstrap replicates (the honest profile's \`optimism\` step: each replicate refits the scaler, a 5 × 5 grid search with its 5-fold CV and Platt's CV on a patient bootstrap sample), bundled cohort, ${new Date().toISOString().slice(0, 10)}, Chromium ${r.chromium} headless, load average at the end ${r.loadAverage.map((x) => x.toFixed(1)).join(' / ')} (\`npx tsx cli/bench-browser.ts --cell optimism --profile honest --rounds 1\`):`,
    '',
    '| run | optimism step |',
    '| --- | ---: |',
    `| headless Chromium, Run on the step → fresh (its inputs, grid and evaluation, run first: ${f(r.upstreamSeconds[0]!)}) | **${f(r.page[0]!)}** (the page's own record of the run: ${f(r.pageRuntime[0]!)}) |`,
    `| Node \`reproduce --profile honest --until optimism\` (the manifest's time for the step; one thread, no --threads) | ${f(r.node[0]!)} |`,
  ].join('\n');
}

/** The whole honest profile by Run all in headless Chromium (opt-in: --honest). */
function honestRunAll(built: boolean): string {
  process.stderr.write('bench: the whole honest profile in Chromium (cli/bench-browser.ts --profile honest)\n');
  const b = tsx('cli/bench-browser.ts', ['--profile', 'honest', '--port', '3200', '--timeout-min', '60', ...(built ? ['--no-build'] : [])]) as unknown as {
    seconds: number;
    chromium: string;
    hardwareConcurrency: number;
    cells: Record<string, { from: number; to: number }>;
    lstm: { maxConcurrent: number; secondsWith1: number; secondsWith2: number };
    longTasks: { duringRun: number; maxMs: number; over200ms: number; totalMs: number };
  };
  const spans = Object.entries(b.cells)
    .map(([id, c]) => ({ id, from: c.from, to: c.to, s: c.to - c.from }))
    .sort((x, y) => y.s - x.s)
    .slice(0, 12);
  return [
    `The whole \`honest\` profile (paper grid, B = 200 bootstrap replicates, five seeds per LSTM) by Run all in headless Chromium ${b.chromium} (hardwareConcurrency ${b.hardwareConcurrency}), bundled cohort, ${new Date().toISOString().slice(0, 10)}, load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')} (\`npx tsx cli/bench-browser.ts --profile honest\`): **${(b.seconds / 60).toFixed(1)} min** (${b.seconds.toFixed(1)} s) from the click to the last fresh step.`,
    '',
    'The longest steps (first and last time seen running, sampled every 100 ms, seconds after the click):',
    '',
    '| step | running from | to | span |',
    '| --- | ---: | ---: | ---: |',
    ...spans.map((c) => `| ${c.id} | ${c.from.toFixed(1)} | ${c.to.toFixed(1)} | ${c.s.toFixed(1)} s |`),
    '',
    `Main thread during Run all: ${b.longTasks.duringRun} long tasks (> 50 ms), ${b.longTasks.over200ms} over 200 ms, longest ${b.longTasks.maxMs} ms. LSTMs at once: at most ${b.lstm.maxConcurrent}; ${b.lstm.secondsWith2.toFixed(1)} s with two running, ${b.lstm.secondsWith1.toFixed(1)} s with one.`,
  ].join('\n');
}

function writeBlock(marker: string, table: string): void {
  const file = 'BENCHMARKS.md';
  const text = readFileSync(file, 'utf8');
  const block = `<!-- ${marker}:start -->\n${table}\n<!-- ${marker}:end -->`;
  const re = new RegExp(`<!-- ${marker}:start -->[\\s\\S]*?<!-- ${marker}:end -->`);
  writeFileSync(file, re.test(text) ? text.replace(re, block) : `${text.trimEnd()}\n\n${block}\n`);
}

/**
 * The whole notebook three ways, one after the other: Node (`reproduce --threads 2`: the steps on
 * 2 worker_threads, two at a time, fan-outs on idle threads), the Python reference pipeline on the windows that
 * run exported (sklearn n_jobs = 2, two LSTM processes, each LSTM for exactly the epochs ours
 * ran), and headless Chromium (Run all; the page's pool of hardwareConcurrency workers).
 * Compared: the heavy part (grid, importance, evaluation, six LSTMs, report), which is all the
 * Python pipeline does and all that Run all has left once the cheap cells ran at page load.
 */
/** The paper notebook's audit: the leakage-audit cell and the variant copies it compares. */
function auditCells(): Set<string> {
  const cells = findNotebook('han-2026')!.cells.filter(isComputeCell);
  return new Set(cells.filter((c) => isVariantCopy(c) || c.kind === 'leakage-audit').map((c) => c.id));
}

function wholeNotebook(profile: 'quick' | 'paper'): string {
  const out = `runs/bench-${profile}`;
  process.stderr.write(`bench: whole notebook (${profile}) in Node\n`);
  const node = spawnSync('npx', ['tsx', 'cli/reproduce.ts', '--notebook', 'han-2026', '--profile', profile, '--out', out, '--force', '--quiet', '--threads', '2'], { encoding: 'utf8', stdio: ['ignore', 'ignore', 'inherit'] });
  if (node.status !== 0) throw new Error('bench: reproduce failed');
  const manifest = JSON.parse(readFileSync(`${out}/manifest.json`, 'utf8')) as { cells: Record<string, { kind: string; ms: number }>; timings: { total_ms: number } };
  const heavyKinds = new Set(['svm-grid', 'permutation-importance', 'classification-eval', 'lstm-regression', 'lstm-report']);
  // What the Python pipeline does too: the paper's cells, not the audit (its variant copies rerun
  // the grid and an LSTM under other splits and features).
  const audit = auditCells();
  const paperCells = Object.entries(manifest.cells).filter(([id]) => !audit.has(id)).map(([, c]) => c);
  const sum = (kinds: (kind: string) => boolean) => paperCells.filter((c) => kinds(c.kind)).reduce((a, c) => a + c.ms, 0) / 1000;
  const nodeHeavy = sum((k) => heavyKinds.has(k));
  const nodeLstm = sum((k) => k === 'lstm-regression');
  const nodeGrid = sum((k) => k === 'svm-grid');
  const nodeAudit = Object.entries(manifest.cells).filter(([id]) => audit.has(id)).reduce((a, [, c]) => a + c.ms, 0) / 1000;

  process.stderr.write('bench: Python reference pipeline\n');
  const quickArgs = profile === 'quick' ? ['--grid-size', '4', '--repeats', '10', '--resamples', '200'] : [];
  const py = runJson(PYTHON, ['scripts/reference/paper_pipeline.py', '--tables', `${out}/tables`, '--jobs', '2', '--epochs-from', `${out}/manifest.json`, ...quickArgs]);
  const pySeconds = py.seconds as Record<string, number>;

  process.stderr.write('bench: headless Chromium (next build, next start on port 3200)\n');
  const browser = tsx('cli/bench-browser.ts', ['--profile', profile, '--port', '3200']);
  const b = browser as { seconds: number; hardwareConcurrency: number; chromium: string; lstm: { maxConcurrent: number; secondsWith1: number; secondsWith2: number }; longTasks: { duringRun: number; maxMs: number; over200ms: number; totalMs: number }; cells: Record<string, { from: number; to: number }> };
  const gridSpan = b.cells.grid ? b.cells.grid.to - b.cells.grid.from : NaN;
  const lstmIds = Object.keys(b.cells).filter((id) => id.startsWith('lstm-') && id !== 'lstm-report' && id !== 'lstm-split' && !audit.has(id));
  // The page's paper part: Run all until the last of the paper's heavy cells finished (the
  // audit's variants run beside them and after, and are left out as on the other rows).
  const paperHeavyIds = Object.keys(b.cells).filter((id) => !audit.has(id));
  const pagePaper = paperHeavyIds.length ? Math.max(...paperHeavyIds.map((id) => b.cells[id]!.to)) : NaN;
  const lstmSpan = lstmIds.length ? Math.max(...lstmIds.map((id) => b.cells[id]!.to)) - Math.min(...lstmIds.map((id) => b.cells[id]!.from)) : NaN;
  process.stderr.write('bench: what-if edits in Chromium, inputs kept vs posted (cli/bench-browser.ts --what-if)\n');
  type Edit = { p50: number; p95: number; max: number };
  const w = tsx('cli/bench-browser.ts', ['--what-if', '40', '--no-build', '--port', '3200']) as unknown as { kept: Edit; posted: Edit };
  process.stderr.write('bench: one LSTM in a fresh Chromium page vs Node, kernel file vs embedded bytes (cli/bench-browser.ts --cell)\n');
  const one = tsx('cli/bench-browser.ts', ['--cell', 'lstm-persistent-m2', '--rounds', '3', '--kernel-file', 'both', '--profile', profile, '--no-build', '--port', '3200']) as unknown as { kernel: Record<'file' | 'bytes', { ratio: number; pageRuntime: number[] }>; node: number[] };
  const secs = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(' / ');
  const f = (x: number) => `${x.toFixed(1)} s`;
  return [
    `Whole notebook, profile \`${profile}\`, ${new Date().toISOString().slice(0, 10)} (one run each, in this order; load average at the end ${os.loadavg().map((x) => x.toFixed(1)).join(' / ')}). Chromium ${b.chromium} headless, hardwareConcurrency ${b.hardwareConcurrency}.`,
    '',
    '| run | heavy part (grid → LSTM report) | SVM grid | six LSTMs |',
    '| --- | ---: | ---: | ---: |',
    `| Node \`reproduce --threads 2\`: the sum of the steps' times (steps run two at a time on 2 threads, so a step's time includes sharing the cores; whole run ${f(manifest.timings.total_ms / 1000)}) | ${f(nodeHeavy)} | ${f(nodeGrid)} | ${f(nodeLstm)} |`,
    `| headless Chromium: Run all → the paper's last heavy cell done (pool of ${b.hardwareConcurrency} + 1 workers) | ${f(pagePaper)} | ${f(gridSpan)} | ${f(lstmSpan)} (first start → last end) |`,
    `| Python reference (\`paper_pipeline.py --jobs 2 --epochs-from\`: sklearn n_jobs 2, 2 LSTM processes, same epochs) | ${f(pySeconds.total!)} | ${f(pySeconds.svm_grid!)} | ${f(pySeconds.lstm!)} |`,
    '',
    '| ratio | value |',
    '| --- | ---: |',
    `| Chromium / Python reference | ${(pagePaper / pySeconds.total!).toFixed(2)} |`,
    `| Node (sum of the steps' times) / Python reference | ${(nodeHeavy / pySeconds.total!).toFixed(2)} |`,
    `| Node / Chromium | ${(nodeHeavy / pagePaper).toFixed(2)} |`,
    '',
    `Beyond the paper's cells, the leakage audit (its variant copies of the grid and an LSTM under other splits and features, and the audit cell): ${f(nodeAudit)} in Node; the page's whole Run all, audit included, took ${f(b.seconds)}.`,
    '',
    `Main thread during Run all: ${b.longTasks.duringRun} long tasks (> 50 ms), ${b.longTasks.over200ms} over 200 ms, longest ${b.longTasks.maxMs} ms, ${(b.longTasks.totalMs / 1000).toFixed(1)} s in all. LSTMs at once: at most ${b.lstm.maxConcurrent}; ${f(b.lstm.secondsWith2)} with two running, ${f(b.lstm.secondsWith1)} with one.`,
    '',
    `What-if patient, edit → prediction on screen (40 slider edits per page, interleaved): p50 / p95 / max ${w.kept.p50} / ${w.kept.p95} / ${w.kept.max} ms with inputs kept in the workers, ${w.posted.p50} / ${w.posted.p95} / ${w.posted.max} ms with every input posted.`,
    '',
    `One LSTM (lstm-persistent-m2) in a fresh Chromium page vs Node, 3 interleaved rounds: kernel compiled from its served file ${secs(one.kernel.file.pageRuntime)} s → **${one.kernel.file.ratio.toFixed(2)}×**; from the embedded bytes ${secs(one.kernel.bytes.pageRuntime)} s → ${one.kernel.bytes.ratio.toFixed(2)}×; Node ${secs(one.node)} s.`,
  ].join('\n');
}

void runMain(USAGE, main);
