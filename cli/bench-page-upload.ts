/**
 * A large upload through the page, as a user does it: `next start` on --port (default 3200),
 * open /notebooks/han-2026, choose --file in the toolbar's upload input, wait for the mapping
 * step, click "Check every row", wait for the validation report, click "Use this data" and wait
 * until the cheap cells (those that run by themselves: load → splits) are fresh on the new data.
 *
 * Records the time of each step, the texts the flow and the cells show while they work (sampled
 * every --sample-ms, to see whether progress is shown), the main thread's long tasks
 * (PerformanceObserver 'longtask'), how late a 100 ms timer in the page fires (the tab's
 * responsiveness as a user feels it), the round trip of a requestAnimationFrame asked for from
 * here, the main thread's JS heap (performance.memory) and whether any cell ended in error.
 *
 *   npx tsx cli/bench-page-upload.ts --file /tmp/big/visits-1m.csv [--no-build] [--port 3200] [--shots DIR]
 *
 * --shots DIR: screenshots at 1440 px during the check, of the report and after the cheap cells.
 * Prints one JSON object. Needs a production build in .next (built unless --no-build).
 */
import { mkdirSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { parseFlags, runMain, UsageError } from './args';
import { withProductionPage } from './page-bench-host';

const USAGE = `usage: npx tsx cli/bench-page-upload.ts --file visits.csv [--port 3200] [--no-build] [--timeout-min 30] [--sample-ms 1000] [--shots DIR] [--cpu-profile FILE.cpuprofile]`;


interface PageProbe {
  longTasks: { start: number; duration: number }[];
  /** How late each 100 ms timer fired (ms), with when it was due. */
  lag: { at: number; ms: number }[];
}

/** One sample of what the page shows, taken from here while a step runs. */
interface Sample {
  t: number;
  /** Round trip of page.evaluate(requestAnimationFrame) in ms: long when the main thread is busy. */
  rafMs: number;
  text: string;
  status: Record<string, string>;
  heapMb?: number;
}

async function sample(page: Page, t0: number, what: () => Promise<string>): Promise<Sample> {
  const asked = Date.now();
  const heap = await page.evaluate(
    () =>
      new Promise<number | undefined>((r) =>
        requestAnimationFrame(() => r((performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize)),
      ),
  );
  const rafMs = Date.now() - asked;
  const status = await page.evaluate(() =>
    Object.fromEntries([...document.querySelectorAll('[data-testid^="cell-"]')].map((e) => [e.getAttribute('data-testid')!.slice(5), e.getAttribute('data-status') ?? ''])),
  );
  return { t: (Date.now() - t0) / 1000, rafMs, text: await what(), status, ...(heap ? { heapMb: Math.round(heap / 2 ** 20) } : {}) };
}

async function main(): Promise<number> {
  const flags = parseFlags(process.argv.slice(2), {
    file: { type: 'string' },
    port: { type: 'string', default: '3200' },
    'no-build': { type: 'boolean', default: false },
    'timeout-min': { type: 'string', default: '30' },
    'sample-ms': { type: 'string', default: '1000' },
    shots: { type: 'string' },
    'cpu-profile': { type: 'string' },
  });
  const file = flags.file;
  if (!file) throw new UsageError('--file is required');
  if (flags.shots) mkdirSync(flags.shots, { recursive: true });
  const shot = async (page: Page, name: string) => {
    if (flags.shots) await page.screenshot({ path: join(flags.shots, `${name}.png`), fullPage: false }).catch(() => undefined);
  };
  const sampleMs = Number(flags['sample-ms']);
  const timeoutMs = Number(flags['timeout-min']) * 60_000;
  const loadBefore = loadavg();
  return withProductionPage({ port: Number(flags.port), build: !flags['no-build'], chromiumArgs: ['--enable-precise-memory-info'] }, async (browser, base) => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await context.newPage();
    let crashed = false;
    page.on('crash', () => (crashed = true));
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // The page's console errors (the first few): a failure that does not reach a cell shows here.
    const consoleErrors: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' && consoleErrors.length < 10) consoleErrors.push(m.text().slice(0, 2000));
    });
    // A string, not a function: tsx would wrap the function's inner names in a helper the page lacks.
    await page.addInitScript(`
      window.__probe = { longTasks: [], lag: [] };
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__probe.longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      // A timer due every 100 ms: how late it fires is how long a click or a key would wait.
      let due = performance.now() + 100;
      const tick = () => {
        const now = performance.now();
        window.__probe.lag.push({ at: due, ms: now - due });
        due = now + 100;
        setTimeout(tick, 100);
      };
      setTimeout(tick, 100);
    `);
    await page.goto(`${base}/notebooks/han-2026`);
    await page.getByTestId('cell-split').and(page.locator('[data-status="fresh"]')).waitFor({ timeout: 180_000 });
    const flow = page.getByTestId('upload-flow');
    const flowText = async () => ((await flow.count()) ? ((await flow.innerText().catch(() => '')) ?? '') : '');
    /** The short texts that would tell the user what is happening: status lines and the step's buttons. */
    const progressText = async () =>
      page.evaluate(() => {
        const f = document.querySelector('[data-testid="upload-flow"]');
        if (!f) return '';
        const bits = [...f.querySelectorAll('[role="status"], [role="progressbar"], progress, .cell-meta, button.primary')].map((e) => (e as HTMLElement).innerText.trim());
        return bits.filter(Boolean).join(' | ').slice(0, 400);
      });
    const cellsText = async () =>
      page.evaluate(() => {
        const bits = ['data', 'cohort'].map((id) => {
          const c = document.querySelector(`[data-testid="cell-${id}"]`);
          const s = c?.querySelector('[role="status"], [role="progressbar"], .cell-meta');
          return `${id}: ${c?.getAttribute('data-status') ?? '?'} ${(s as HTMLElement | null)?.innerText.trim().slice(0, 120) ?? ''}`;
        });
        return bits.join(' | ');
      });

    const steps: Record<string, number> = {};
    const samples: { step: string; s: Sample }[] = [];
    const markAt = async () => page.evaluate(() => performance.now());
    const marks: Record<string, number> = {};
    /** Samples every sampleMs until `done` resolves (the step's end), recording the step's seconds. */
    const during = async (step: string, t0: number, done: Promise<unknown>, what: () => Promise<string>) => {
      let finished = false;
      let failure: unknown;
      const watched = done.then(
        () => (finished = true),
        (e) => {
          failure = e;
          finished = true;
        },
      );
      let n = 0;
      while (!finished) {
        const next = Date.now() + sampleMs;
        samples.push({ step, s: await sample(page, t0, what) });
        if (step === 'check' && n++ === 2) await shot(page, 'during-check');
        if (step === 'cells' && n++ === 1) await shot(page, 'during-cells');
        await Promise.race([watched, new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())))]);
      }
      if (failure) throw failure;
      steps[step] = (Date.now() - t0) / 1000;
    };

    // 1. Choose the file: read, hashed, inspected (columns, date format, row count) → the mapping step.
    marks.select = await markAt();
    let t0 = Date.now();
    await page.getByTestId('upload').setInputFiles(file);
    await during('mapping', t0, flow.getByTestId('mapping-check').and(page.locator(':enabled')).waitFor({ timeout: timeoutMs }), progressText);
    await shot(page, 'mapping');
    const headline = await flow.locator('.upload-head .cell-meta').innerText();

    // 2. Check every row: the load step under the chosen mapping, in a worker → the validation report.
    marks.check = await markAt();
    t0 = Date.now();
    await flow.getByTestId('mapping-check').click();
    await during('check', t0, flow.getByTestId('validation-report').waitFor({ timeout: timeoutMs }), progressText);
    await shot(page, 'report');
    const report = flow.getByTestId('validation-report');
    const counts = {
      rowsRead: await report.getByTestId('rows-read').innerText(),
      rowsRejected: await report.getByTestId('rows-rejected').innerText(),
      confirm: await flow.getByTestId('mapping-confirm').innerText(),
    };
    const reportText = (await flowText()).slice(0, 3000);

    // 3. Use this data: the notebook's cheap cells rerun on it (the load step from the check's cache).
    marks.confirm = await markAt();
    // --cpu-profile: the main thread's CPU profile from the confirm to the cheap cells' end.
    const cdp = flags['cpu-profile'] ? await context.newCDPSession(page) : undefined;
    if (cdp) {
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
      await cdp.send('Profiler.start');
    }
    t0 = Date.now();
    await flow.getByTestId('mapping-confirm').click();
    const cellsFresh = (async () => {
      await flow.waitFor({ state: 'detached', timeout: timeoutMs });
      await page.getByTestId('own-data-banner').waitFor({ timeout: timeoutMs });
      // Fresh on the new data, and nothing left running or stale among the cells that run by themselves.
      for (;;) {
        const st = await page.evaluate(() => [...document.querySelectorAll('[data-testid^="cell-"]')].map((e) => e.getAttribute('data-status')));
        if (st.includes('error')) throw new Error('a cell failed');
        const split = await page.getByTestId('cell-split').getAttribute('data-status');
        if (split === 'fresh' && !st.includes('running')) return;
        await new Promise((r) => setTimeout(r, 200));
      }
    })();
    await during('cells', t0, cellsFresh, cellsText);
    await shot(page, 'after');
    if (cdp) {
      const { profile } = await cdp.send('Profiler.stop');
      const { writeFileSync } = await import('node:fs');
      writeFileSync(flags['cpu-profile']!, JSON.stringify(profile));
    }
    const dataCell = page.getByTestId('cell-data');
    const dataCellText = (await dataCell.innerText()).slice(0, 600);
    const cohortText = (await page.getByTestId('cell-cohort').innerText()).slice(0, 600);

    // When each cell first became fresh after the confirm (from the samples, so to ±sample-ms).
    const freshAt: Record<string, number> = {};
    const seenBusy = new Set<string>();
    for (const { step, s } of samples.filter((x) => x.step === 'cells')) {
      for (const [id, st] of Object.entries(s.status)) {
        if (st === 'running' || st === 'stale') seenBusy.add(id);
        if (st === 'fresh' && seenBusy.has(id) && freshAt[id] === undefined) freshAt[id] = s.t;
      }
      void step;
    }
    const finalStatus = samples.at(-1)!.s.status;
    const probe = await page.evaluate(() => (window as unknown as { __probe: PageProbe }).__probe);
    const round = (x: number, d = 1) => Number(x.toFixed(d));
    const window_ = (from: number, to: number) => {
      const lt = probe.longTasks.filter((l) => l.start >= from && l.start < to);
      const lag = probe.lag.filter((l) => l.at >= from && l.at < to).map((l) => l.ms);
      return {
        longTasks: { count: lt.length, maxMs: round(Math.max(0, ...lt.map((l) => l.duration)), 0), totalMs: round(lt.reduce((a, l) => a + l.duration, 0), 0), over200ms: lt.filter((l) => l.duration > 200).length },
        timerLateMs: { max: round(Math.max(0, ...lag), 0), p95: round([...lag].sort((a, b) => a - b)[Math.floor(lag.length * 0.95)] ?? 0, 0), over100: lag.filter((x) => x > 100).length, ticks: lag.length },
      };
    };
    const end = await markAt();
    const perStep = (step: string) => {
      const ss = samples.filter((x) => x.step === step).map((x) => x.s);
      return {
        seconds: round(steps[step]!),
        rafRoundTripMs: { max: Math.max(0, ...ss.map((s) => s.rafMs)), median: [...ss.map((s) => s.rafMs)].sort((a, b) => a - b)[Math.floor(ss.length / 2)] ?? 0, samples: ss.length },
        heapMbMax: Math.max(0, ...ss.map((s) => s.heapMb ?? 0)),
        texts: [...new Set(ss.map((s) => s.text))].slice(0, 12),
      };
    };
    process.stdout.write(
      `${JSON.stringify(
        {
          file,
          fileMb: round(statSync(file).size / 1e6),
          chromium: browser.version(),
          hardwareConcurrency: await page.evaluate(() => navigator.hardwareConcurrency),
          loadAverage: { before: loadBefore.map((x) => round(x, 2)), after: loadavg().map((x) => round(x, 2)) },
          headline,
          counts,
          mapping: { ...perStep('mapping'), ...window_(marks.select!, marks.check!) },
          check: { ...perStep('check'), ...window_(marks.check!, marks.confirm!) },
          cells: { ...perStep('cells'), ...window_(marks.confirm!, end), freshAt },
          finalStatus,
          errors: { crashed, pageErrors, consoleErrors, cellsInError: Object.entries(finalStatus).filter(([, s]) => s === 'error').map(([id]) => id) },
          dataCellText,
          cohortText,
          reportText,
        },
        null,
        1,
      )}\n`,
    );
    await context.close();
    return 0;
  });
}

void runMain(USAGE, main);
