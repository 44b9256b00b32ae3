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

/** A model file as the manifest lists it (`manifest.models`, written by `npm run reproduce`). */
export interface ManifestModelFile {
  file: string;
  cell: string;
  kind: string;
  sha256: string;
  /** SVM files only: whether the support vectors (training rows) are in the file. */
  support_vectors?: boolean;
}

/** The model files the manifest lists for these cells (none for a manifest without `models`). */
export function manifestModelFiles(manifest: Json, cellIds: readonly string[]): ManifestModelFile[] {
  const list = Array.isArray(manifest.models) ? (manifest.models as ManifestModelFile[]) : [];
  return list.filter((m) => m && typeof m.file === 'string' && cellIds.includes(m.cell));
}

/**
 * What happened to the trained SVM, logistic-regression or LSTM models of these cells, for TRIPOD
 * item 22 and the methods: the files written with the run (and whether the SVM's support vectors,
 * training rows, are in them), or how to get them when this export wrote none.
 */
export function windowModelFilesSentence(manifest: Json, cellIds: readonly string[], what: 'svm' | 'logistic' | 'lstm', u: (v: unknown) => string): string {
  const files = manifestModelFiles(manifest, cellIds);
  const schema = 'versioned schema docs/model-file.schema.json';
  if (files.length) {
    const names = files.map((f) => u(f.file)).join(', ');
    if (what !== 'svm') return `written with this run as ${names} (${schema}; SHA-256 in the manifest; no patient rows)`;
    const withRows = files.filter((f) => f.support_vectors === true).length;
    if (withRows === files.length) return `written with this run as ${names} (${schema}; SHA-256 in the manifest) with the support vectors, which are training rows (standardized windows of development patients), included on request (--include-patient-rows)`;
    if (withRows === 0) return `written with this run as ${names} (${schema}; SHA-256 in the manifest) without the support vectors, which are training rows: the files document C, γ, the scaler, the features and the Platt sigmoid but cannot predict (npm run reproduce --include-patient-rows writes them with the support vectors)`;
    return `written with this run as ${names} (${schema}; SHA-256 in the manifest), some with the support vectors (training rows)`;
  }
  const ids = cellIds.map((id) => `models/${u(id)}.json`).join(', ');
  const host = exportHost(manifest);
  const svmNote = what === 'svm' ? '; the SVM’s support vectors are training rows and are written only on request (--include-patient-rows, or the step’s “with support vectors” choice)' : '';
  if (host === 'page') return `not written by the page’s Export all: offered for download in the step, and written by npm run reproduce as ${ids} (${schema})${svmNote}`;
  return `not written as a model file by this run (npm run reproduce writes ${ids}, ${schema})${svmNote}`;
}
