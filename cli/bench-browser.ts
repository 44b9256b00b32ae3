/**
 * The whole paper notebook in headless Chromium, as a user runs it: `next start` on --port
 * (default 3200), open /notebooks/han-2026?profile=…, wait for the cheap cells (load →
 * split) to finish, click Run all, and wait until every cell is fresh. Records the time from
 * the click to the last fresh cell, the main thread's long tasks (PerformanceObserver
 * 'longtask', buffered from page load) and, from the cells' data-status sampled every 100 ms,
 * how many cells ran at once (the six LSTMs should run pool-size at a time).
 *
 *   npx tsx cli/bench-browser.ts --profile paper [--no-build] [--port 3200] [--export run.zip]
 *
 * --export saves the page's "Export all" zip once the run is done (its manifest can be compared
 * with the CLI's: `npx tsx cli/compare-manifests.ts a/manifest.json b/manifest.json`).
 *
 * Prints one JSON object. Needs a production build in .next (built unless --no-build).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chromium } from '@playwright/test';
import { parseFlags, runMain, UsageError } from './args';
// @ts-expect-error -- a plain .mjs helper shared with the e2e runner (no types)
import { findChromium, HOW_TO_GET_CHROMIUM } from '../scripts/find-chromium.mjs';

const USAGE = `usage: npx tsx cli/bench-browser.ts [--profile quick|paper|honest|honest-quick] [--port 3200] [--no-build] [--timeout-min 60] [--export FILE.zip]`;

async function waitForServer(url: string, child: ChildProcess, ms: number): Promise<void> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`no server at ${url} after ${ms / 1000} s`);
}

interface Sample {
  t: number;
  status: Record<string, string>;
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    profile: { type: 'string', default: 'paper' },
    port: { type: 'string', default: '3200' },
    'no-build': { type: 'boolean', default: false },
    'timeout-min': { type: 'string', default: '60' },
    export: { type: 'string' },
  });
  const port = Number(flags.port);
  if (port === 3100) throw new UsageError('port 3100 is reserved for the UI work: use another (default 3200)');
  const executablePath = (findChromium as () => string | undefined)();
  if (!executablePath) throw new UsageError(HOW_TO_GET_CHROMIUM as string);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  if (!flags['no-build']) {
    const b = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (b.status !== 0) throw new Error('next build failed');
  }
  const server = spawn('npx', ['next', 'start', '-p', String(port), '-H', '127.0.0.1'], { env, stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  try {
    await waitForServer(`${base}/`, server, 60_000);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { __longTasks: { start: number; duration: number }[] };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
    });
    await page.goto(`${base}/notebooks/han-2026?profile=${flags.profile}`);
    await page.getByTestId('cell-split').and(page.locator('[data-status="fresh"]')).waitFor({ timeout: 120_000 });
    const hardwareConcurrency = await page.evaluate(() => navigator.hardwareConcurrency);
    const statuses = () =>
      page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="cell-"]')].map((e) => [e.getAttribute('data-testid')!.slice(5), e.getAttribute('data-status') ?? ''])));
    const loadMark = await page.evaluate(() => performance.now());
    const samples: Sample[] = [];
    const t0 = Date.now();
    await page.getByTestId('run-all').click();
    const deadline = t0 + Number(flags['timeout-min']) * 60_000;
    for (;;) {
      const status = await statuses();
      samples.push({ t: (Date.now() - t0) / 1000, status });
      const values = Object.values(status);
      if (values.some((s) => s === 'error')) throw new Error(`a cell failed: ${JSON.stringify(status)}`);
      if (values.length && values.every((s) => s === 'fresh')) break;
      if (Date.now() > deadline) throw new Error(`not done after ${flags['timeout-min']} min: ${JSON.stringify(status)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const seconds = (Date.now() - t0) / 1000;
    const longTasks = await page.evaluate(() => (window as unknown as { __longTasks: { start: number; duration: number }[] }).__longTasks);
    if (flags.export) {
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.getByTestId('export-all').click()]);
      await download.saveAs(flags.export);
    }
    const runLong = longTasks.filter((l) => l.start >= loadMark);

    // Which cells ran when, from the samples: first and last sample seen 'running'.
    const spans: Record<string, { from: number; to: number }> = {};
    for (const s of samples) {
      for (const [id, st] of Object.entries(s.status)) {
        if (st !== 'running') continue;
        spans[id] ??= { from: s.t, to: s.t };
        spans[id]!.to = s.t;
      }
    }
    const lstmIds = Object.keys(spans).filter((id) => id.startsWith('lstm-') && id !== 'lstm-report');
    const concurrentLstm = samples.map((s) => lstmIds.filter((id) => s.status[id] === 'running').length);
    const dt = samples.map((s, i) => (i + 1 < samples.length ? samples[i + 1]!.t - s.t : 0));
    const secondsWith = (k: number) => concurrentLstm.reduce((acc, c, i) => acc + (c === k ? dt[i]! : 0), 0);
    const round = (x: number, d = 1) => Number(x.toFixed(d));
    process.stdout.write(
      `${JSON.stringify({
        profile: flags.profile,
        chromium: browser.version(),
        hardwareConcurrency,
        seconds: round(seconds),
        cells: Object.fromEntries(Object.entries(spans).map(([id, s]) => [id, { from: round(s.from), to: round(s.to) }])),
        lstm: {
          maxConcurrent: Math.max(0, ...concurrentLstm),
          secondsWith1: round(secondsWith(1)),
          secondsWith2: round(secondsWith(2)),
          secondsWithMore: round(concurrentLstm.reduce((acc, c, i) => acc + (c > 2 ? dt[i]! : 0), 0)),
        },
        longTasks: {
          duringRun: runLong.length,
          maxMs: round(Math.max(0, ...runLong.map((l) => l.duration)), 0),
          over200ms: runLong.filter((l) => l.duration > 200).length,
          totalMs: round(runLong.reduce((a, l) => a + l.duration, 0), 0),
          beforeRun: { count: longTasks.length - runLong.length, maxMs: round(Math.max(0, ...longTasks.filter((l) => l.start < loadMark).map((l) => l.duration)), 0) },
        },
      })}\n`,
    );
    await context.close();
    return 0;
  } finally {
    await browser.close();
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}

void runMain(USAGE, main);
