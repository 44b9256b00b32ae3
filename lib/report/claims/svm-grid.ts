import { num } from '../phrases';
import { numOf, obj, tagged, type KindClaims } from './types';

/**
 * The SVM's hyperparameter grid (its parameters) and the selected pair per subset (the
 * headline's `svm.<subset>.best`).
 */
export const svmGridClaims: KindClaims = ({ manifest, cells, u }) => {
  const g = cells[0]!.params;
  const svm = obj(manifest.svm);
  const best = (s: string) => obj(obj(svm[s]).best);
  const tuning = `An RBF-kernel SVM (${u(g.engine ?? 'libsvm')}) was tuned on the training part by cross-validation over these folds, on a grid of ${u(g.size)} log-spaced values of C from ${num(Number(g.cMin))} to ${num(Number(g.cMax))} and of γ from ${num(Number(g.gammaMin))} to ${num(Number(g.gammaMax))}${g.includePaperPicks ? ', plus the published values (C = 2.7 and 5.6, γ = 0.09)' : ''}; the pair with the highest mean CV accuracy was selected (ties: smaller C, then smaller γ), without class weights or resampling.${(g.engine ?? 'libsvm') === 'libsvm' ? (g.warmStart === false ? ' Every fit started from zero, as libsvm and scikit-learn do.' : ' Within each fold, the fit at each C was started from the solution at the previous, smaller C (alpha seeding), each fit stopping at libsvm’s tolerance (maximal KKT violation below 0.001).') : ''}`;
  const picked = numOf(best('all').C) !== undefined
    ? `Selected: C = ${num(Number(best('all').C))}, γ = ${num(Number(best('all').gamma))} (all subjects)${numOf(best('persistent').C) !== undefined ? `; C = ${num(Number(best('persistent').C))}, γ = ${num(Number(best('persistent').gamma))} (persistent subset)` : ''}.`
    : undefined;
  return {
    methods: [{ section: 'Recovery classification (SVM)', text: tuning }, ...(picked ? [{ section: 'Recovery classification (SVM)' as const, text: picked }] : [])],
    tripod: [
      { item: '12c', text: `${tagged('SVM', tuning)}${picked ? ` ${picked}` : ''}` },
      { item: '13', text: 'The SVM was fitted without class weights or resampling.' },
      ...(picked ? [{ item: '22', text: `SVM: RBF kernel, ${picked.replace(/^Selected: /, '')}` }] : []),
    ],
  };
};
