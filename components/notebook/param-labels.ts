/**
 * Readers' words for the parameter forms: a field's label and, for a choice, each option's
 * label and one line of help. The schema keeps its short codes (they are what the notebook
 * file, the CLI's `--set` and the manifest hold); the form shows these instead. Parameters of
 * the same name mean the same thing in every step (a split is a split), so they are keyed by
 * name, and a field inside a block by its path (`lstm.engine`); a parameter not listed keeps
 * the label made from its name and its codes as options.
 */
export interface OptionText {
  label: string;
  help: string;
}
export interface ParamText {
  label?: string;
  options?: Record<string, OptionText>;
}

const SUBSET: ParamText = {
  label: 'Subset',
  options: {
    all: { label: 'All subjects', help: 'Every development patient’s windows.' },
    persistent: { label: 'Persistent palsy subset', help: 'Only patients whose palsy had not resolved at the early visits (the paper’s second analysis).' },
  },
};
const ENGINE: ParamText = {
  label: 'SVM engine',
  options: {
    libsvm: { label: 'libsvm (default)', help: 'LIBSVM, the library scikit-learn wraps, compiled to WebAssembly: the same fits as the Python reference (in the grid, with warm starts off).' },
    'ml-svm': { label: 'ml-svm', help: 'A pure-JavaScript SMO solver; close to libsvm but not identical, for comparison.' },
  },
};
const SPLIT: ParamText = {
  label: 'Train/test split',
  options: {
    samples: { label: 'Over windows (the paper)', help: 'Windows are split at random, so one patient can be on both sides: optimistic.' },
    grouped: { label: 'Grouped by patient', help: 'Every window of a patient is on the same side, as a new patient would be.' },
  },
};
const CI_METHOD: ParamText = {
  label: 'Confidence intervals',
  options: {
    samples: { label: 'Resample windows (the paper)', help: 'Treats windows as independent; too narrow when patients contribute several.' },
    patients: { label: 'Resample patients', help: 'A patient-level bootstrap: each resample takes whole patients with all their windows.' },
  },
};

export const PARAM_TEXT: Readonly<Record<string, ParamText>> = {
  subset: SUBSET,
  engine: ENGINE,
  split: SPLIT,
  ciMethod: CI_METHOD,
  // A boolean: the form shows the label beside a checkbox.
  warmStart: { label: 'Warm-start the fits along C (alpha seeding; libsvm only)' },
  scaling: {
    label: 'Feature scaling in CV',
    options: {
      'training-part': { label: 'Fitted on the whole training part (the paper)', help: 'The scaler sees the CV folds’ held-out windows: a small leak into the grid search.' },
      'within-fold': { label: 'Fitted inside each fold', help: 'Each CV fold scales with its own training windows only.' },
    },
  },
  balanceTest: {
    label: 'Balance test',
    options: {
      student: { label: 'Student’s t-test (the paper)', help: 'Assumes equal variances in the two parts.' },
      welch: { label: 'Welch’s t-test', help: 'Does not assume equal variances.' },
    },
  },
  on: {
    label: 'Importance measured on',
    options: {
      all: { label: 'All samples (the paper)', help: 'Fitted and measured on every window, the training windows included: optimistic.' },
      test: { label: 'The test part', help: 'Fitted on the training part and measured on held-out windows, with a patient-bootstrap spread.' },
    },
  },
  validationWindows: {
    label: 'Temporal-validation windows',
    options: {
      last: { label: 'Last window per patient', help: 'One prediction per patient.' },
      all: { label: 'Every window', help: 'Patients with more visits count more.' },
    },
  },
  plausibility: {
    label: 'Implausible values',
    options: {
      warn: { label: 'Warn and keep the row', help: 'A visit after today or an onset before 1950 is listed in the report and kept.' },
      reject: { label: 'Reject the row', help: 'Such rows are listed in the report and left out.' },
    },
  },
  set: {
    label: 'Patients shown',
    options: {
      development: { label: 'Development cohort', help: 'The patients the models are trained and tested on.' },
      'all-included': { label: 'Every included patient', help: 'The temporal-validation patients too.' },
    },
  },
  separation: {
    label: 'If the outcome is perfectly separated',
    options: {
      ridge: { label: 'Fit with a small ridge penalty', help: 'Maximum likelihood does not exist; a tiny penalty gives finite coefficients, and the page says so.' },
      'not-estimable': { label: 'Report as not estimable', help: 'No numbers are shown for the logistic regression.' },
    },
  },
  model: {
    label: 'Static features',
    options: {
      M1: { label: 'M1: delayed treatment and diabetes', help: 'With sex and age, as in the paper.' },
      M2: { label: 'M2: delayed treatment and hypertension', help: 'With sex and age, as in the paper.' },
      M3: { label: 'M3: diabetes and hypertension', help: 'With sex and age, as in the paper.' },
    },
  },
  'lstm.engine': {
    label: 'LSTM engine',
    options: {
      wasm: { label: 'WebAssembly kernel (default)', help: 'The whole network and its training in one SIMD kernel: the fastest.' },
      fused: { label: 'tfjs, fused operations', help: 'A few hand-written tfjs operations with their gradients.' },
      layers: { label: 'tfjs layers (reference)', help: 'The tfjs layers model the other engines are tested against; the slowest.' },
    },
  },
  'lstm.scaling': {
    label: 'Input scaling',
    options: {
      zscore: { label: 'Standardize (z-score)', help: 'Day and age standardized with the training rows’ mean and SD.' },
      none: { label: 'None', help: 'Raw values are fed to the network.' },
    },
  },
  'lstm.layout': {
    label: 'Inputs per time step',
    options: {
      'sequence+static': { label: 'Grades, days and static features', help: 'Each step carries the visit and the patient’s static features (the paper).' },
      'sequence-only': { label: 'Grades and days only', help: 'The static features are left out.' },
    },
  },
  dateFormat: {
    label: 'Date format',
    options: {
      auto: { label: 'Detect', help: 'Detected from the file; an ambiguous file asks instead of guessing.' },
      iso: { label: 'ISO (yyyy-mm-dd)', help: 'For example 2024-03-07.' },
      'dd/mm/yyyy': { label: 'Day first (dd/mm/yyyy)', help: 'For example 07/03/2024 for 7 March.' },
      'mm/dd/yyyy': { label: 'Month first (mm/dd/yyyy)', help: 'For example 03/07/2024 for 7 March.' },
      'yyyy.mm.dd': { label: 'yyyy.mm.dd', help: 'For example 2024.03.07.' },
      'excel-serial': { label: 'Excel day numbers', help: 'Days since 1899-12-30, as Excel stores dates.' },
    },
  },
};

/** The text for a field at `path` ("split", or "lstm.engine" inside a block). */
export function paramText(path: string): ParamText | undefined {
  return PARAM_TEXT[path];
}

/** The option's reader's text, or the code itself with no help. */
export function optionText(path: string, value: string): OptionText {
  return paramText(path)?.options?.[value] ?? { label: value, help: '' };
}
