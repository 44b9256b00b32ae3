import { readReference } from './reference';

/** The validation fixtures (scripts/reference/make_validation_fixtures.py, validation_reference.R). */
export interface ValidationCases {
  scores: Record<'ties' | 'imbalanced' | 'tiny' | 'svm', { y: number[]; score: number[] }>;
  probabilities: Record<'miscalibrated' | 'calibrated' | 'platt', { y: number[]; p: number[] }>;
}

export interface CurveFixture {
  auc: number;
  roc: { fpr: number[]; tpr: number[]; thresholds: number[] };
  pr: { precision: number[]; recall: number[]; thresholds: number[] };
  averagePrecision: number;
}

export interface DecisionPointFixture {
  threshold: number;
  tp: number;
  fp: number;
  model: number;
  treatAll: number;
}

export interface SklearnValidation {
  curves: Record<keyof ValidationCases['scores'], CurveFixture>;
  bootstrap: Record<'ties' | 'svm' | 'tiny', { indices: number[][]; used: number; skipped: number; lower: number; upper: number }>;
  platt: {
    C: number;
    gamma: number;
    cvDecision: number[];
    sklearn: { A: number; B: number; objective: number };
    tight: { A: number; B: number; objective: number; gradient: number[] };
    testDecision: number[];
    testProbability: number[];
  };
  decisionCurve: {
    thresholds: number[];
    hand: { events: number[]; risk: number[]; points: DecisionPointFixture[] };
    platt: DecisionPointFixture[];
  };
  sampleSize: {
    vectors: { rsquared: number; parameters: number; prevalence: number; n: number[]; epp: number[] }[];
    cstatistic: { c: number; prevalence: number; r2cs: number }[];
  };
}

export interface RCalibration {
  brier: number;
  valProbIntercept: number;
  valProbSlope: number;
  emax: number;
  e90: number;
  eavg: number;
  e50: number;
  smooth: number[];
  intercept: number;
  recalibrationIntercept: number;
  slope: number;
  iciLoess: number;
}

export interface RValidation {
  versions: Record<string, string>;
  discrimination: Record<keyof ValidationCases['scores'], { auc: number; variance: number; ciLow: number; ciHigh: number }>;
  calibration: Record<keyof ValidationCases['probabilities'], RCalibration>;
  cstatisticSimulation: { c: number; prevalence: number; r2cs: number }[];
}

export const cases = () => readReference<ValidationCases>('validation_cases.json');
export const sklearnRef = () => readReference<SklearnValidation>('validation_sklearn.json');
export const rRef = () => readReference<RValidation>('validation_r.json');
