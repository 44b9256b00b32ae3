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
 * A cell other than an LSTM (e.g. `--cell optimism --profile honest --rounds 1`: the honest
 * profile's 200 whole-pipeline bootstrap replicates) is timed the same way, after its inputs
 * that did not run at page load (the grid, the evaluation) were run and were fresh (their time
 * is reported apart, as upstreamSeconds); the page's run time of the cell is the one the page
 * itself records for it (its timings store in IndexedDB) rather than an exported manifest.
 *
 * --kernel-file both (with --cell): each round runs the page twice, once as it is (the LSTM
 * kernel compiled by WebAssembly.compileStreaming from its served file) and once with that
 * file's request refused (the worker falls back to compiling the embedded bytes, as before
 * issue 29), then Node: the before/after of serving the kernel, interleaved.
 *
 * --what-if N: the teaching notebook, its models trained, then N edits of the what-if patient's
 * age (the slider, as a user drags it) in each of two pages, interleaved five edits at a time:
 * one as it is (inputs kept in the workers), one with `?worker-input-cache-mib=0` (every run
 * posts its inputs, as before issue 29). Each edit is timed in the page, from the input event
 * to the frame after the new prediction is in the DOM (data-for names the new age). With
 * --cpu-profile FILE, the kept page's main thread is profiled over its edits.
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
import { isComputeCell } from '../lib/notebook/notebook-schema';
import { findNotebook } from '../notebooks';

