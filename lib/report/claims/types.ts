/**
 * What a cell kind says about a run, for the methods paragraph, the TRIPOD+AI checklist and the
 * PROBAST+AI checklist. One module per kind (this folder, named after the kind) reads that
 * kind's parameters (`manifest.parameters[id]`, resolved: every default filled in) and the
 * numbers its headline wrote into the manifest, and returns sentences and checklist answers.
 * lib/report/claims/assemble.ts calls the modules in the order of the notebook's cells, so the
 * texts follow what ran: a cell that did not run says nothing, a changed parameter changes its
 * sentence, and a checklist item no cell answers is left to the author.
 */
export type Json = Record<string, unknown>;

export const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
export const numOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** One cell of the run, as the manifest records it. */
export interface CellRun {
  id: string;
  kind: string;
  /** Its resolved parameters (`manifest.parameters[id]`). */
  params: Json;
}

/** The methods paragraph's sections, in the order a reader expects them when several cells write to them. */
export type Section =
  | 'Study population'
  | 'Windowing of serial grades'
  | 'Recovery classification (SVM)'
  | 'Sample size'
  | 'Discrimination, calibration and clinical usefulness (SVM)'
  | 'Temporal validation'
  | 'Grade regression (LSTM)'
  | 'Leakage and ablation audit'
  | 'Natural history'
  | 'Prognosis model'
  | 'External validation'
  | 'Further analyses';

/** The model families a run may develop or evaluate; PROBAST+AI is answered for each one. */
export type ModelFamily = 'svm' | 'lstm' | 'prognosis' | 'external';

/** PROBAST's answers: yes, probably yes, probably no, no, no information. */
export type Rating = 'Y' | 'PY' | 'PN' | 'N' | 'NI';

export interface Claims {
  /** Sentences of the methods paragraph. */
  methods?: { section: Section; text: string }[];
  /** Parts of TRIPOD+AI answers, by item ("12e"); several cells' parts are joined in notebook order. */
  tripod?: { item: string; text: string }[];
  /** PROBAST+AI signalling questions ("4.8") this kind can answer, for one model family or for every windowed model. */
  probast?: { models: readonly ModelFamily[]; question: string; rating: Rating; text: string }[];
}

export interface ClaimContext {
  manifest: Json;
  /** The cells of this kind that ran (status fresh), in notebook order; copies made for an audit left out. */
  cells: CellRun[];
  /** Writes one manifest string into the output format (an escaper; see lib/report/escape.ts). */
  u: (v: unknown) => string;
  /** The cells of another kind that ran, in notebook order (copies left out). */
  ran: (kind: string) => CellRun[];
}

/** A kind's declaration of what it supports. */
export type KindClaims = (ctx: ClaimContext) => Claims;

/** "[author to complete: …]": the marker every unanswered part carries. */
export const author = (what: string) => `[author to complete: ${what}]`;

/** "a", "a and b", "a, b and c". */
export function andList(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** A share as a reader writes it: 0.3 → "30%". */
export const percent = (x: number) => (Number.isFinite(x) ? `${+(x * 100).toFixed(1)}%` : '?');

/** A value with its 95% CI from a manifest block `{ value, ci_low, ci_high }`, or undefined. */
export function withCi(block: unknown, digits = 3): string | undefined {
  const b = obj(block);
  const v = numOf(b.value);
  if (v === undefined) return undefined;
  const lo = numOf(b.ci_low), hi = numOf(b.ci_high);
  return lo !== undefined && hi !== undefined ? `${v.toFixed(digits)} (95% CI ${lo.toFixed(digits)}–${hi.toFixed(digits)})` : v.toFixed(digits);
}

/** "SVM: " before a sentence, its first word lowered unless it is an acronym ("SVM: features were…", "SVM: SAD4 is…"). */
export function tagged(tag: string, sentence: string): string {
  const lower = /^[A-Z][a-z]/.test(sentence) ? sentence.charAt(0).toLowerCase() + sentence.slice(1) : sentence;
  return `${tag}: ${lower}`;
}
