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
 * --cell ID --rounds N: instead of Run all, one cell alone, N interleaved rounds: in the page
 * (a fresh browser context each round, so nothing comes from the cache; the cell's Run button,
 * click to fresh) and then in Node (`reproduce --until ID`, the manifest's time for that cell).
 * The same model, seed and engine on both sides: the Chromium-worker-vs-Node ratio.
 *
 * --export saves the page's "Export all" zip once the run is done (its manifest can be compared
 * with the CLI's: `npx tsx cli/compare-manifests.ts a/manifest.json b/manifest.json`).
 *
 * Prints one JSON object. Needs a production build in .next (built unless --no-build).
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { parseFlags, runMain } from './args';
import { withProductionPage } from './page-bench-host';
import { manifestFromZip } from './run-manifest';

const USAGE = `usage: npx tsx cli/bench-browser.ts [--profile quick|paper|honest|honest-quick] [--port 3200] [--no-build] [--timeout-min 60] [--export FILE.zip] [--cpu-profile FILE.cpuprofile] [--cell ID --rounds N [--worker-profile DIR]] [--chromium-arg=SWITCH …]`;


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
    'cpu-profile': { type: 'string' },
    cell: { type: 'string' },
    rounds: { type: 'string', default: '3' },
    'worker-profile': { type: 'string' },
    // Extra Chromium switches, for experiments (e.g. --chromium-arg=--js-flags=--no-wasm-bounds-checks).
    'chromium-arg': { type: 'string', multiple: true, default: [] },
  });
  return withProductionPage({ port: Number(flags.port), build: !flags['no-build'], chromiumArgs: flags['chromium-arg'] }, async (browser, base) => {
    if (flags.cell) {
      process.stdout.write(`${JSON.stringify(await oneCellRounds(browser, base, flags.profile, flags.cell, Number(flags.rounds), flags['worker-profile']))}\n`);
      return 0;
    }
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
    // --cpu-profile: the main thread's CPU profile from Run all to the end (a .cpuprofile that
    // Chromium's DevTools opens), to see what the long tasks are made of.
    const cdp = flags['cpu-profile'] ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
      await cdp.send('Profiler.start');
    }
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
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      writeFileSync(flags['cpu-profile']!, JSON.stringify(profile));
    }
    if (flags.export) {
      // Export all opens its dialog; confirming with the choices it opens with makes the zip.
      await page.getByTestId('export-all').click();
      const [download] = await Promise.all([page.waitForEvent('download', { timeout: 300_000 }), page.getByTestId('export-all-confirm').click()]);
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
  });
}

/**
 * CPU profiles of every dedicated worker of the page, from `start()` to `stop()` (a CDP session
 * on the page, auto-attached to its workers; the worker sessions are reached through
 * Target.sendMessageToTarget). Sampling every 500 µs, as `node --cpu-prof-interval 500`.
 */
