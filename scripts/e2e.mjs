// End-to-end tests: production build, then Playwright in Chromium against the production server (scripts/serve.mjs).
import { spawnSync } from 'node:child_process';
import { findChromium, HOW_TO_GET_CHROMIUM } from './find-chromium.mjs';

let chromium = findChromium();
if (!chromium) {
  // Last resort: a browser that Playwright downloaded itself.
  try {
    const { chromium: pw } = await import('@playwright/test');
    const path = pw.executablePath();
    const { existsSync } = await import('node:fs');
    if (path && existsSync(path)) chromium = path;
  } catch {
    /* none */
  }
}
if (!chromium) {
  console.error(HOW_TO_GET_CHROMIUM);
  process.exit(1);
}
const env = { ...process.env, CHROMIUM_PATH: chromium, NEXT_TELEMETRY_DISABLED: '1' };
const run = (cmd, args) => {
  const r = spawnSync(cmd, args, { stdio: 'inherit', env });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
if (!process.argv.includes('--no-build')) run('npm', ['run', 'build', '--silent']);
run('npx', ['playwright', 'test', ...process.argv.slice(2).filter((a) => a !== '--no-build')]);
