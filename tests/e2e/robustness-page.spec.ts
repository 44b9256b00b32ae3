import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { NotebookPage } from './pages/notebook-page';

// The page's answers to faults: a saved session or a cached result it cannot show, a worker that
// dies mid-run, a browser that keeps nothing, and a file whose coded values need a value map.
// Each test stays on the quick profile's cheap steps (and its small SVM grid).

const NOTEBOOK = 'han-2026';

type StoreOp = { op: 'put'; key: string; value: unknown } | { op: 'get'; key: string } | { op: 'damage-all' };

/**
 * One operation on the workbench's IndexedDB, in the page (the page's CSP allows no eval, so
 * the operations are spelled out here): put a record, read one, or replace every record with {}.
 */
async function onStore(page: Page, store: 'sessions' | 'results', op: StoreOp): Promise<unknown> {
  return page.evaluate(
    async ({ store, op }) => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('palsy-workbench', 1);
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const transaction = db.transaction(store, 'readwrite');
      const s = transaction.objectStore(store);
      const request = <T>(r: IDBRequest<T>) => new Promise<T>((resolve, reject) => ((r.onsuccess = () => resolve(r.result)), (r.onerror = () => reject(r.error))));
      let result: unknown;
      if (op.op === 'put') await request(s.put(op.value, op.key));
      else if (op.op === 'get') result = await request(s.get(op.key));
      else {
        const keys = await request(s.getAllKeys());
        for (const k of keys) s.put({}, k);
        result = keys.length;
      }
      await new Promise((resolve, reject) => ((transaction.oncomplete = resolve), (transaction.onabort = () => reject(transaction.error))));
      db.close();
      return result;
    },
    { store, op },
  );
}

test('a saved session that cannot be replayed is set aside with a message; the page opens on the bundled cohort and does not replay it again', async ({ page }) => {
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  await nb.expectStatus('data', 'fresh');
  // A damaged record, as an old version or a broken write could leave it: not a notebook, a file without bytes.
  await onStore(page, 'sessions', { op: 'put', key: NOTEBOOK, value: { notebook: { id: NOTEBOOK, cells: 'broken' }, profile: 'quick', upload: { name: 'clinic.csv', bytes: 'not bytes' }, savedAt: 1 } });
  await page.reload();
  const message = page.getByTestId('page-message');
  await expect(message).toContainText('Your saved session could not be restored and was set aside (it will not be replayed)');
  await expect(message).toContainText('do not read as this notebook');
  await expect(page.getByTestId('synthetic-banner')).toBeVisible();
  await nb.expectStatus('data', 'fresh');
  await nb.expectStatus('cohort', 'fresh');
  // Set aside, not deleted; told once.
  const aside = (await onStore(page, 'sessions', { op: 'get', key: `aside:${NOTEBOOK}` })) as { session: { upload: { name: string } }; reason: string };
  expect(aside.session.upload.name).toBe('clinic.csv');
  expect(aside.reason).toContain('do not read as this notebook');
  await page.reload();
  await nb.expectStatus('data', 'fresh');
  await expect(page.getByTestId('page-message')).toHaveCount(0);
  await expect(page.getByTestId('data-name')).toContainText('synthetic-cohort.csv');
});

