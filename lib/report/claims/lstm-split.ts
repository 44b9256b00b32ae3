import { splitPhrase } from '../phrases';
import { numOf, obj, tagged, type KindClaims } from './types';

/**
 * The LSTM's train/test split of the regression samples (shared by the models of a subset):
 * its parameters and the headline's `lstm_split` counts, for the subsets whose LSTMs ran.
 */
export const lstmSplitClaims: KindClaims = ({ manifest, cells, u, ran }) => {
  const p = cells[0]!.params;
  const subsets = new Set(ran('lstm-regression').map((c) => (c.params.subset === 'persistent' ? 'persistent' : 'all')));
  if (!subsets.size) return {};
  const s = obj(manifest.lstm_split);
  const grouped = p.split === 'grouped';
  const straddling = numOf(obj(s.all).straddling_patients);
  const text = `Regression samples were split ${splitPhrase(grouped ? 'grouped' : 'samples', Number(p.testFraction), Number(p.splitSeed), 'samples')}, once per subset, all models of a subset sharing the split${grouped ? '' : straddling !== undefined && subsets.has('all') ? `; ${u(straddling)} patients of all subjects had samples in both parts` : ''}.`;
  const label = { all: 'all subjects', persistent: 'persistent subset' } as const;
  const counts = [...subsets].map((k) => (numOf(obj(s[k]).train) !== undefined ? `${label[k]} ${u(obj(s[k]).train)}/${u(obj(s[k]).test)}` : undefined)).filter((x) => x !== undefined);
  return {
    methods: [{ section: 'Grade regression (LSTM)', text }],
    tripod: [
      { item: '12a', text: tagged('LSTM', text) },
      ...(counts.length ? [{ item: '21', text: `LSTM training/test samples: ${counts.join(', ')}.` }] : []),
    ],
  };
};
