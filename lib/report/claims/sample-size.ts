import { num } from '../phrases';
import { numOf, obj, type KindClaims } from './types';

/**
 * The minimum sample size for the classifier (Riley et al.'s criteria): its assumptions (the
 * parameters) and, per subset, the required and available patients and the events per
 * candidate parameter (the headline's `sample_size` block).
 */
export const sampleSizeClaims: KindClaims = ({ manifest, cells, u }) => {
  const p = cells[0]!.params;
  const s = obj(manifest.sample_size);
  const parameters = numOf(s.parameters) ?? numOf(p.parameters);
  const anticipated = numOf(p.anticipatedRsquaredCs) !== undefined ? `an anticipated Cox–Snell R² of ${u(p.anticipatedRsquaredCs)}` : `an anticipated C statistic of ${u(p.anticipatedCstatistic)}`;
  const subset = (key: 'all' | 'persistent', label: string) => {
    // label: 'all subjects' / 'persistent subset', written after “for”.
    const b = obj(s[key]);
    const required = numOf(b.required), available = numOf(b.available_patients), epp = numOf(b.events_per_parameter);
    if (required === undefined || available === undefined) return undefined;
    return { label, required, available, epp, text: `${label}: ${u(required)} patients required, ${u(available)} in the training part${epp !== undefined ? ` (${num(epp)} events per candidate parameter)` : ''}` };
  };
  const blocks = [subset('all', 'all subjects'), subset('persistent', 'the persistent subset')].filter((b) => b !== undefined);
  const method = `The minimum sample size for developing the classifier was calculated with Riley et al.’s criteria (pmsampsize) for ${parameters !== undefined ? u(parameters) : '?'} candidate predictor parameters, ${anticipated}, a target shrinkage of ${u(p.shrinkage)} and an optimism in R² of at most ${u(p.optimism)}.`;
  const result = blocks.length ? `Required against available: ${blocks.map((b) => b.text).join('; ')}.` : '';
  const short = blocks.filter((b) => b.available < b.required);
  const lowEpp = blocks.filter((b) => b.epp !== undefined && b.epp < 10);
  const text = `${method}${result ? ` ${result} Events are the rarer outcome’s training windows; windows of one patient are not independent, so the training patients are the number to compare.` : ''}`;
  return {
    methods: [{ section: 'Sample size', text }],
    tripod: [{ item: '10', text: `${text} The criteria were derived for regression models; for a kernel SVM the parameter count is a lower bound on its complexity, so the required numbers are too.` }],
    probast: blocks.length
      ? [
          {
            models: ['svm'],
            question: '4.1',
            rating: short.length || lowEpp.length ? 'N' : 'PY',
            text: `${result}${short.length ? ` Fewer patients than required for ${short.map((b) => b.label).join(' and for ')}.` : ''}${lowEpp.length ? ` Fewer than 10 events per candidate parameter for ${lowEpp.map((b) => b.label).join(' and for ')}.` : ''}`,
          },
        ]
      : [],
  };
};