async function profileWorkers(tab: Page) {
  const cdp = await tab.context().newCDPSession(tab);
  const sessions: string[] = [];
  let nextId = 1;
  const pending = new Map<number, (result: unknown) => void>();
  cdp.on('Target.receivedMessageFromTarget', (event: { sessionId: string; message: string }) => {
    const message = JSON.parse(event.message) as { id?: number; result?: unknown };
    if (message.id !== undefined) pending.get(message.id)?.(message.result);
  });
  const send = (sessionId: string, method: string, params: object = {}) =>
    new Promise<unknown>((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      void cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) });
    });
  cdp.on('Target.attachedToTarget', (event: { sessionId: string; targetInfo: { type: string } }) => {
    if (event.targetInfo.type === 'worker') sessions.push(event.sessionId);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  await new Promise((r) => setTimeout(r, 500));
  return {
    workers: () => sessions.length,
    async start() {
      for (const s of sessions) {
        await send(s, 'Profiler.enable');
        await send(s, 'Profiler.setSamplingInterval', { interval: 500 });
        await send(s, 'Profiler.start');
      }
    },
    async stop(): Promise<unknown[]> {
      const profiles: unknown[] = [];
      for (const s of sessions) profiles.push(((await send(s, 'Profiler.stop')) as { profile: unknown }).profile);
      await cdp.detach();
      return profiles;
    },
  };
}

/**
 * One cell alone, `rounds` times in a Chromium worker and in Node, interleaved (see --cell).
 * `workerProfile`: a folder for CPU profiles of the page's workers (one file per worker and
 * round) and of Node's run (`node --cpu-prof`), for cli/profile-summary.ts.
 */
async function oneCellRounds(browser: Browser, base: string, profile: string, cell: string, rounds: number, workerProfile?: string) {
  const page: number[] = [], node: number[] = [], startup: number[] = [], pageRuntime: number[] = [];
  let upstream: string[] = [];
  for (let r = 0; r < rounds; r++) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const tab = await context.newPage();
    await tab.goto(`${base}/notebooks/han-2026?profile=${profile}`);
    const frame = tab.getByTestId(`cell-${cell}`);
    const run = tab.getByTestId(`run-${cell}`);
    // The cheap cells (load → splits) run by themselves at page load; the model's input is one.
    await tab.getByTestId('cell-lstm-split').and(tab.locator('[data-status="fresh"]')).waitFor({ timeout: 120_000 });
    const profiler = workerProfile ? await profileWorkers(tab) : undefined;
    await profiler?.start();
    const t0 = Date.now();
    await run.click();
    await frame.and(tab.locator('[data-status="running"], [data-status="fresh"]')).waitFor({ timeout: 30_000 });
    // The worker's one-time start (loading tfjs and the kernel) ends with the first epoch report.
    await frame.getByRole('status').filter({ hasText: /Epoch \d+/ }).waitFor({ timeout: 120_000 }).catch(() => {});
    const firstEpoch = (Date.now() - t0) / 1000;
    await frame.and(tab.locator('[data-status="fresh"]')).waitFor({ timeout: 1_800_000 });
    page.push((Date.now() - t0) / 1000);
    startup.push(firstEpoch);
    if (profiler) {
      mkdirSync(workerProfile!, { recursive: true });
      (await profiler.stop()).forEach((p, i) => writeFileSync(join(workerProfile!, `page-round${r + 1}-worker${i + 1}.cpuprofile`), JSON.stringify(p)));
    }
    // The runtime's own time for the cell (run started → finished), as Node's manifest gives it.
    const [download] = await Promise.all([tab.waitForEvent('download', { timeout: 300_000 }), tab.getByTestId('export-all').click()]);
    const pageManifest = manifestFromZip(new Uint8Array(readFileSync(await download.path()))) as { cells: Record<string, { ms: number }> };
    pageRuntime.push(pageManifest.cells[cell]!.ms / 1000);
    upstream = await tab.evaluate(() => [...document.querySelectorAll('[data-status="running"]')].map((e) => e.getAttribute('data-testid') ?? ''));
    await context.close();
    const out = mkdtempSync(join(tmpdir(), 'bench-cell-'));
    const profileFlags = workerProfile ? ['--cpu-prof', '--cpu-prof-interval', '500', '--cpu-prof-dir', workerProfile, '--cpu-prof-name', `node-round${r + 1}.cpuprofile`] : [];
    const cli = spawnSync('node', [...profileFlags, '--import', 'tsx', 'cli/reproduce.ts', '--notebook', 'han-2026', '--profile', profile, '--until', cell, '--out', out, '--quiet'], { encoding: 'utf8' });
    if (cli.status !== 0) throw new Error(`reproduce --until ${cell} failed: ${cli.stderr.slice(-1000)}`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { cells: Record<string, { ms: number }> };
    node.push(manifest.cells[cell]!.ms / 1000);
    process.stderr.write(`round ${r + 1}: page ${page.at(-1)!.toFixed(1)} s click to fresh (runtime ${pageRuntime.at(-1)!.toFixed(2)} s; first epoch report after ${startup.at(-1)!.toFixed(1)} s), node ${node.at(-1)!.toFixed(2)} s\n`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { profile, cell, chromium: browser.version(), page, pageRuntime, pageFirstEpochReport: startup, node, ratio: Number((median(pageRuntime) / median(node)).toFixed(2)), ratioClickToFresh: Number((median(page) / median(node)).toFixed(2)), stillRunningAtEnd: upstream, loadAverage: loadavg() };
}

void runMain(USAGE, main);