const USAGE = `usage: npx tsx cli/bench-browser.ts [--profile quick|paper|honest|honest-quick] [--port 3200] [--no-build] [--timeout-min 60] [--export FILE.zip] [--cpu-profile FILE.cpuprofile] [--cell ID --rounds N [--worker-profile DIR] [--kernel-file on|both]] [--what-if N] [--chromium-arg=SWITCH …]`;


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
    'kernel-file': { type: 'string', default: 'on' },
    'what-if': { type: 'string' },
    // Extra Chromium switches, for experiments (e.g. --chromium-arg=--js-flags=--no-wasm-bounds-checks).
    'chromium-arg': { type: 'string', multiple: true, default: [] },
  });
  return withProductionPage({ port: Number(flags.port), build: !flags['no-build'], chromiumArgs: flags['chromium-arg'] }, async (browser, base) => {
    if (flags['what-if']) {
      process.stdout.write(`${JSON.stringify(await whatIfEdits(browser, base, Number(flags['what-if']), flags['cpu-profile']))}\n`);
      return 0;
    }
    if (flags.cell) {
      const variants = flags['kernel-file'] === 'both' ? (['file', 'bytes'] as const) : (['file'] as const);
      process.stdout.write(`${JSON.stringify(await oneCellRounds(browser, base, flags.profile, flags.cell, Number(flags.rounds), flags['worker-profile'], variants))}\n`);
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
    // Only the steps (sections with a data-status): notes and the steps' action buttons also
    // have test ids starting with "cell-", and would never read fresh.
    const statuses = () =>
      page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid^="cell-"][data-status]')].map((e) => [e.getAttribute('data-testid')!.slice(5), e.getAttribute('data-status') ?? ''])));
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
async function oneCellRounds(browser: Browser, base: string, profile: string, cell: string, rounds: number, workerProfile?: string, variants: readonly ('file' | 'bytes')[] = ['file']) {
  const page: number[] = [], node: number[] = [], startup: number[] = [], pageRuntime: number[] = [], upstreamSeconds: number[] = [];
  const definition = findNotebook('han-2026')?.cells.filter(isComputeCell).find((c) => c.id === cell);
  if (!definition) throw new Error(`han-2026 has no step ${cell}`);
  // Only an LSTM reports epochs, and its run time is read from the exported manifest, as
  // before; other steps' from the page's own timings store.
  const isLstm = definition.kind === 'lstm-regression';
  const inputs = [...new Set(Object.values(definition.inputs ?? {}))];
  const byVariant = Object.fromEntries(variants.map((v) => [v, { page: [] as number[], pageRuntime: [] as number[], kernelResponses: [] as string[] }]));
  let upstream: string[] = [];
  const kernelFile = /\/lstm\/lstm-kernel\.[0-9a-f]+\.wasm$/;

  /** The cell once in a fresh page (a fresh context: nothing cached), its kernel compiled as `variant` says. */
  async function pageRound(r: number, variant: 'file' | 'bytes') {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    // 'bytes': the kernel file is refused, so the worker compiles the embedded bytes (as before issue 29).
    if (variant === 'bytes') await context.route(kernelFile, (route) => route.abort());
    context.on('response', (response) => {
      if (kernelFile.test(response.url())) byVariant[variant]!.kernelResponses.push(`${response.status()} ${response.headers()['content-type'] ?? ''}`);
    });
    const tab = await context.newPage();
    await tab.goto(`${base}/notebooks/han-2026?profile=${profile}`);
    const frame = tab.getByTestId(`cell-${cell}`);
    const run = tab.getByTestId(`run-${cell}`);
    // The cheap cells (load → splits) run by themselves at page load; the model's input is one.
    await tab.getByTestId('cell-lstm-split').and(tab.locator('[data-status="fresh"]')).waitFor({ timeout: 120_000 });
    // Inputs that do not run at page load (the grid and the evaluation for `optimism`): run
    // first, each by its own Run button (which runs its stale inputs too), and timed apart.
    const u0 = Date.now();
    for (const input of inputs) {
      const inputFrame = tab.getByTestId(`cell-${input}`);
      if ((await inputFrame.getAttribute('data-status')) === 'fresh') continue;
      await tab.getByTestId(`run-${input}`).click();
      await inputFrame.and(tab.locator('[data-status="fresh"]')).waitFor({ timeout: 1_800_000 });
    }
    upstreamSeconds.push((Date.now() - u0) / 1000);
    const profiler = workerProfile ? await profileWorkers(tab) : undefined;
    await profiler?.start();
    const t0 = Date.now();
    await run.click();
    await frame.and(tab.locator('[data-status="running"], [data-status="fresh"]')).waitFor({ timeout: 30_000 });
    // The worker's one-time start (loading tfjs and the kernel) ends with the first epoch report.
    if (isLstm) await frame.getByRole('status').filter({ hasText: /Epoch \d+/ }).waitFor({ timeout: 120_000 }).catch(() => {});
    const firstEpoch = (Date.now() - t0) / 1000;
    await frame.and(tab.locator('[data-status="fresh"]')).waitFor({ timeout: 1_800_000 });
    page.push((Date.now() - t0) / 1000);
    byVariant[variant]!.page.push(page.at(-1)!);
    startup.push(firstEpoch);
    if (profiler) {
      mkdirSync(workerProfile!, { recursive: true });
      (await profiler.stop()).forEach((p, i) => writeFileSync(join(workerProfile!, `page-round${r + 1}-${variant}-worker${i + 1}.cpuprofile`), JSON.stringify(p)));
    }
    // The runtime's own time for the cell (run started → finished), as Node's manifest gives it.
    if (isLstm) {
      // Export all opens its dialog; confirming with the choices it opens with makes the zip.
      await tab.getByTestId('export-all').click();
      const [download] = await Promise.all([tab.waitForEvent('download', { timeout: 300_000 }), tab.getByTestId('export-all-confirm').click()]);
      const pageManifest = manifestFromZip(new Uint8Array(readFileSync(await download.path()))) as { cells: Record<string, { ms: number }> };
      pageRuntime.push(pageManifest.cells[cell]!.ms / 1000);
    } else {
      pageRuntime.push((await recordedMs(tab, cell)) / 1000);
    }
    byVariant[variant]!.pageRuntime.push(pageRuntime.at(-1)!);
    upstream = await tab.evaluate(() => [...document.querySelectorAll('[data-status="running"]')].map((e) => e.getAttribute('data-testid') ?? ''));
    await context.close();
    process.stderr.write(
      `round ${r + 1}, kernel from ${variant}: inputs ${upstreamSeconds.at(-1)!.toFixed(1)} s, then page ${page.at(-1)!.toFixed(1)} s click to fresh (runtime ${pageRuntime.at(-1)!.toFixed(2)} s${isLstm ? `; first epoch report after ${firstEpoch.toFixed(1)} s` : ''})\n`,
    );
  }

  for (let r = 0; r < rounds; r++) {
    // Variants alternate which goes first, so that neither always meets a cooler machine.
    for (const variant of r % 2 === 0 ? variants : [...variants].reverse()) await pageRound(r, variant);
    const out = mkdtempSync(join(tmpdir(), 'bench-cell-'));
    const profileFlags = workerProfile ? ['--cpu-prof', '--cpu-prof-interval', '500', '--cpu-prof-dir', workerProfile, '--cpu-prof-name', `node-round${r + 1}.cpuprofile`] : [];
    const cli = spawnSync('node', [...profileFlags, '--import', 'tsx', 'cli/reproduce.ts', '--notebook', 'han-2026', '--profile', profile, '--until', cell, '--out', out, '--quiet'], { encoding: 'utf8' });
    if (cli.status !== 0) throw new Error(`reproduce --until ${cell} failed: ${cli.stderr.slice(-1000)}`);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { cells: Record<string, { ms: number }> };
    node.push(manifest.cells[cell]!.ms / 1000);
    process.stderr.write(`round ${r + 1}: node ${node.at(-1)!.toFixed(2)} s\n`);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const kernel = Object.fromEntries(Object.entries(byVariant).map(([v, s]) => [v, { ...s, ratio: Number((median(s.pageRuntime) / median(node)).toFixed(2)) }]));
  return { profile, cell, chromium: browser.version(), upstreamSeconds, page, pageRuntime, ...(isLstm ? { pageFirstEpochReport: startup } : {}), node, ratio: Number((median(pageRuntime) / median(node)).toFixed(2)), ratioClickToFresh: Number((median(page) / median(node)).toFixed(2)), kernel, stillRunningAtEnd: upstream, loadAverage: loadavg() };
}

/**
 * The run time the page recorded for `cell` (ms): its timings store (IndexedDB 'palsy-workbench',
 * store 'sessions', key 'timings:han-2026': per profile, each step's last computed run), written
 * just after the run finishes, so polled for up to 10 s. Passed as text (tsx's __name helper).
 */
async function recordedMs(tab: Page, cell: string): Promise<number> {
  const read = `new Promise((resolve) => {
    const open = indexedDB.open('palsy-workbench');
    open.onerror = () => resolve(undefined);
    open.onsuccess = () => {
      try {
        const get = open.result.transaction('sessions', 'readonly').objectStore('sessions').get('timings:han-2026');
        get.onsuccess = () => {
          open.result.close();
          const ms = Object.values(get.result ?? {}).map((t) => t && t.cells && t.cells[${JSON.stringify(cell)}]).find((x) => typeof x === 'number');
          resolve(ms);
        };
        get.onerror = () => resolve(undefined);
      } catch {
        resolve(undefined);
      }
    };
  })`;
  for (let i = 0; i < 50; i++) {
    const ms = (await tab.evaluate(read)) as number | undefined;
    if (typeof ms === 'number') return ms;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`the page recorded no run time for ${cell}`);
}

/**
 * The what-if patient's edit → prediction on screen, in two pages interleaved (see --what-if):
 * `kept` as the page is, `posted` with the workers' input cache off.
 */
async function whatIfEdits(browser: Browser, base: string, edits: number, cpuProfile?: string) {
  const variants = { kept: '', posted: '?worker-input-cache-mib=0' } as const;
  const tabs: Record<string, Page> = {};
  for (const [name, query] of Object.entries(variants)) {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const tab = await context.newPage();
    await tab.goto(`${base}/notebooks/teaching${query}`);
    await tab.getByTestId('train-models').click();
    await tab.getByTestId('models-status').and(tab.locator('[data-ready="true"]')).waitFor({ timeout: 300_000 });
    await tab.getByTestId('cell-what-if').and(tab.locator('[data-status="fresh"]')).waitFor({ timeout: 60_000 });
    tabs[name] = tab;
  }
  const times: Record<string, number[]> = { kept: [], posted: [] };
  let age = 30;
  // --cpu-profile: the kept page's main thread over all its edits (cli/profile-summary.ts reads it).
  const cdp = cpuProfile ? await tabs.kept!.context().newCDPSession(tabs.kept!) : undefined;
  if (cdp) {
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
  }
  // One edit in the page: the slider's input event, then until the frame after the prediction
  // for that age is in the DOM. Passed as text: tsx would wrap the named functions of a
  // compiled function in a helper (__name) that the page does not have.
  const inPage = `(v) => new Promise((resolve, reject) => {
    const slider = document.querySelector('[data-testid="what-if-age-range"]');
    const t0 = performance.now();
    const observer = new MutationObserver(() => {
      const shown = document.querySelector('[data-testid="what-if-probability"]')?.getAttribute('data-for') ?? '';
      if (!shown.startsWith(v + '|')) return;
      observer.disconnect();
      requestAnimationFrame(() => setTimeout(() => resolve(performance.now() - t0), 0));
    });
    observer.observe(document.body, { subtree: true, attributes: true, attributeFilter: ['data-for'], childList: true });
    setTimeout(() => reject(new Error('no prediction for age ' + v + ' after 30 s')), 30000);
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(slider, String(v));
    slider.dispatchEvent(new Event('input', { bubbles: true }));
  })`;
  const edit = (tab: Page, value: number) => tab.evaluate(`(${inPage})(${value})`) as Promise<number>;
  for (let block = 0; block * 5 < edits; block++) {
    const order = block % 2 === 0 ? (['kept', 'posted'] as const) : (['posted', 'kept'] as const);
    for (const name of order) {
      for (let i = 0; i < 5 && block * 5 + i < edits; i++) {
        age = age >= 69 ? 30 : age + 1;
        times[name]!.push(await edit(tabs[name]!, age));
        await new Promise((r) => setTimeout(r, 50)); // a user's pace, not a burst
      }
    }
  }
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]!;
  const summary = (xs: number[]) => ({ p50: Number(pct(xs, 50).toFixed(1)), p95: Number(pct(xs, 95).toFixed(1)), max: Number(Math.max(...xs).toFixed(1)), n: xs.length });
  if (cdp) writeFileSync(cpuProfile!, JSON.stringify((await cdp.send('Profiler.stop')).profile));
  const hardwareConcurrency = await tabs.kept!.evaluate(() => navigator.hardwareConcurrency);
  for (const tab of Object.values(tabs)) await tab.context().close();
  return { chromium: browser.version(), hardwareConcurrency, edits, kept: summary(times.kept!), posted: summary(times.posted!), loadAverage: loadavg() };
}

void runMain(USAGE, main);
