// @vitest-environment jsdom
/**
 * The page does not run code steps yet (no trust prompt, no code editor): a notebook file that
 * has one is refused when opened, with a message that names the steps and the CLI's way to run
 * them, and the notebook stays as it was.
 */
import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { inProcessExecutor } from '@/lib/notebook/executor';
import { notebooks } from '@/notebooks';
import { NotebookSession } from '@/components/notebook/session';
import { notebookFileText } from '@/components/notebook/notebook-file';

describe('a notebook file with a code step, opened in the page', () => {
  it('is refused, naming the step and the CLI flag; the document is unchanged', async () => {
    globalThis.fetch = (() => Promise.resolve(new Response('', { status: 404 }))) as typeof fetch;
    const demo = notebooks.find((n) => n.id === 'demo')!;
    const executor = inProcessExecutor(registry, { host: 'node' });
    const pool = { size: 2, execute: executor.execute, terminate() {}, inspect: () => Promise.reject(new Error('not in this test')) };
    const session = new NotebookSession(demo, pool as never);
    await session.start();
    for (let i = 0; i < 200 && !session.ready; i++) await new Promise((r) => setTimeout(r, 5));
    expect(session.ready).toBe(true);
    const before = session.document;
    const withCode = { ...demo, cells: [...demo.cells, { id: 'mine', kind: 'code', inputs: { data: 'data' }, params: { code: 'return 1;', name: 'one' } }] };
    session.openNotebookFile(notebookFileText(withCode, undefined, undefined));
    expect(session.snapshot.message?.kind).toBe('error');
    expect(session.snapshot.message?.text).toMatch(/a code step \(“mine”\).*--trust-code/);
    expect(session.document).toBe(before);
    // The same file without the code step opens.
    session.openNotebookFile(notebookFileText(demo, undefined, undefined));
    expect(session.snapshot.message?.kind).not.toBe('error');
    session.dispose();
  });
});
