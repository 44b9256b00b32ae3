/** What the page says once a notebook file is open (components/notebook/session/open-file.ts). */
import { describe, expect, it } from 'vitest';
import { openedFileMessage } from '@/components/notebook/session/open-file';
import { BUNDLED_DATA, fetchBundled, ownDataMessage } from '@/components/notebook/session/data-files';

const opened = (name: string | undefined, warn: boolean) => ({ data: name ? { name, sha256: 'a' } : undefined, dataWarning: (sha?: string) => (warn && sha !== 'a' ? `saved with ${name}` : undefined) });
const bundled = { name: BUNDLED_DATA.name, isBundled: true, sha256: 'b', bytes: 1 };
const own = { name: 'mine.csv', isBundled: false, sha256: 'c', bytes: 1 };

describe('openedFileMessage', () => {
  it('says nothing when the file was saved with the data loaded', () => {
    expect(openedFileMessage(opened('x.csv', false) as never, own)).toBeUndefined();
  });
  it('offers the bundled cohort when the file was saved with it', () => {
    expect(openedFileMessage(opened(BUNDLED_DATA.name, true) as never, own)).toEqual({ kind: 'warning', text: `saved with ${BUNDLED_DATA.name}`, actions: [{ kind: 'use-bundled' }] });
  });
  it('names the user’s file it was saved with, and the way back when on another file', () => {
    expect(openedFileMessage(opened('clinic.csv', true) as never, bundled)!.actions).toEqual([{ kind: 'open-data', name: 'clinic.csv' }]);
    expect(openedFileMessage(opened('clinic.csv', true) as never, own)!.actions).toEqual([{ kind: 'open-data', name: 'clinic.csv' }, { kind: 'use-bundled' }]);
  });
});

describe('data files', () => {
  it('fetches the bundled cohort, or says why not', async () => {
    const ok = await fetchBundled((() => Promise.resolve(new Response(new Uint8Array([97, 10])))) as unknown as typeof fetch);
    expect(ok).toMatchObject({ name: BUNDLED_DATA.name, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await expect(fetchBundled((() => Promise.resolve(new Response('', { status: 404, statusText: 'Not Found' }))) as unknown as typeof fetch)).rejects.toThrow('The bundled cohort could not be loaded (404 Not Found).');
  });
  it('the own-data message offers the way back', () => {
    expect(ownDataMessage('mine.csv')).toMatchObject({ kind: 'warning', actions: [{ kind: 'use-bundled' }], text: expect.stringContaining('your file mine.csv') });
  });
});
