import { parseArgs, type ParseArgsConfig } from 'node:util';
import { writeErr } from './terminal-text';

/** A usage problem: the CLI prints the message and the usage text, and exits with code 2. */
export class UsageError extends Error {}

/** Parses flags strictly (unknown flags are errors), tolerating npm's `--` separator. */
export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''));
  }
}

/**
 * Runs a CLI main, mapping UsageError and input errors to exit code 2 with a message. Messages
 * quote arguments and file contents, so they are written through terminalSafe.
 */
export async function runMain(usage: string, main: () => Promise<number>): Promise<void> {
  try {
    process.exitCode = await main();
  } catch (err) {
    if (err instanceof UsageError || ['InputError', 'IngestError'].includes((err as Error)?.name)) {
      writeErr(`error: ${(err as Error).message}\n\n${usage}\n`);
      process.exitCode = 2;
    } else {
      writeErr(`${(err as Error)?.stack ?? err}\n`);
      process.exitCode = 1;
    }
  }
}
