/**
 * The production page in headless Chromium, for the browser benchmarks: builds unless told not
 * to, runs `next start` on a port, launches Debian's Chromium (scripts/find-chromium.mjs) and
 * hands both to `use`; the browser and the server are stopped however `use` ends.
 *
 *   await withProductionPage({ port: 3200, build: false }, async (browser, base) => { … });
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chromium, type Browser } from '@playwright/test';
import { UsageError } from './args';
// @ts-expect-error -- a plain .mjs helper shared with the e2e runner (no types)
import { findChromium, HOW_TO_GET_CHROMIUM } from '../scripts/find-chromium.mjs';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

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

export async function withProductionPage<T>(
  options: { port: number; build: boolean; chromiumArgs?: string[] },
  use: (browser: Browser, base: string) => Promise<T>,
): Promise<T> {
  if (options.port === 3100) throw new UsageError('port 3100 is reserved for the UI work: use another (default 3200)');
  const executablePath = (findChromium as () => string | undefined)();
  if (!executablePath) throw new UsageError(HOW_TO_GET_CHROMIUM as string);
  const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
  if (options.build) {
    const b = spawnSync('npm', ['run', 'build', '--silent'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    if (b.status !== 0) throw new Error('next build failed');
  }
  const server = spawn('npx', ['next', 'start', '-p', String(options.port), '-H', '127.0.0.1'], { env, stdio: 'ignore', detached: true });
  const base = `http://127.0.0.1:${options.port}`;
  const browser = await chromium.launch({ executablePath, args: [...CHROMIUM_ARGS, ...(options.chromiumArgs ?? [])] });
  try {
    await waitForServer(`${base}/`, server, 60_000);
    return await use(browser, base);
  } finally {
    await browser.close();
    try {
      process.kill(-server.pid!, 'SIGTERM');
    } catch {
      /* already gone */
    }
  }
}
