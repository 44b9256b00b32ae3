import { plural } from '../phrases';
import { arr, type KindClaims } from './types';

/**
 * The LSTM report: Table 2 and the paired comparisons of the models of a subset (and of each
 * with the linear baseline) on patient-clustered resamples (`comparisonResamples`).
 */
export const lstmReportClaims: KindClaims = ({ manifest, cells, ran }) => {
  const p = cells[0]!.params;
  const severalSeeds = ran('lstm-regression').some((c) => Number(c.params.seeds) > 1);
  const pairs = arr((manifest.lstm_report as Record<string, unknown> | undefined)?.paired_comparisons);
  const compared = pairs.length;
  const onValidation = pairs.some((c) => (c as { set?: string }).set === 'validation');
  const text = `The models of a subset were compared pairwise, and each with the linear regression, by the difference in MAE${severalSeeds ? ' (absolute errors averaged over seeds)' : ''} on the test part${onValidation ? ' and, separately, on the temporal-validation patients' : ''}, with a percentile 95% CI from ${plural(Number(p.comparisonResamples), 'bootstrap resample')} in which patients were resampled with all their samples.`;
  return {
    methods: [{ section: 'Grade regression (LSTM)', text }],
    tripod: [
      { item: '12e', text: `LSTM models compared by paired differences in MAE with patient-clustered bootstrap CIs${onValidation ? ', on the test part and on the temporal validation' : ''}.` },
      { item: '23a', text: `LSTM: Table 2 (RMSE, MSE and MAE with 95% CIs of every model and both baselines, test part and temporal validation)${compared ? ` and the ${compared} paired comparisons (lstm_paired_comparisons)` : ''}.` },
    ],
  };
};
