/**
 * The CLIs' file arguments, checked before anything runs so that a wrong path is a message and
 * exit code 2, never a stack trace after minutes of work:
 *
 * - inputs (--data, --model, --params) must be regular files under a size limit; a folder, a
 *   FIFO or a device (/dev/zero) is refused after a stat, without opening it, so nothing reads
 *   without end or waits for a writer;
 * - output folders (--out) must be folders, or creatable ones, that this user may write to (the
 *   caller decides about a folder that already holds files: reproduce refuses it without --force);
 * - output files (simulate --out, --truth) must not be folders, nor lie under a file.
 */
import { accessSync, closeSync, constants, fstatSync, openSync, readdirSync, readSync, rmSync, statSync, type Stats } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { UsageError } from './args';

/** The largest input read: Node's own limit for one file read into memory. */
export const MAX_INPUT_BYTES = 2 * 1024 ** 3;
/** JSON inputs (model files, simulator parameters) are text parsed at once: a smaller limit. */
export const MAX_JSON_BYTES = 256 * 1024 ** 2;
/**
 * Lowers the limits (never raises them), so that tests can check the size check without writing
 * a 2 GiB file: a whole number of bytes.
 */
export const MAX_INPUT_BYTES_ENV = 'WORKBENCH_CLI_MAX_INPUT_BYTES';

/** The limit in force for inputs whose own limit is `limit`. */
export function inputLimit(limit = MAX_INPUT_BYTES): number {
  const raw = process.env[MAX_INPUT_BYTES_ENV];
  const lowered = raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : Infinity;
  return Math.min(limit, lowered);
}

/** Whole bytes in words: 2 GiB, 256 MiB, 1.5 KiB, 12 bytes. */
export function formatBytes(n: number): string {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${n} bytes` : `${Number(value.toFixed(1))} ${units[unit]}`;
}

function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ELOOP':
      return 'too many symbolic links';
    case 'ENAMETOOLONG':
      return 'the name is too long';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return e.code ?? e.message;
  }
}

/**
 * The stats of an input file that may be read: a regular file of at most `maxBytes`. Throws a
 * UsageError starting with `flag` otherwise; a missing file's message is `missing` when given.
 */
export function checkInputFile(path: string, flag: string, o: { maxBytes?: number; missing?: string } = {}): Stats {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(o.missing ?? `${flag}: file not found: ${path}`);
    throw new UsageError(`${flag}: cannot read ${path}: ${reason(err)}`);
  }
  if (!stats.isFile()) throw new UsageError(`${flag}: ${path} is ${kindOf(stats)}, not a file`);
  const limit = inputLimit(o.maxBytes);
  if (stats.size > limit) throw new UsageError(`${flag}: ${path} is ${formatBytes(stats.size)}, more than the limit of ${formatBytes(limit)}`);
  return stats;
}

/**
 * Reads an input file checked by `checkInputFile`: opened only when it is a regular file, and
 * read up to the size it had (a file replaced between the check and the open is checked again
 * on the open descriptor; a file that grows is read to its checked size).
 */
export function readInputFile(path: string, flag: string, o: { maxBytes?: number; missing?: string } = {}): Buffer {
  checkInputFile(path, flag, o);
  let fd: number;
  try {
    // Non-blocking: had a FIFO taken the file's place since the stat, the open does not wait.
    fd = openSync(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${path}: ${reason(err)}`);
  }
  try {
    const stats = fstatSync(fd);
    if (!stats.isFile()) throw new UsageError(`${flag}: ${path} is ${kindOf(stats)}, not a file`);
    const limit = inputLimit(o.maxBytes);
    if (stats.size > limit) throw new UsageError(`${flag}: ${path} is ${formatBytes(stats.size)}, more than the limit of ${formatBytes(limit)}`);
    const buffer = Buffer.allocUnsafe(stats.size);
    let read = 0;
    while (read < buffer.length) {
      const n = readSync(fd, buffer, read, buffer.length - read, read);
      if (n === 0) break;
      read += n;
    }
    return read === buffer.length ? buffer : buffer.subarray(0, read);
  } catch (err) {
    if (err instanceof UsageError) throw err;
    throw new UsageError(`${flag}: cannot read ${path}: ${reason(err)}`);
  } finally {
    closeSync(fd);
  }
}

