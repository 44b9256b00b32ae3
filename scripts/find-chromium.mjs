// Where is a Chromium for the end-to-end tests? CHROMIUM_PATH, then Debian's package, then a
// browser Playwright itself installed. Never skip silently: no browser is an error that says
// how to get one.
import { existsSync } from 'node:fs';

export function findChromium() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
  for (const path of candidates) if (existsSync(path)) return path;
  return undefined;
}

export const HOW_TO_GET_CHROMIUM = [
  'No Chromium found for the end-to-end tests.',
  'Install one of:',
  '  - Debian/Ubuntu: sudo apt-get install -y chromium   (then /usr/bin/chromium is used)',
  '  - any Chromium/Chrome binary, and set CHROMIUM_PATH=/path/to/chrome',
  "  - Playwright's own browser: npx playwright install chromium (where downloads are allowed)",
].join('\n');
