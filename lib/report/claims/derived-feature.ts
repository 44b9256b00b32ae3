import type { KindClaims } from './types';

/**
 * A derived-feature step: the user's own feature, named with its label and the expression that
 * computes it (from the step's resolved parameters), and that it reads no visit after the
 * window's present visit (the evaluator refuses such a look).
 */
export const derivedFeatureClaims: KindClaims = ({ cells, u }) => {
  const sentences = cells.map((c) => {
    const p = c.params;
    return `A derived feature, ${u(p.label ?? p.name)} (${u(p.name)}), was computed for every window as ${u(p.expression)} from the patient’s graded visits up to the window’s present visit (no later visit was read).`;
  });
  return {
    methods: sentences.map((text) => ({ section: 'Windowing of serial grades' as const, text })),
    tripod: sentences.map((text) => ({ item: '7', text })),
  };
};
