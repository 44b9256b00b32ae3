/**
 * A user's derived feature as the notebook, the SVM split and the model files carry it: its
 * definition (name, reader's label, description, expression), the checks on its name, and the
 * evaluation of every definition on windows (through `deriveFeature`, the expression language's
 * one evaluator, so the notebook and `npm run predict` compute the same values).
 */
import { z } from 'zod';
import type { Patient } from '../data/types';
import { FEATURES, featureLabel } from './dictionary';
import { deriveFeature, type DerivedFeatureProblem, type DerivedFeatureWindow } from './expression';

/** How a derived feature is named: a lower-case identifier, at most 40 characters. */
export const DERIVED_NAME_PATTERN = /^[a-z][a-z0-9_]{0,39}$/;

export const derivedFeatureDefinitionSchema = z.object({
  name: z.string(),
  label: z.string(),
  description: z.string(),
  expression: z.string(),
});
export type DerivedFeatureDefinition = z.infer<typeof derivedFeatureDefinitionSchema>;

/** Columns of a window (and of windows_classification.csv) a derived feature may not shadow. */
export const WINDOW_COLUMNS = ['patient_id', 'window', 'present_day', 'outcome_grade', 'label', 'persistent', 'split', 'fold', 'split_persistent', 'fold_persistent'] as const;

/** Why `name` cannot name a derived feature, or null when it can. */
export function derivedNameProblem(name: string): string | null {
  if (!DERIVED_NAME_PATTERN.test(name)) return `"${name}" is not a feature name: use a lower-case letter, then up to 39 lower-case letters, digits or underscores (e.g. early_change)`;
  const builtIn = Object.keys(FEATURES).find((k) => k.toLowerCase() === name.toLowerCase());
  if (builtIn) return `"${name}" is a built-in feature (${featureLabel(builtIn)}): choose another name`;
  if ((WINDOW_COLUMNS as readonly string[]).includes(name)) return `"${name}" is a column of the windows: choose another name`;
  return null;
}

/** The reader's name of a feature: a derived feature's label, else the dictionary's. */
export function featureLabelOf(name: string, derived: readonly DerivedFeatureDefinition[] | undefined): string {
  return derived?.find((d) => d.name === name)?.label ?? featureLabel(name);
}

/** A sample's value of a feature, built-in or derived (derived values are extra fields on the sample). */
export function featureValue(sample: object, name: string): number {
  return (sample as Record<string, number>)[name]!;
}

/** A window as `problems` name it in messages: the file's patient id (as other steps' messages do), the window and its present day. */
export function windowPhrase(p: Pick<DerivedFeatureProblem, 'patient_id' | 'window' | 'present_day'>): string {
  return `patient "${p.patient_id}" window ${p.window} (present day ${p.present_day})`;
}

/** The key of a window in `evaluateDerived`'s maps. */
export const windowKey = (w: { patient_id: string; window: number }) => `${w.patient_id}|${w.window}`;

/**
 * Each definition evaluated once per distinct window (patient, window number) of `windows`;
 * `values.get(name).get(windowKey(sample))` is a sample's value. Problems (non-finite values) are
 * reported per definition, each window once. Definitions are evaluated independently (one may not
 * read another).
 */
export function evaluateDerived(defs: readonly DerivedFeatureDefinition[], patients: readonly Patient[], windows: readonly DerivedFeatureWindow[]): { values: Map<string, Map<string, number>>; problems: Map<string, DerivedFeatureProblem[]> } {
  const key = windowKey;
  const unique = new Map<string, DerivedFeatureWindow>();
  for (const w of windows) if (!unique.has(key(w))) unique.set(key(w), w);
  const distinct = [...unique.values()];
  const values = new Map<string, Map<string, number>>();
  const problems = new Map<string, DerivedFeatureProblem[]>();
  for (const d of defs) {
    const r = deriveFeature(d.expression, patients, distinct);
    values.set(d.name, new Map(distinct.map((w, i) => [key(w), r.values[i]!])));
    problems.set(d.name, r.problems);
  }
  return { values, problems };
}
