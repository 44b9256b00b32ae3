import { canonicalJson } from './canonical-json';
import { sha256Hex } from './hash';

export interface CacheKeyParts {
  kind: string;
  version: number;
  /** Resolved parameters (defaults filled), so that spelling out a default changes nothing. */
  params: unknown;
  seed: number;
  /** The label the cell's random stream is forked from (executor.ts `cellRng`). */
  stream: string;
  /** Upstream cache keys by input name. */
  upstream: Record<string, string>;
  /** The dataset's sha256, for cells that read the source. */
  source?: string;
}

/**
 * Key of a cell result: hash(kind, version, canonical params, seed, stream, upstream keys[, source]).
 * It depends on the data only through the source hash and the upstream keys, never on outputs.
 */
export function cacheKey(parts: CacheKeyParts): string {
  return sha256Hex(canonicalJson({ ...parts, source: parts.source ?? null })).slice(0, 32);
}