/** Not there: no such entry, or a file where the path needs a folder (the walk up says which). */
const isMissing = (err: unknown) => ['ENOENT', 'ENOTDIR'].includes((err as NodeJS.ErrnoException).code ?? '');

/** The nearest existing folder at or above `path`, with a UsageError when a file is in the way. */
function existingAncestor(path: string, flag: string, shown: string): string {
  let at = dirname(path);
  for (;;) {
    let stats: Stats | undefined;
    try {
      stats = statSync(at);
    } catch (err) {
      if (!isMissing(err)) throw new UsageError(`${flag}: cannot create ${shown}: ${reason(err)}`);
    }
    if (stats) {
      if (!stats.isDirectory()) throw new UsageError(`${flag}: cannot create ${shown}: ${at} is a file, not a folder`);
      return at;
    }
    const up = dirname(at);
    if (up === at) return at;
    at = up;
  }
}

function checkWritable(dir: string, flag: string, what: string): void {
  try {
    accessSync(dir, constants.W_OK | constants.X_OK);
  } catch (err) {
    throw new UsageError(`${flag}: cannot write to ${what}: ${reason(err)}`);
  }
}

/**
 * Checks an output folder before anything runs: it is a folder this user may write to, or one
 * that can be created (the nearest existing folder above it is writable and no file is in the
 * way). Returns the entries it already holds ([] when it does not exist yet).
 */
export function checkOutDir(path: string, flag = '--out'): string[] {
  const full = resolve(path);
  let stats: Stats | undefined;
  try {
    stats = statSync(full);
  } catch (err) {
    if (!isMissing(err)) throw new UsageError(`${flag}: cannot use ${full}: ${reason(err)}`);
  }
  if (!stats) {
    const ancestor = existingAncestor(full, flag, full);
    checkWritable(ancestor, flag, `${ancestor} (to create ${full})`);
    return [];
  }
  if (!stats.isDirectory()) throw new UsageError(`${flag}: ${full} is ${stats.isFile() ? 'a file' : kindOf(stats)}, not a folder`);
  checkWritable(full, flag, full);
  try {
    return readdirSync(full);
  } catch (err) {
    throw new UsageError(`${flag}: cannot read ${full}: ${reason(err)}`);
  }
}

/** Checks an output file before anything runs: not a folder, not under a file, and writable. */
export function checkOutFile(path: string, flag: string): void {
  const full = resolve(path);
  let stats: Stats | undefined;
  try {
    stats = statSync(full);
  } catch (err) {
    if (!isMissing(err)) throw new UsageError(`${flag}: cannot write ${full}: ${reason(err)}`);
  }
  if (stats) {
    if (!stats.isFile()) throw new UsageError(`${flag}: ${full} is ${kindOf(stats)}, not a file`);
    try {
      accessSync(full, constants.W_OK);
    } catch (err) {
      throw new UsageError(`${flag}: cannot write ${full}: ${reason(err)}`);
    }
    return;
  }
  const ancestor = existingAncestor(full, flag, full);
  checkWritable(ancestor, flag, `${ancestor} (to create ${full})`);
}

/** What a reproduce run writes into its --out folder, and all that `--force` replaces. */
export const RUN_OUTPUTS = ['manifest.json', 'LABEL.txt', 'figures', 'tables', 'report', 'models'] as const;

/**
 * Removes a previous run's files from `dir` (only `RUN_OUTPUTS`), so that a replaced run leaves
 * no stale figure or table beside the new ones. Anything else in the folder is kept.
 */
export function clearPreviousRun(dir: string): void {
  for (const name of RUN_OUTPUTS) rmSync(join(dir, name), { recursive: true, force: true });
}
