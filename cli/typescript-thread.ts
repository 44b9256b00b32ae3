import { Worker } from 'node:worker_threads';

/**
 * A worker_thread running a TypeScript module of cli/: a two-line ESM bootstrap registers tsx's
 * loader in the thread (loader hooks are per thread) and imports the module.
 */
export function typescriptThread(entry: URL, workerData: unknown): Worker {
  const tsxApi = import.meta.resolve('tsx/esm/api');
  const bootstrap = `import { register } from ${JSON.stringify(tsxApi)}; register(); await import(${JSON.stringify(entry.href)});`;
  return new Worker(new URL(`data:text/javascript,${encodeURIComponent(bootstrap)}`), { workerData });
}
