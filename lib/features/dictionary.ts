/**
 * The one place that names every feature for readers. Code keeps the paper's short names
 * (SAD4, delayed_treatment); figures, tables, forms and the glossary show `label` (which
 * keeps the short name in brackets, so a reader can match it to the paper) and `definition`.
 *
 * Windows are re-centred on their present (third) visit: SAD are days relative to that visit,
 * SAG the grades at the window's visits and at the outcome visit (PIPELINE.md step 3).
 */
export interface FeatureEntry {
  /** Short, for axes and table rows: "Days to outcome visit (SAD4)". */
  label: string;
  /** One sentence, for the glossary and tooltips. */
  definition: string;
  unit?: string;
}

export const FEATURES = {
  sex: { label: 'Sex (male)', definition: 'Sex of the patient, coded 1 for male and 0 for female.' },
  age: { label: 'Age (years)', definition: 'Age at onset, in years.', unit: 'years' },
  hypertension: { label: 'Hypertension', definition: 'History of hypertension (1 = yes).' },
  diabetes: { label: 'Diabetes mellitus', definition: 'History of diabetes mellitus (1 = yes).' },
  delayed_treatment: { label: 'Delayed treatment (> 7 days)', definition: 'Steroid treatment started more than 7 days after onset (1 = yes).' },
  SAD1: {
    label: 'Day of 1st window visit (SAD1)',
    definition: 'Days from the present visit back to the first visit of the window (negative); in anchored windows the first visit is the virtual pre-onset visit on day −1.',
    unit: 'days',
  },
  SAD2: { label: 'Day of 2nd window visit (SAD2)', definition: 'Days from the present visit back to the second visit of the window (negative).', unit: 'days' },
  SAD3: { label: 'Day of present visit (SAD3)', definition: 'Days from the present visit to itself: always 0 (windows are re-centred on it).', unit: 'days' },
  SAD4: { label: 'Days to outcome visit (SAD4)', definition: 'Days from the present visit to the later visit whose grade is predicted.', unit: 'days' },
  SAG1: {
    label: 'Grade at 1st window visit (SAG1)',
    definition: 'House–Brackmann grade at the first visit of the window; in anchored windows the virtual pre-onset grade I, so constant.',
    unit: 'grade',
  },
  SAG2: { label: 'Grade at 2nd window visit (SAG2)', definition: 'House–Brackmann grade at the second visit of the window.', unit: 'grade' },
  SAG3: { label: 'Grade at present visit (SAG3)', definition: 'House–Brackmann grade at the present (third, latest) visit of the window.', unit: 'grade' },
  SAG4: { label: 'Grade at outcome visit (SAG4)', definition: 'House–Brackmann grade at the later (outcome) visit: the regression target.', unit: 'grade' },
} as const satisfies Record<string, FeatureEntry>;

export type FeatureKey = keyof typeof FEATURES;

/** The reader's name of a feature; an unknown name is returned as it is (a user's own column). */
export function featureLabel(key: string): string {
  return (FEATURES as Record<string, FeatureEntry>)[key]?.label ?? key;
}

/** The feature list of a model or explorer run, for captions: "Sex (male), Age (years), …". */
export function featureList(keys: readonly string[]): string {
  return keys.map(featureLabel).join(', ');
}

/** The three LSTM models of the paper, by their static features (each also has sex and age). */
export const MODEL_DESCRIPTIONS = {
  M1: 'delayed treatment and diabetes',
  M2: 'delayed treatment and hypertension',
  M3: 'diabetes and hypertension',
} as const;

/** Subsets, for titles and captions. */
export const SUBSET_LABELS = { all: 'All subjects', persistent: 'Persistent palsy subset' } as const;

/** The glossary as Markdown (the notebook's glossary cell shows this text). */
export function glossaryMarkdown(): string {
  const rows = Object.entries(FEATURES).map(([key, f]) => `| ${key} | ${f.label.replace(/ \([A-Z]+\d\)$/, '')} | ${f.definition} |`);
  return [
    '| Name | Meaning | Definition |',
    '| --- | --- | --- |',
    ...rows,
  ].join('\n');
}
