import { z } from 'zod';
import { defineCell, type Artifact } from '../notebook/define-cell';
import { CancelledError, InputError } from '../notebook/errors';
import { tableArtifact } from '../tables/table-artifact';
import type { RunCodeResult } from '../sandbox/run-code';
import { renderSvgTree, svgWidthPx } from '../sandbox/svg-sanitize';

/** Longest code a cell may hold (characters). */
export const MAX_CODE_LENGTH = 100_000;

export const DEFAULT_CODE = `// Your inputs are variables (and all of them are in \`inputs\`).
// Return a value, a table (aq.from(records) or an array of records) or a figure (Plot.plot(…)).
return Object.keys(inputs);`;

export const codeCellParamsSchema = z.object({
  /** The body of a JavaScript function run in the QuickJS sandbox (lib/sandbox/run-code.ts): `return` gives the result. */
  code: z.string().max(MAX_CODE_LENGTH, `at most ${MAX_CODE_LENGTH} characters`).default(DEFAULT_CODE),
  /** File name of the table or figure it exports (letters, digits, - and _). */
  name: z.string().regex(/^[A-Za-z0-9_-]{1,60}$/, 'letters, digits, - and _ (1 to 60)').default('code_result'),
  /** Seconds the code may run before it is stopped. */
  timeLimitSeconds: z.number().min(0.1, 'at least 0.1 s').max(600, 'at most 600 s').default(10),
  /** The sandbox's memory (arquero and Plot included), MiB. */
  memoryLimitMiB: z.number().int().min(64, 'at least 64 MiB').max(2048, 'at most 2048 MiB').default(256),
});
export type CodeCellParams = z.output<typeof codeCellParamsSchema>;

/** What the code returned (a value, a table, or a sanitized figure) and its console lines. */
export type CodeCellOutput = Exclude<RunCodeResult, { kind: 'error' }>;

const MAX_VALUE_PREVIEW = 100_000;

function isCodeOutput(value: unknown): value is CodeCellOutput {
  const v = value as Partial<CodeCellOutput> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.logs) && (v.kind === 'value' || v.kind === 'table' || v.kind === 'figure');
}

/**
 * What a code cell's code sees of an input: another code cell's result as what that code
 * returned (a table as an array of records, ready for aq.from; a value as itself; a figure as
 * its sanitized SVG text); any other step's output as it is (copied in as JSON).
 */
export function asCodeInput(value: unknown): unknown {
  if (!isCodeOutput(value)) return value;
  if (value.kind === 'table') return value.rows.map((r) => Object.fromEntries(value.columns.map((c, i) => [c, r[i] ?? null])));
  if (value.kind === 'figure') return { svg: value.svg };
  return value.value;
}

/**
 * A JavaScript code cell (issue #27): user code with arquero and Observable Plot, run in a
 * QuickJS WebAssembly sandbox that sees only the inputs the notebook gives it (as JSON copies),
 * with no network, storage, DOM or clock, under a time, memory and stack limit. Its inputs are
 * free (`freeInputs`): the notebook names them, and each becomes a variable of the code. The
 * page runs it in a compute worker, the CLI only with `--trust-code` (see docs/SECURITY.md).
 */
export const codeCell = defineCell<Record<string, unknown>, CodeCellParams, CodeCellOutput>({
  kind: 'code',
  version: 1,
  title: 'Code',
  description: 'Runs your own JavaScript (with arquero and Observable Plot) in a sandbox that sees only this step’s inputs (another code step’s table as records): no network, storage or page.',
  describe: (p) => `Runs ${p.code.split('\n').length} line${p.code.split('\n').length === 1 ? '' : 's'} of your JavaScript in a sandbox (at most ${p.timeLimitSeconds} s and ${p.memoryLimitMiB} MiB) that sees only this step’s inputs.`,
  inputs: {},
  freeInputs: true,
  params: codeCellParamsSchema,
  heavy: true,
  paramsInView: ['code'],
  async *run(inputs, params, ctx) {
    yield { fraction: 0, message: 'Starting the sandbox' };
    const { runCode } = await import('../sandbox/run-code');
    ctx.signal.throwIfAborted();
    const result = await runCode({
      code: params.code,
      inputs: Object.fromEntries(Object.entries(inputs).map(([name, value]) => [name, asCodeInput(value)])),
      // The cell's own stream (forked from the notebook seed by its id): two code cells draw different numbers.
      seed: ctx.rng.fork('code-sandbox').nextUint32(),
      timeLimitMs: Math.round(params.timeLimitSeconds * 1000),
      memoryLimitBytes: params.memoryLimitMiB * 1024 * 1024,
      signal: ctx.signal,
    });
    if (result.kind === 'error') {
      if (result.error.type === 'cancelled') throw new CancelledError();
      const logs = result.logs.length ? ` Console (last lines): ${result.logs.slice(-3).join(' | ').slice(0, 500)}` : '';
      throw new InputError(`Code step: ${result.error.message}${logs}`);
    }
    return result;
  },
  headline: (out, params) => ({
    [`code.${params.name}`]: out.kind === 'table' ? { kind: 'table', rows: out.rows.length, columns: out.columns.length } : out.kind === 'figure' ? { kind: 'figure', removed: out.removed.length } : { kind: 'value' },
  }),
  artifacts: (out, params): Artifact[] => {
    if (out.kind === 'table') {
      const rows = out.rows.map((r) => Object.fromEntries(out.columns.map((c, i) => [c, r[i] ?? null])));
      return [tableArtifact(params.name, rows, out.columns, { caption: `Table returned by the code step (${out.rows.length} rows).`, untrustedText: true, markdown: out.rows.length <= 500, latex: out.rows.length <= 500, preview: out.rows.length <= 2000 })];
    }
    if (out.kind === 'figure') {
      const removed = out.removed.length ? ` The sanitizer removed: ${out.removed.join(', ')}.` : '';
      return [
        {
          type: 'figure',
          name: params.name,
          widthPx: svgWidthPx(out.tree),
          caption: `${out.caption ?? 'Figure drawn by the code step.'}${removed}`,
          description: 'A figure drawn by the code step’s own code (Observable Plot), shown as sanitized SVG.',
          render: (document) => renderSvgTree(document, out.tree),
        },
      ];
    }
    let text = JSON.stringify(out.value) ?? 'null';
    if (text.length > MAX_VALUE_PREVIEW) text = `${text.slice(0, MAX_VALUE_PREVIEW)}…`;
    return [tableArtifact(params.name, [{ value: text }], ['value'], { caption: 'Value returned by the code step (JSON).', untrustedText: true, headers: { value: 'Value (JSON)' } })];
  },
});
