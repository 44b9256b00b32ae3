// @vitest-environment jsdom
/**
 * A notebook file with a code step, opened in the page: nothing of it opens, and none of its
 * code runs, until the user has read the code and trusted it (the trust dialog reads
 * `snapshot.pendingTrust`). The answer is remembered for that exact code: the same file opens
 * at once the next time, and a changed line asks again.
 */
import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { inProcessExecutor } from '@/lib/notebook/executor';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import { notebooks } from '@/notebooks';
import { NotebookSession } from '@/components/notebook/session';
import { notebookFileText } from '@/components/notebook/notebook-file';
import { TRUSTED_CODE_KEY } from '@/components/notebook/code-trust';

const demo = notebooks.find((n) => n.id === 'demo')!;
const withCode = (code: string): Notebook => ({ ...demo, cells: [...demo.cells, { id: 'mine', kind: 'code', title: 'Mine', inputs: { data: 'data' }, params: { code, name: 'one' } }] }) as Notebook;

async function startedSession() {
  globalThis.fetch = (() => Promise.resolve(new Response('', { status: 404 }))) as typeof fetch;
  const executor = inProcessExecutor(registry, { host: 'node' });
  const pool = { size: 2, execute: executor.execute, terminate() {}, inspect: () => Promise.reject(new Error('not in this test')) };
  const session = new NotebookSession(demo, pool as never);
  await session.start();
  for (let i = 0; i < 200 && !session.ready; i++) await new Promise((r) => setTimeout(r, 5));
  expect(session.ready).toBe(true);
  return session;
}

afterEach(() => localStorage.clear());

describe('a notebook file with a code step, opened in the page', () => {
  it('waits for the user: shows the code, and Cancel changes nothing', async () => {
    const session = await startedSession();
    const before = session.document;
    session.openNotebookFile(notebookFileText(withCode('return 1;'), undefined, undefined), 'shared.json');
    expect(session.snapshot.pendingTrust).toMatchObject({ fileName: 'shared.json', cells: [{ id: 'mine', code: 'return 1;', inputs: { data: 'data' } }] });
    expect(session.document).toBe(before);
    session.cancelPendingFile();
    expect(session.snapshot.pendingTrust).toBeUndefined();
    expect(session.snapshot.message).toMatchObject({ kind: 'warning', text: expect.stringContaining('not opened') });
    expect(session.document).toBe(before);
    expect(localStorage.getItem(TRUSTED_CODE_KEY)).toBeNull();
    session.dispose();
  });

  it('opens once trusted, remembers that exact code, and asks again when it changes', async () => {
    const session = await startedSession();
    const file = notebookFileText(withCode('return 1;'), undefined, undefined);
    session.openNotebookFile(file, 'shared.json');
    session.trustPendingFile();
    expect(session.snapshot.pendingTrust).toBeUndefined();
    expect(session.document!.cells.map((c) => c.id)).toContain('mine');
    // Back to the notebook without it, then the same file again: it opens at once.
    session.openNotebookFile(notebookFileText(demo, undefined, undefined));
    expect(session.document!.cells.map((c) => c.id)).not.toContain('mine');
    session.openNotebookFile(file, 'shared.json');
    expect(session.snapshot.pendingTrust).toBeUndefined();
    expect(session.document!.cells.map((c) => c.id)).toContain('mine');
    // One character of the code changed: consent again.
    session.openNotebookFile(notebookFileText(withCode('return 2;'), undefined, undefined), 'shared.json');
    expect(session.snapshot.pendingTrust?.cells[0]!.code).toBe('return 2;');
    session.dispose();
  });

  it('a file that does not read as this notebook is refused before any question', async () => {
    const session = await startedSession();
    session.openNotebookFile('{"format":"nope"}', 'bad.json');
    expect(session.snapshot.pendingTrust).toBeUndefined();
    expect(session.snapshot.message?.kind).toBe('error');
    session.dispose();
  });
});
