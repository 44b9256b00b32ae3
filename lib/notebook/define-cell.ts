import type { z } from 'zod';
import type { Rng } from '../stats/random';
import { ParamsError } from './errors';
import type { ExecutionEnv } from './execution-env';
import type { CellTask, FanOut } from './tasks';

export type { ExecutionEnv } from './execution-env';

/** What a running cell reports between its start and its result. */
export interface Progress {
  /** 0..1 */
  fraction: number;
  message?: string;
  /** Live numbers for the view (a loss value, a filled grid cell, ...): plain data only. */
  metrics?: Record<string, unknown>;
}

/** The dataset a notebook runs on: the bundled cohort, an upload, or a file given to the CLI. */
export interface DataSource {
  name: string;
  sha256: string;
  /** The file as text; '' when `bytes` holds it (readers decode the bytes themselves, once, with encoding checks). */
  text: string;
  /** Raw bytes: what the page and the CLI read; required for binary formats (XLSX). */
  bytes?: Uint8Array;
}

/** What every run receives besides its inputs and parameters. */
export interface CellContext {
  /** Seeded stream for this cell, derived from the notebook seed and the cell id. */
  rng: Rng;
  seed: number;
  signal: AbortSignal;
  /** Present for cells defined with `usesSource: true`. */
  source?: DataSource;
  /** Where the host keeps assets the cell may load (e.g. WebAssembly binaries in a browser). */
  env: ExecutionEnv;
  /**
   * Runs this cell's `tasks` on the threads the host lends (the browser's worker pool, Node's
   * worker_threads) and yields results as they finish. Injected by the executor; absent (a cell
   * run by hand in a test) means: run them here, in order. See `fanOut` in tasks.ts.
   */
  fanOut?: FanOut;
}

export type CellRun<I, P, O> = (inputs: I, params: P, ctx: CellContext) => AsyncGenerator<Progress, O, void>;

/** A file a cell contributes to an export (CLI `--out` folder or the browser's zip). */
export type Artifact =
  | {
      type: 'table';
      name: string;
      csv: string;
      markdown?: string;
      latex?: string;
      /** false: a data table offered for download only (too long to read on screen). */
      preview?: boolean;
      caption?: string;
      /**
       * Reader's column headings ("MAE (grades)", "p"), in the CSV's column order; the CSV
       * keeps the code names (a data contract), the page, Markdown, LaTeX and Word use these.
       */
      header?: string[];
      /** Data rows of the CSV, where known without writing it (a lazily written large table). */
      rowCount?: number;
    }
  | {
      type: 'figure';
      name: string;
      /**
       * Builds an `<svg>` or a figure element with the injected document; `widthMm` is the
       * printed width (a journal preset or any width), absent = the figure's own default.
       */
      render: (document: Document, options?: { widthMm?: number }) => Element;
      widthPx: number;
      /** The figure's default printed width in mm. */
      widthMm?: number;
      /** A caption written from the parameters and results actually used. */
      caption?: string;
      /**
       * What the figure shows and its key numbers, in one to three plain sentences written from
       * the data drawn (not from the parameters alone): the text a screen reader gets after the
       * figure's name, and the figure's text alternative in exports.
       */
      description?: string;
      /**
       * The numbers behind the figure, one row per drawn point, bar or cell, with reader's
       * column headings: offered one click away as a table (and as CSV) for readers who cannot
       * see the figure and for checking it.
       */
      data?: FigureData;
    };

/** The table behind a figure: reader's headings and rows of already-rounded values. */
export interface FigureData {
  columns: string[];
  rows: Array<Array<string | number | null>>;
}

