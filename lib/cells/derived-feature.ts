import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { derivedNameProblem, evaluateDerived, windowKey, windowPhrase, type DerivedFeatureDefinition } from '../features/derived';
import { ExpressionError, MAX_EXPRESSION_LENGTH, parseExpression, type DerivedFeatureProblem } from '../features/expression';
import { mean, sd } from '../stats/descriptive';
import { tableArtifact } from '../tables/table-artifact';
import type { LoadedCohort } from './load-cohort';
import type { WindowsOutput } from './windowing';

/** The reader's label a feature gets when none is given: its name with spaces, capitalized ("early_change" → "Early change"). */
export function defaultDerivedLabel(name: string): string {
  const words = name.replace(/_+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export const derivedFeatureParamsSchema = z
  .object({
    /** The feature's code name: a column of the windows, a name the SVM split's `features` may list. */
    name: z
      .string()
      .max(40)
      .default('grade_change')
      .superRefine((name, ctx) => {
        const problem = derivedNameProblem(name);
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
      }),
    /** The reader's label (tables, figures, the methods text); empty: made from the name. */
    label: z.string().max(120).default(''),
    /** One sentence for readers (the glossary of the model file). */
    description: z.string().max(500).default(''),
    /** The expression (lib/features/expression): evaluated per window on the visits up to its present day. */
    expression: z.string().min(1, 'write an expression, e.g. last_grade - first_grade').max(MAX_EXPRESSION_LENGTH).default('last_grade - first_grade'),
  })
  .transform((p) => ({ ...p, label: p.label.trim() || defaultDerivedLabel(p.name) }));
export type DerivedFeatureParams = z.output<typeof derivedFeatureParamsSchema>;

export interface DerivedFeatureSummary {
  name: string;
  label: string;
  expression: string;
  /** Over the development set's classification windows. */
  windows: number;
  mean: number;
  sd: number;
  min: number;
  max: number;
}

/**
 * The windows with the feature's column, every definition so far (`derived`) and their summaries
 * (`summaries`: an earlier derived-feature step's first, this step's last, so the manifest of a
 * chain lists every feature).
 */
export type DerivedFeatureOutput = WindowsOutput & { derived: DerivedFeatureDefinition[]; summaries: DerivedFeatureSummary[] };

/** How many problem windows a message lists before "and N more". */
const LISTED = 5;

function nonFiniteMessage(d: DerivedFeatureDefinition, problems: readonly DerivedFeatureProblem[], windows: number): string {
  const listed = problems.slice(0, LISTED).map((p) => `${windowPhrase(p)}: ${p.value} (${p.reason})`);
  const more = problems.length > LISTED ? `; and ${problems.length - LISTED} more` : '';
  return `Derived feature "${d.name}" (${d.expression}) is not a finite number in ${problems.length} of ${windows} windows: ${listed.join('; ')}${more}. A model cannot be trained on missing values, and none is dropped silently: change the expression (is_missing(x) and if(…) can give a value where it has none) or the windows.`;
}

/**
 * A user's own feature (issue "Your own features"): an expression of the expression language
 * (lib/features/expression) evaluated on every window of the windowing step, with only the
 * patient's visits up to the window's present day, and added to each window as a named column.
 * The output is the windows with that column and its definition appended to `derived`, so a
 * second derived-feature step can follow and the SVM split can select it by name.
 */
export const derivedFeature = defineCell<{ data: LoadedCohort; windows: WindowsOutput }, DerivedFeatureParams, DerivedFeatureOutput>({
  kind: 'derived-feature',
  version: 1,
  title: 'Derived feature',
  description: 'Adds your own feature to every window: an expression over the patient’s grades up to the window’s present visit (no later visit is read).',
  describe: (p) => `Adds “${p.label}” (${p.name} = ${p.expression}) to every window, computed from the patient’s graded visits up to the window’s present visit.`,
  inputs: { data: ['load-cohort'], windows: ['windowing', 'derived-feature'] },
  params: derivedFeatureParamsSchema,
  heavy: false,
  async *run(inputs, params) {
    const w = inputs.windows;
    const before = w.derived ?? [];
    if (before.some((d) => d.name === params.name)) throw new InputError(`Derived feature "${params.name}" is already defined by an earlier derived-feature step: choose another name`);
    try {
      parseExpression(params.expression);
    } catch (e) {
      if (e instanceof ExpressionError) throw new InputError(`Derived feature "${params.name}": ${e.format()}`);
      throw e;
    }
    const def: DerivedFeatureDefinition = { name: params.name, label: params.label, description: params.description, expression: params.expression };
    const all = [...w.classification, ...w.regression, ...w.validation, ...w.validationClassification];
    const { values, problems } = evaluateDerived([def], inputs.data.patients, all);
    const byWindow = values.get(def.name)!;
    const bad = problems.get(def.name)!;
    if (bad.length) throw new InputError(nonFiniteMessage(def, bad, byWindow.size));
    const add = <T extends { patient_id: string; window: number }>(rows: readonly T[]): T[] => rows.map((s) => ({ ...s, [def.name]: byWindow.get(windowKey(s))! }));
    const classification = add(w.classification);
    const dev = classification.map((s) => byWindow.get(windowKey(s))!);
    let lo = Infinity, hi = -Infinity;
    for (const v of dev) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    return {
      ...w,
      classification,
      regression: add(w.regression),
      validation: add(w.validation),
      validationClassification: add(w.validationClassification),
      derived: [...before, def],
      summaries: [
        ...((w as Partial<DerivedFeatureOutput>).summaries ?? []),
        { name: def.name, label: def.label, expression: def.expression, windows: dev.length, mean: dev.length ? mean(dev) : NaN, sd: dev.length > 1 ? sd(dev) : NaN, min: dev.length ? lo : NaN, max: dev.length ? hi : NaN },
      ],
    };
  },
  headline: (out) => ({
    derived_features: out.summaries.map((s) => ({ name: s.name, label: s.label, expression: s.expression, mean: s.mean, sd: s.sd, min: s.min, max: s.max })),
  }),
  artifacts: (out) => {
    const s = out.summaries.at(-1)!;
    const f = (x: number) => (Number.isFinite(x) ? +x.toFixed(3) : null);
    return [
      tableArtifact(
        `derived_feature_${s.name}`,
        [{ name: s.name, label: s.label, expression: s.expression, windows: s.windows, mean: f(s.mean), sd: f(s.sd), min: f(s.min), max: f(s.max) }],
        ['name', 'label', 'expression', 'windows', 'mean', 'sd', 'min', 'max'],
        {
          caption: `Derived feature “${s.label}” (${s.name} = ${s.expression}) over the development set’s ${s.windows} classification windows: mean, SD and range`,
          headers: { name: 'Name', label: 'Feature', expression: 'Expression', windows: 'Windows', mean: 'Mean', sd: 'SD', min: 'Min', max: 'Max' },
          untrustedText: true,
        },
      ),
    ];
  },
});
