import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Browser, type BrowserContextOptions } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

/**
 * Issue #28, item 3: "Export report" saves the run as one self-contained HTML file. Only the
 * cheap cells of the quick profile run (load, inclusion, description, windows, split, sample
 * size), so this stays short. The file is opened from disk with JavaScript off: it must read as
 * a report (headings, figures) and fetch nothing.
 */
const CHEAP_FIGURES = ['fig1-flow', 'fig2-course', 'sample-size'];
const SECTIONS = ['Contents', 'Data', 'Figures', 'Tables', 'Methods', 'TRIPOD+AI checklist', 'PROBAST+AI checklist', 'Parameters and run manifest', 'Reopen this notebook in the workbench'];

/** A page on the report file in a fresh context that records every request and lets only the file through. */
async function openReport(browser: Browser, url: string, options: BrowserContextOptions) {
  const context = await browser.newContext(options);
  const requests: string[] = [];
  context.on('request', (r) => requests.push(r.url()));
  await context.route((u) => u.protocol !== 'file:', (route) => route.abort());
  const page = await context.newPage();
  await page.goto(url);
  return { context, page, requests };
}

test('Export report saves one HTML file that opens offline without JavaScript, with its headings and figures, and passes axe', async ({ page, browser }, testInfo) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open('han-2026?profile=quick');
  for (const id of ['describe', 'sample-size']) await nb.expectStatus(id, 'fresh', 60_000);

  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-report').click()]);
  expect(download.suggestedFilename()).toBe('han-2026-report.html');
  const path = testInfo.outputPath('report.html');
  await download.saveAs(path);
  const html = readFileSync(path, 'utf8');
  // Nothing in it runs: the notebook is a JSON data block, the only <script>.
  expect(html.match(/<script\b[^>]*>/gi)).toEqual(['<script type="application/json" id="notebook">']);
  const saved = JSON.parse(/<script type="application\/json" id="notebook">([\s\S]*?)<\/script>/.exec(html)![1]!);
  expect(saved).toMatchObject({ format: 'palsy-workbench-notebook', profile: 'quick', notebook: { id: 'han-2026' } });
  const url = pathToFileURL(path).href;

  const offline = await openReport(browser, url, { javaScriptEnabled: false });
  const report = offline.page;
  await expect(report.getByRole('heading', { level: 1 })).toHaveText(/Bell's palsy/);
  await expect(report.getByRole('heading', { level: 2 })).toHaveText(SECTIONS);
  for (const name of CHEAP_FIGURES) {
    const figure = report.locator(`#figure-${name} figure`);
    await expect(figure.locator(':scope > svg[role="img"]'), name).toBeVisible();
    await expect(figure.locator(':scope > svg[role="img"]'), name).toHaveAttribute('aria-label', /\S/);
    await expect(figure.locator('figcaption'), name).toBeVisible();
    // In the contents by its reader's title ("Fig. 1. …"), its file name beside the link.
    await expect(report.locator(`nav a[href="#figure-${name}"]`), `${name} in the contents`).toHaveText(/^(Fig\. \d|Supplementary|\S)/);
    await expect(report.locator(`nav a[href="#figure-${name}"] + code`), `${name} in the contents`).toHaveText(name);
  }
  await expect(report.locator('#tables table caption').first()).toBeVisible();
  expect(offline.requests, 'the report fetches nothing').toEqual([url]);
  await offline.context.close();

  // axe runs as a script in the page, which a page with JavaScript off never lets finish; the
  // report's own policy (default-src 'none') still forbids any script of the file itself.
  const audited = await openReport(browser, url, {});
  const { violations } = await new AxeBuilder({ page: audited.page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const list = bad.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  console.log(`axe report: ${violations.length} rule(s) violated, ${bad.length} serious or critical`);
  expect(bad, list).toEqual([]);
  expect(audited.requests, 'the report fetches nothing').toEqual([url]);
  await audited.context.close();

  // The report reopens as its recipe: "Open notebook…" takes the HTML file itself.
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByLabel('Outcome').selectOption('best');
  await nb.expectStatus('windows', 'fresh');
  await page.getByTestId('open-notebook').setInputFiles(path);
  await expect(nb.cell('windows').getByLabel('Outcome')).toHaveValue('last');
  // No refusal: an error would be the page message (Next's own route announcer is an empty alert).
  await expect(page.getByTestId('page-message').filter({ hasText: /not a saved|not JSON|without a notebook|refused/ })).toHaveCount(0);
});
