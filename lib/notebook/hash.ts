import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** Hex SHA-256 of text (UTF-8) or bytes; the same in Node, a worker and the page. */
export function sha256Hex(data: string | Uint8Array): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
}

/**
 * The same hash of bytes, by the platform's Web Crypto where there is one: a file of tens of
 * megabytes hashed by sha256Hex holds the page's main thread for a second or more, while
 * crypto.subtle hashes it natively without blocking. Falls back to sha256Hex where the page
 * has no subtle crypto (a plain-http address other than localhost).
 */
export async function sha256HexAsync(bytes: Uint8Array): Promise<string> {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) return sha256Hex(bytes);
  return bytesToHex(new Uint8Array(await subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)));
}
