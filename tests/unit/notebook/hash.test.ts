import { afterEach, describe, expect, it, vi } from 'vitest';
import { sha256Hex, sha256HexAsync } from '@/lib/notebook/hash';

// FIPS 180-2 test vector: SHA-256("abc").
const ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('sha256HexAsync', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('gives the published digest of "abc", as sha256Hex does', async () => {
    const bytes = new TextEncoder().encode('abc');
    expect(await sha256HexAsync(bytes)).toBe(ABC);
    expect(sha256Hex(bytes)).toBe(ABC);
  });

  it('agrees with sha256Hex on a few megabytes (the Web Crypto path)', async () => {
    const bytes = new Uint8Array(3_000_017);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 2654435761) >>> 24;
    expect(await sha256HexAsync(bytes)).toBe(sha256Hex(bytes));
  });

  it('falls back to sha256Hex where there is no subtle crypto', async () => {
    vi.stubGlobal('crypto', undefined);
    expect(await sha256HexAsync(new TextEncoder().encode('abc'))).toBe(ABC);
  });
});
