import type { CellKind } from './index';

/**
 * Where each built-in step is defined: its kind -> the repository-relative path of the file
 * that declares it (shown as "Source: lib/cells/….ts" in a step's Details). A plain path, not a
 * URL: the app does not serve its source and the project has no public address for it.
 * Typed by `CellKind`, so a kind registered in lib/cells/index.ts without a line here fails the
 * type check; tests/unit/cells/cell-sources.test.ts checks each file declares its kind.
 */
export const CELL_SOURCES: Readonly<Record<CellKind, string>> = {
  'baseline-models': 'lib/cells/baseline-models.ts',
  'classification-eval': 'lib/cells/classification-eval.ts',
  code: 'lib/cells/code-cell.ts',
  'cohort-description': 'lib/cells/cohort-description.ts',
  'cohort-inclusion': 'lib/cells/cohort-inclusion.ts',
  'dataset-summary': 'lib/cells/dataset-summary.ts',
  'derived-feature': 'lib/cells/derived-feature.ts',
  'external-validation': 'lib/cells/external-validation.ts',
  'guess-first': 'lib/cells/guess-first.ts',
  'leakage-audit': 'lib/cells/leakage-audit.ts',
  'load-cohort': 'lib/cells/load-cohort.ts',
  'load-model': 'lib/cells/load-model.ts',
  'lstm-calibration': 'lib/cells/lstm-calibration.ts',
  'lstm-regression': 'lib/cells/lstm-regression.ts',
  'lstm-report': 'lib/cells/lstm-report.ts',
  'lstm-split': 'lib/cells/lstm-split.ts',
  'model-card': 'lib/cells/model-card.ts',
  'paired-difference': 'lib/cells/paired-difference.ts',
  'permutation-importance': 'lib/cells/permutation-importance.ts',
  'prognosis-model': 'lib/cells/prognosis-model.ts',
  'sample-size': 'lib/cells/sample-size.ts',
  'svm-calibration': 'lib/cells/svm-calibration.ts',
  'svm-decision-curve': 'lib/cells/svm-decision-curve.ts',
  'svm-discrimination': 'lib/cells/svm-discrimination.ts',
  'svm-grid': 'lib/cells/svm-grid.ts',
  'svm-optimism': 'lib/cells/svm-optimism.ts',
  'svm-split': 'lib/cells/svm-split.ts',
  'hb-scale': 'lib/cells/teaching-content.ts',
  'clinical-context': 'lib/cells/teaching-content.ts',
  'natural-history': 'lib/cells/teaching-content.ts',
  'temporal-validation': 'lib/cells/temporal-validation.ts',
  'what-if-patient': 'lib/cells/what-if-patient.ts',
  windowing: 'lib/cells/windowing.ts',
};

/** The file that defines a built-in step, or undefined for a kind that is not built in. */
export function cellSource(kind: string): string | undefined {
  return Object.hasOwn(CELL_SOURCES, kind) ? CELL_SOURCES[kind as CellKind] : undefined;
}
