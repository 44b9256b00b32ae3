import { describe, expect, it } from 'vitest';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { FIGURE_MODEL_RULE, lstmReport, pickFigureModel, selectionRow, temporalWarnings } from '@/lib/cells/lstm-report';
import { collectWarnings } from '@/lib/validation/warnings';

const m = (value: number) => ({ value, ci_low: value - 0.2, ci_high: value + 0.2 });
const set = (n: number, lstm: number, locf: number, linear: number) => ({ n, lstm: { mae: m(lstm) }, baseline_locf: { mae: m(locf) }, baseline_linear: { mae: m(linear) } });
const fake = (model: string, test: [number, number, number], validation: [number, number, number] | null) =>
  ({ subset: 'all', model, evaluation: { test: set(100, ...test), validation: validation ? set(17, ...validation) : null } }) as unknown as LstmRegressionOutput;

describe('lstm-report: the temporal validation counts', () => {
  // As measured in issue 24: M1 better than both baselines on the test part, worse on the temporal validation.
  const m1 = fake('M1', [0.43, 1.21, 0.71], [1.131, 1.016, 0.662]);
  const m2 = fake('M2', [0.45, 1.21, 0.71], [0.6, 1.016, 0.662]);

  it('warns in plain words when the test part and the temporal validation disagree, with the numbers', () => {
    const w = temporalWarnings([selectionRow('all_M1', m1)]);
    expect(w).toHaveLength(2);
    expect(w[0]!.message).toMatch(/on the test part the LSTM predicts better than carrying the last grade forward \(MAE 0\.430 vs 1\.210\), but on the 17 temporal-validation samples it predicts worse \(MAE 1\.131/);
    expect(w[1]!.message).toContain('the linear baseline');
    expect(temporalWarnings([selectionRow('all_M2', m2)])).toEqual([]);
    expect(temporalWarnings([selectionRow('all_M1', fake('M1', [0.43, 1.21, 0.71], null))])).toEqual([]);
  });

  it('picks the model for Figs. 5/6 by FIGURE_MODEL_RULE: below both baselines on both sets first, then the lowest mean of test and validation MAE', () => {
    // M1 has the lower test MAE but fails on the temporal validation: M2 is shown.
    expect(pickFigureModel([selectionRow('all_M1', m1), selectionRow('all_M2', m2)])).toBe('all_M2');
    // No model passes both sets: the lowest mean MAE.
    const m3 = fake('M3', [0.5, 1.21, 0.71], [1.0, 1.016, 0.662]);
    expect(pickFigureModel([selectionRow('all_M1', m1), selectionRow('all_M3', m3)])).toBe('all_M3');
    // Without temporal validation: test MAE alone.
    expect(pickFigureModel([selectionRow('all_M1', fake('M1', [0.43, 1.21, 0.71], null)), selectionRow('all_M2', fake('M2', [0.45, 1.21, 0.71], null))])).toBe('all_M1');
    expect(FIGURE_MODEL_RULE).toMatch(/temporal-validation MAE/);
  });

  it('puts the rule, the selection and the warnings in the manifest and the read-with-care box', () => {
    const selection = [selectionRow('all_M1', m1), selectionRow('all_M2', m2)];
    const out = { figureModel: 'all_M2', figureModelRule: FIGURE_MODEL_RULE, selection, warnings: temporalWarnings(selection), comparison: [], pairedComparisons: [] };
    const h = lstmReport.headline!(out as never, {} as never) as { lstm_report: { figure_model_rule: string; selection: unknown[] }; warnings: { lstm_report: string[] } };
    expect(h.lstm_report.figure_model_rule).toBe(FIGURE_MODEL_RULE);
    expect(h.lstm_report.selection).toHaveLength(2);
    expect(h.warnings.lstm_report).toHaveLength(2);
    expect(collectWarnings(out)).toHaveLength(2);
  });
});
