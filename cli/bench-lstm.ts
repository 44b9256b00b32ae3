import * as tf from '@tensorflow/tfjs';
import { parseFlags, runMain } from './args';
import { setupTfBackend, type TfBackendName } from './tf-backend';
import { createRng } from '../lib/stats/random';
import { buildLstmModel, type LstmEngine } from '../lib/ml/lstm/model';
import { trainLstm } from '../lib/ml/lstm/train';
import { LSTM_PAPER_DEFAULTS } from '../lib/ml/lstm/params';
import type { Sequences } from '../lib/ml/lstm/sequences';

const USAGE = `Usage: tsx cli/bench-lstm.ts [--backend wasm|cpu] [--engine layers|fused|wasm] [--rows 1000] [--epochs 5] [--batch 128] [--channels 7] [--seed 1]

Times LSTM training epochs (the paper's network, synthetic data of the given size) in Node and
prints the median epoch time in ms as JSON. The first epoch is reported apart (warm-up).`;

/** Synthetic sequences shaped like the real inputs: 4 steps, a day channel, grades 1..6, flags. */
function syntheticSequences(n: number, channels: number, seed: number): Sequences {
  const rng = createRng(seed).fork('bench-data');
  const x = new Float32Array(n * 4 * channels);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let t = 0; t < 4; t++) {
      const o = (i * 4 + t) * channels;
      x[o] = rng.normal();
      x[o + 1] = t < 3 ? 1 + rng.int(6) : 0;
      x[o + 2] = t < 3 ? 1 : 0;
      for (let k = 3; k < channels; k++) x[o + k] = rng.normal();
    }
    y[i] = 1 + rng.int(6);
  }
  return { x, y, n, steps: 4, channels: Array.from({ length: channels }, (_, k) => `c${k}`) };
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    backend: { type: 'string', default: 'wasm' },
    engine: { type: 'string', default: 'layers' },
    rows: { type: 'string', default: '1000' },
    epochs: { type: 'string', default: '5' },
    batch: { type: 'string', default: '128' },
    channels: { type: 'string', default: '7' },
    seed: { type: 'string', default: '1' },
  });
  const info = await setupTfBackend(flags.backend as TfBackendName);
  const rows = Number(flags.rows), epochs = Number(flags.epochs), channels = Number(flags.channels), seed = Number(flags.seed);
  // As in the cell, 10% of the rows are held out for the validation loss: `rows` are fitted.
  const data = syntheticSequences(Math.ceil(rows / 0.9), channels, seed);
  const rng = createRng(seed);
  const model = buildLstmModel({ steps: 4, channels, units: LSTM_PAPER_DEFAULTS.units, dropout: 0.2, engine: flags.engine as LstmEngine }, rng.fork('model'));
  const params = { ...LSTM_PAPER_DEFAULTS, batchSize: Number(flags.batch), maxEpochs: epochs, validationFraction: 0.1, earlyStoppingPatience: 1e9 };
  const times: number[] = [];
  let last = performance.now();
  for await (const _log of trainLstm(model, data, { params, rng: rng.fork('train'), yieldEveryMs: 1e9 })) {
    const now = performance.now();
    times.push(now - last);
    last = now;
  }
  model.dispose();
  const steady = times.slice(1).sort((a, b) => a - b);
  const median = steady.length ? steady[Math.floor(steady.length / 2)]! : NaN;
  process.stdout.write(
    `${JSON.stringify({ backend: info.backend, simd: info.simd, engine: model.engine, rows: Math.floor(data.n * 0.9), batch: Number(flags.batch), channels, firstEpochMs: Math.round(times[0]!), medianEpochMs: Math.round(median), epochsMs: times.map(Math.round), tensorsLeft: tf.memory().numTensors })}\n`,
  );
  return 0;
}

void runMain(USAGE, main);
