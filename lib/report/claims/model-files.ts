import type { Json } from './types';

/**
 * Which host wrote the export, from `manifest.backend`: `npm run reproduce` records "node, tfjs
 * …" and writes the model files (models/<cell>.json); the page's "Export all" records "browser"
 * and writes none. Anything else (a manifest built elsewhere) is "unknown".
 */
export function exportHost(manifest: Json): 'cli' | 'page' | 'unknown' {
  const b = typeof manifest.backend === 'string' ? manifest.backend : '';
  return b.startsWith('node') ? 'cli' : b === 'browser' ? 'page' : 'unknown';
}

/** "written with this run as models/x.json" / what the page and the CLI do, for one model file. */
export function modelFileSentence(manifest: Json, files: string): string {
  const host = exportHost(manifest);
  if (host === 'cli') return `written with this run as ${files} (versioned schema, no patient rows)`;
  if (host === 'page') return `not written by the page’s Export all; npm run reproduce on this notebook writes ${files} (versioned schema, no patient rows)`;
  return `written as ${files} by npm run reproduce (versioned schema, no patient rows; the page’s Export all writes no model files)`;
}
