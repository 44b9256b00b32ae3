import type { KindClaims } from './types';

/** The LSTM's grade calibration on the test part: mean error by actual grade and the share within `tolerance`. */
export const lstmCalibrationClaims: KindClaims = ({ cells, u }) => {
  const p = cells[0]!.params;
  const text = `Calibration of the grade predictions: the mean error (predicted − actual) by actual grade on the test part and the share of predictions within ${u(p.tolerance)} grades.`;
  return {
    methods: [{ section: 'Grade regression (LSTM)', text }],
    tripod: [{ item: '12e', text: `LSTM calibration: mean error by actual grade and the share within ${u(p.tolerance)} grades.` }],
  };
};