test('a saved file whose replay never finished twice in a row (the tab died reading it) is set aside; once is replayed', async ({ page }) => {
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  await nb.expectStatus('data', 'fresh');
  await page.getByTestId('upload').setInputFiles('data/messy-emr-example.csv');
  const flow = page.getByTestId('upload-flow');
  await flow.getByTestId('mapping-check').click();
  await flow.getByTestId('mapping-confirm').click();
  await nb.expectStatus('data', 'fresh');
  await page.waitForTimeout(300);
  // One unfinished replay (a reload while reading, say): the session comes back and the count is cleared.
  await onStore(page, 'sessions', { op: 'put', key: `restoring:${NOTEBOOK}`, value: { unfinished: 1, at: 1 } });
  await page.reload();
  await expect(page.getByTestId('own-data-banner')).toContainText('messy-emr-example.csv');
  await nb.expectStatus('data', 'fresh');
  await expect.poll(() => onStore(page, 'sessions', { op: 'get', key: `restoring:${NOTEBOOK}` })).toBeUndefined();
  // Two in a row: the saved file is not read a third time.
  await onStore(page, 'sessions', { op: 'put', key: `restoring:${NOTEBOOK}`, value: { unfinished: 2, at: 1 } });
  await page.reload();
  await expect(page.getByTestId('page-message')).toContainText('the last 2 loads stopped while reading the saved file messy-emr-example.csv (the tab was closed or crashed)');
  await expect(page.getByTestId('synthetic-banner')).toBeVisible();
  await nb.expectStatus('data', 'fresh');
  await expect(page.getByTestId('data-name')).toContainText('synthetic-cohort.csv');
});

test('damaged cached results are dropped and computed again: the notebook and the edited session stay, and the page says which result was damaged', async ({ page }) => {
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  await nb.expectStatus('data', 'fresh');
  // A saved session (an edited parameter) and cached results to damage.
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByLabel('Outcome').selectOption('best');
  await nb.expectStatus('windows', 'fresh');
  await page.waitForTimeout(500);
  expect(await onStore(page, 'results', { op: 'damage-all' })).toBeGreaterThan(0);
  await page.reload();

  // Not the recovery panel (which used to set the session aside): the notebook itself, recomputing.
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
  await expect(page.getByTestId('recovery-panel')).toHaveCount(0);
  await nb.expectStatus('data', 'fresh');
  await nb.expectStatus('windows', 'fresh');
  await expect(page.getByTestId('page-message')).toContainText('was damaged');
  await expect(page.getByTestId('page-message')).toContainText('computed again');
  await nb.cell('windows').getByText('Parameters').click();
  await expect(nb.cell('windows').getByLabel('Outcome')).toHaveValue('best'); // the edited session was kept
});

test('a worker that dies mid-run fails only its cell, with a Retry that succeeds once a new worker has taken its place', async ({ page }) => {
  test.setTimeout(180_000);
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  for (const id of ['data', 'cohort', 'windows', 'split']) await nb.expectStatus(id, 'fresh');
  await expect.poll(() => page.workers().length).toBeGreaterThan(0);
  // In every worker there is now: the first one handed the grid's run stops at once (no error
  // event, as a worker killed for memory), in the middle of the run. Only the first: it tells the
  // others over a BroadcastChannel, so the Retry may land on any live worker (the pool hands out
  // the first free slot, not necessarily the new one) and still run to the end.
  for (const worker of page.workers()) {
    await worker.evaluate(() => {
      const channel = new BroadcastChannel('e2e-kill-once');
      let killed = false;
      channel.onmessage = () => {
        killed = true;
      };
      self.addEventListener('message', (e: MessageEvent) => {
        if (killed || e.data?.type !== 'execute' || e.data.request?.cellId !== 'grid') return;
        killed = true;
        channel.postMessage('killed');
        self.close();
      });
    });
  }
  await nb.cell('grid').getByTestId('run-grid').click();
  await nb.expectStatus('grid', 'error', 60_000);
  await expect(nb.cell('grid').getByTestId('error-grid')).toContainText('The worker running this step stopped: it crashed or ran out of memory. Only this step failed');
  for (const id of ['data', 'cohort', 'windows', 'split']) await nb.expectStatus(id, 'fresh');
  // Retry: a new worker took the dead one's place and runs it.
  await nb.cell('grid').getByTestId('retry-grid').click();
  await nb.expectStatus('grid', 'fresh', 120_000);
  await expect(nb.cell('grid').getByTestId('error-grid')).toHaveCount(0);
});

