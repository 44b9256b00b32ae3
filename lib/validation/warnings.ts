/**
 * Warnings a methodologist needs next to a result: conditions under which the number shown
 * means less than it seems. Pure functions of a cell's output; the cells list them in their
 * view and the manifest (`warnings.*`).
 *
 * @example
 *   gridEdgeWarnings({ C: 30, gamma: 0.05 }, { C: [0.01, 30], gamma: [0.001, 10] }, 'all subjects');
 *   // [{ code: 'grid-edge', message: 'all subjects: the selected C = 30 is the largest value of the grid …' }]
 */
export interface ValidationWarning {
  /** Stable identifier, for tests and the manifest. */
  code: 'grid-edge' | 'small-class' | 'wide-ci' | 'in-sample-importance' | 'not-above-majority' | 'straddling-patients' | 'few-patients';
  message: string;
}

const num = (x: number) => (Number.isInteger(x) ? String(x) : String(+x.toPrecision(3)));

/** The selected value of a hyperparameter is the smallest or largest one tried. */
export function gridEdgeWarnings(best: { C: number; gamma: number }, grid: { C: readonly number[]; gamma: readonly number[] }, where: string): ValidationWarning[] {
  const out: ValidationWarning[] = [];
  for (const [name, value, values] of [
    ['C', best.C, grid.C],
    ['γ', best.gamma, grid.gamma],
  ] as const) {
    if (values.length < 2) continue;
    const lo = Math.min(...values), hi = Math.max(...values);
    const side = value >= hi ? 'largest' : value <= lo ? 'smallest' : null;
    if (side) {
      out.push({
        code: 'grid-edge',
        message: `${where}: the selected ${name} = ${num(value)} is the ${side} value of the grid, so the best value may lie outside it; widen the grid (${name === 'C' ? 'cMin/cMax' : 'gammaMin/gammaMax'}).`,
      });
    }
  }
  return out;
}

/** A class with fewer than `min` cases in the test part: its recall (or specificity) rests on a handful of cases. */
export function smallClassWarnings(counts: { positive: number; negative: number }, where: string, min = 10): ValidationWarning[] {
  const out: ValidationWarning[] = [];
  for (const [label, n] of [
    ['recovered', counts.positive],
    ['not recovered', counts.negative],
  ] as const) {
    if (n < min) out.push({ code: 'small-class', message: `${where}: only ${n} ${label} case${n === 1 ? '' : 's'} in the test part (fewer than ${min}); metrics of that class are close to anecdotal.` });
  }
  return out;
}

/** A CI so wide that the estimate says little (e.g. an accuracy CI wider than 0.2). */
export function wideCiWarning(metric: string, ci: { ci_low: number; ci_high: number }, maxWidth: number, where: string, nTest: number): ValidationWarning[] {
  const width = ci.ci_high - ci.ci_low;
  if (!(width > maxWidth)) return [];
  return [{ code: 'wide-ci', message: `${where}: the 95% CI of ${metric} spans ${width.toFixed(3)} (more than ${maxWidth}) on ${nTest} test cases: the test set is too small for this number to mean much.` }];
}

/** Accuracy not shown to beat always answering the majority class (one-sided binomial test). */
export function majorityWarning(accuracy: number, noInformationRate: number, pValue: number, where: string, alpha = 0.05): ValidationWarning[] {
  if (pValue < alpha) return [];
  return [
    {
      code: 'not-above-majority',
      message: `${where}: accuracy ${accuracy.toFixed(3)} is not significantly above the no-information rate ${noInformationRate.toFixed(3)} (always answering the majority class; one-sided binomial p = ${pValue.toFixed(3)}).`,
    },
  ];
}

export function straddlingWarning(
  straddling: number,
  patients: number,
  where: string,
  consequence = 'so test errors are optimistic',
): ValidationWarning[] {
  if (straddling === 0) return [];
  return [{ code: 'straddling-patients', message: `${where}: ${straddling} of ${patients} patients have samples on both sides of the split, ${consequence}; split by patient (split: grouped).` }];
}

/**
 * Every warning of a cell output: a top-level `warnings` list and the lists of its `all` /
 * `persistent` parts, in that order, each message once.
 */
export function collectWarnings(output: unknown): ValidationWarning[] {
  const seen = new Set<string>();
  const out: ValidationWarning[] = [];
  const take = (x: unknown) => {
    const list = (x as { warnings?: unknown } | null)?.warnings;
    if (!Array.isArray(list)) return;
    for (const w of list as ValidationWarning[]) {
      if (w && typeof w.message === 'string' && !seen.has(w.message)) {
        seen.add(w.message);
        out.push(w);
      }
    }
  };
  if (output && typeof output === 'object') {
    take(output);
    take((output as Record<string, unknown>).all);
    take((output as Record<string, unknown>).persistent);
  }
  return out;
}
