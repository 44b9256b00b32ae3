import type { KindClaims } from './types';

/**
 * A code step: the user's own JavaScript. The methods say that it ran, in the sandbox, what it
 * exported and where its code is (the notebook file keeps it as text), not what it computes:
 * only its author can say that, so the sentence asks them to.
 */
export const codeClaims: KindClaims = ({ cells, u }) => ({
  methods: cells.map((c) => {
    const code = typeof c.params.code === 'string' ? c.params.code : '';
    const lines = code ? code.split('\n').length : 0;
    return {
      section: 'Further analyses' as const,
      text: `Code step ${u(c.id)} ran ${lines} line${lines === 1 ? '' : 's'} of the authors’ own JavaScript (kept as text in the saved notebook file) in the workbench’s sandbox, which sees only the step’s declared inputs, and exported ${u(c.params.name)}; [author to complete: what step ${u(c.id)} computes and why].`,
    };
  }),
});