test('without IndexedDB the workbench runs and says nothing will be kept', async ({ page }) => {
  await page.addInitScript(() => {
    Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });
  });
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  await expect(page.getByTestId('storage-note')).toContainText('Nothing will be kept in this browser: this browser does not let the page keep data');
  for (const id of ['data', 'cohort', 'describe', 'windows', 'split']) await nb.expectStatus(id, 'fresh');
  await expect(page.getByTestId('page-message')).toHaveCount(0);
  // An edit still recomputes (results live in memory for this tab).
  await nb.cell('windows').getByText('Parameters').click();
  await nb.cell('windows').getByLabel('Outcome').selectOption('best');
  await nb.expectStatus('windows', 'fresh');
  // Clearing local data does not fail where nothing was kept.
  page.once('dialog', (d) => void d.accept());
  await page.getByTestId('clear-local-data').click();
  await nb.expectStatus('data', 'fresh');
});

test('over quota the workbench runs and says the browser has no room left', async ({ page }) => {
  await page.addInitScript(() => {
    const quota = () => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
    IDBObjectStore.prototype.put = quota;
    IDBObjectStore.prototype.add = quota;
  });
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  for (const id of ['data', 'cohort', 'windows', 'split']) await nb.expectStatus(id, 'fresh');
  await expect(page.getByTestId('storage-note')).toContainText('no room left for this site (storage quota exceeded)');
  await expect(page.getByTestId('page-message')).toHaveCount(0);
});

test('the mapping step lists the coded values a column does not read, and a value map chosen there is the load step\'s valueMaps', async ({ page }) => {
  test.setTimeout(120_000);
  // The messy EMR export with its women recorded as "w" (German weiblich).
  const lines = readFileSync('data/messy-emr-example.csv', 'utf8').split('\n');
  const women = lines.slice(1).filter((l) => l.split(',')[1] === 'F').length;
  expect(women).toBeGreaterThan(0);
  const csv = [lines[0], ...lines.slice(1).map((l) => l.replace(/^([^,]*),F,/, '$1,w,'))].join('\n');
  const nb = new NotebookPage(page);
  await nb.open(`${NOTEBOOK}?profile=quick`);
  await nb.expectStatus('data', 'fresh');
  await page.getByTestId('upload').setInputFiles({ name: 'clinic-w.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const flow = page.getByTestId('upload-flow');
  const sex = flow.getByTestId('value-map-sex');
  await expect(sex).toContainText('from “Gender”');
  await expect(sex).toContainText(`“w” · ${women} rows`);
  await expect(flow.getByTestId('value-map-sex-M')).toHaveCount(0); // read as it is

  // Unmapped: its rows are rejected, naming the value.
  await flow.getByTestId('mapping-check').click();
  const report = flow.getByTestId('validation-report');
  const rejectedBefore = Number(await report.getByTestId('rows-rejected').textContent());
  await expect(report).toContainText('not a sex value');
  await flow.getByRole('button', { name: 'Back to the mapping' }).click();

  await flow.getByTestId('value-map-sex-w').selectOption('F');
  await flow.getByTestId('mapping-check').click();
  // As many as the export with its women written "F" (tests/e2e/data-and-privacy.spec.ts: 8).
  expect(rejectedBefore).toBeGreaterThan(8);
  await expect(report.getByTestId('rows-rejected')).toHaveText('8');
  await expect(report).not.toContainText('not a sex value');
  await flow.getByTestId('mapping-confirm').click();
  await nb.expectStatus('data', 'fresh');
  await expect(nb.cell('data')).toContainText('from cache'); // the check ran the load step under these exact parameters
  // The load step's parameter, as the CLI's --value-map sex.w=F writes it.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('save-notebook').click()]);
  const saved = JSON.parse(readFileSync(await download.path(), 'utf8')) as { notebook: { cells: { id: string; params?: Record<string, unknown> }[] } };
  expect(saved.notebook.cells.find((c) => c.id === 'data')?.params?.valueMaps).toEqual({ sex: { w: 'F' } });
});
