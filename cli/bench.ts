/**
 * `npm run bench [-- --quick]`: our pipeline steps and their reference implementations
 * (scikit-learn, PyTorch; Debian's packages through /usr/bin/python3) in the same run,
 * interleaved round by round so that machine load hits both alike. Reports min / median / max
 * and the ratio of medians per pair, and writes the table into BENCHMARKS.md.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseFlags, runMain } from './args';
import { toolVersions } from './versions';

const USAGE = `usage: npm run bench [-- --quick] [--rounds N] [--no-write]

  --quick     smaller grid (8 x 8), fewer rounds and epochs: under 5 minutes
  --rounds    interleaved rounds per pair (default 3, quick 2)
  --no-write  print the table only, leave BENCHMARKS.md alone`;

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
  const flags = parseFlags(process.argv.slice(2), { quick: { type: 'boolean' }, rounds: { type: 'string' }, 'no-write': { type: 'boolean' }, help: { type: 'boolean', short: 'h' } });
  if (flags.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const quick = Boolean(flags.quick);
  const rounds = Number(flags.rounds ?? (quick ? 2 : 3));
  const grid = quick ? '8' : '12';
  const epochs = quick ? '4' : '8';
  const series: Record<string, Series> = {
    oursGrid: { label: `SVM grid ${grid}×${grid}, 5-fold — ours (libsvm wasm, precomputed kernel, 1 thread)`, unit: 's', values: [] },
    skGrid1: { label: 'SVM grid — scikit-learn, n_jobs = 1', unit: 's', values: [] },
    skGrid2: { label: 'SVM grid — scikit-learn, n_jobs = 2', unit: 's', values: [] },
    oursImp: { label: 'Permutation importance, 100 permutations per feature, 691 rows — ours (factorized RBF)', unit: 's', values: [] },
    skImp: { label: 'Permutation importance — scikit-learn', unit: 's', values: [] },
    oursLstm: { label: 'LSTM epoch, 1,000 rows, batch 128 — ours (tfjs wasm, layers)', unit: 'ms', values: [] },
    oursLstmFused: { label: 'LSTM epoch — ours (tfjs wasm, fused engine)', unit: 'ms', values: [] },
    torch: { label: 'LSTM epoch — PyTorch CPU, 1 thread', unit: 'ms', values: [] },
  };
  for (let round = 1; round <= rounds; round++) {
    process.stderr.write(`bench: round ${round} of ${rounds}\n`);
    const ours = tsx('cli/bench-svm.ts', ['--grid', grid, '--repeats', '1', '--skip-naive']);
    series.oursGrid!.values.push(get(ours, 'grid.precomputedSeconds'));
    series.oursImp!.values.push(get(ours, 'importance.factorizedSeconds'));
    const sk = runJson(PYTHON, ['scripts/reference/bench_sklearn.py', '--grid', grid, '--repeats', '1']);
    series.skGrid1!.values.push(get(sk, 'grid.nJobs1Seconds'));
    series.skGrid2!.values.push(get(sk, 'grid.nJobs2Seconds'));
    series.skImp!.values.push(get(sk, 'importance.nJobs1Seconds'));
    series.oursLstm!.values.push(get(tsx('cli/bench-lstm.ts', ['--backend', 'wasm', '--engine', 'layers', '--rows', '1000', '--epochs', epochs]), 'medianEpochMs'));
    series.oursLstmFused!.values.push(get(tsx('cli/bench-lstm.ts', ['--backend', 'wasm', '--engine', 'fused', '--rows', '1000', '--epochs', epochs]), 'medianEpochMs'));
    series.torch!.values.push(get(runJson(PYTHON, ['scripts/reference/torch_lstm.py', '--rows', '1000', '--batch', '128', '--epochs', String(Number(epochs) + 2), '--threads', '1']), 'medianEpochMs'));
  }

  const pairs: [string, string, string][] = [
    ['oursGrid', 'skGrid1', 'grid vs sklearn n_jobs = 1'],
    ['oursGrid', 'skGrid2', 'grid vs sklearn n_jobs = 2'],
    ['oursImp', 'skImp', 'importance vs sklearn'],
    ['oursLstm', 'torch', 'LSTM epoch (layers) vs PyTorch'],
    ['oursLstmFused', 'torch', 'LSTM epoch (fused) vs PyTorch'],
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
  return 0;
}

void runMain(USAGE, main);