export interface CellDefinition<I = Record<string, unknown>, P = unknown, O = unknown> {
  kind: string;
  /** Bump when the computation changes: it is part of the cache key. */
  version: number;
  title: string;
  /** One line: what this step does, shown under the title. */
  description: string;
  /**
   * The description written from the parameters actually set ("100 permutations per
   * feature", "split 7:3, seed 7"); shown instead of `description` when present.
   */
  describe?: (params: P) => string;
  /** Input name -> the cell kinds that may feed it. */
  inputs: { [K in keyof I]: readonly string[] };
  /** Inputs a notebook may leave out (the run then sees them undefined). */
  optionalInputs?: readonly (keyof I & string)[];
  /**
   * The notebook names this cell's inputs: any names (plain identifiers), each fed by a cell of
   * any kind (a code cell). `inputs` then lists none, and the run gets exactly the named ones.
   */
  freeInputs?: boolean;
  params: z.ZodType<P>;
  /** Heavy cells (model fits) wait for Run; cheap ones re-run as soon as they are stale. */
  heavy: boolean;
  usesSource?: boolean;
  /**
   * Its parameters describe the loaded file (column mapping, date format, sheet, value maps):
   * an upload's mapping step checks the file under new ones and sets them all with the file.
   */
  fileSettings?: boolean;
  /** One of its parameters chooses the model's input features: the feature-set explorer varies it. */
  featureSet?: { param: string; family: 'svm' | 'lstm' };
  /** Its output evaluates a model family: the feature-set explorer compares it across feature sets. */
  evaluates?: 'svm' | 'lstm';
  /**
   * Its view edits its parameters (the what-if sliders, the quiz's answer, the opened model
   * file, a code step's code), so the view is drawn before the cell has an output. `true`: the
   * parameters form shows them as well; a list: those are edited in the view only (the form
   * leaves them out; the JSON editor still has them).
   */
  paramsInView?: true | readonly string[];
  /** The model family whose development or evaluation it reports: the checklists answer per family (lib/report/claims). */
  modelFamily?: 'svm' | 'lstm' | 'prognosis' | 'external';
  /**
   * A fresh run has a window-level model file to save: the page offers "Download model"
   * (lib/models/run-models.ts writes it) and the methods name the file. `name`: the model in
   * the methods' words ("the SVM").
   */
  windowModel?: { kind: 'svm' | 'logistic' | 'lstm'; name: string };
  run: CellRun<I, P, O>;
  /**
   * Named pieces of work the run hands to `ctx.fanOut` (plain data in and out: they may run in
   * another worker). Their results must not depend on where they run.
   */
  tasks?: Readonly<Record<string, CellTask>>;
  /** Numbers for the run manifest, merged at the top level (`{ 'svm.all.best': ... }` style paths). */
  headline?: (output: O, params: P) => Record<string, unknown>;
  /** Tables and figures this cell exports (`inputs`: the upstream outputs it ran on). */
  artifacts?: (output: O, params: P, inputs: I) => Artifact[];
}

/** Any cell definition, for registries and the runtime. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyCellDefinition = CellDefinition<any, any, any>;

/**
 * Declares a cell kind. Types flow from the zod schema and the run function.
 *
 * @example
 *   export const countRows = defineCell({
 *     kind: 'count-rows', version: 1, title: 'Count', description: 'Counts rows',
 *     inputs: {}, params: z.object({}), heavy: false,
 *     async *run() { return 3; },
 *   });
 */
export function defineCell<I extends Record<string, unknown>, P, O>(def: CellDefinition<I, P, O>): CellDefinition<I, P, O> {
  if (!/^[a-z][a-z0-9-]*$/.test(def.kind)) throw new Error(`defineCell: kind "${def.kind}" must be kebab-case`);
  if (!Number.isInteger(def.version) || def.version < 1) throw new Error(`defineCell(${def.kind}): version must be a positive integer`);
  return Object.freeze(def);
}

/** Parameters with every default filled in; throws a ParamsError (an InputError) naming each bad field. */
export function resolveParams<P>(def: CellDefinition<unknown, P, unknown>, raw: unknown): P {
  const parsed = def.params.safeParse(raw ?? {});
  if (!parsed.success) throw new ParamsError(def.kind, parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })));
  return parsed.data;
}
