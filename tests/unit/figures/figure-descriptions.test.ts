/**
 * Every figure is an image with a name and a description written from its data (what it shows,
 * its key numbers), the table behind it one click away: the descriptions carry the numbers of
 * the cell's output and the tables its drawn points. Small hand-made inputs, no model fit.
 */
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { FigureDataView, figureDataCsv } from '@/components/notebook/FigureData';
import { labelFigure } from '@/components/notebook/figure-accessibility';
import { flowText } from '@/lib/cells/figure-texts';
import { lstmCalibration, type LstmCalibrationOutput } from '@/lib/cells/lstm-calibration';
import type { LstmRegressionOutput } from '@/lib/cells/lstm-regression';
import { svmDecisionCurve, type SvmDecisionCurveOutput } from '@/lib/cells/svm-decision-curve';
import { svmDiscrimination, type SvmDiscriminationOutput } from '@/lib/cells/svm-discrimination';
import { dcell, dci, dnum, thinned } from '@/lib/figures/figure-description';
import type { AnyCellDefinition, Artifact } from '@/lib/notebook/define-cell';

type Figure = Extract<Artifact, { type: 'figure' }>;

async function run(cell: AnyCellDefinition, inputs: unknown, params: unknown): Promise<unknown> {
  const gen = cell.run(inputs as never, params as never, {} as never);
  let r = await gen.next();
  while (!r.done) r = await gen.next();
  return r.value;
}
const figureOf = (cell: AnyCellDefinition, out: unknown, params: unknown = {}): Figure => {
  const f = cell.artifacts!(out, params, {}).find((a: Artifact) => a.type === 'figure');
  if (!f || f.type !== 'figure') throw new Error(`${cell.kind}: no figure`);
  return f;
};

describe('figure descriptions and data', () => {
  it('helpers: honest about numbers that could not be computed', () => {
    expect(dnum(NaN)).toBe('n/a');
    expect(dnum(0.83456)).toBe('0.835');
    expect(dcell(NaN)).toBeNull();
    expect(dcell(0.123456, 2)).toBe(0.12);
    expect(dci(NaN, 0.9)).toBe('could not be computed');
    const t = thinned(Array.from({ length: 1000 }, (_, i) => i), 50);
    expect(t).toHaveLength(50);
    expect([t[0], t[49]]).toEqual([0, 999]);
  });

  it('decision curve: the windows, events and net benefits of the run; one data row per drawn threshold', async () => {
    const subset = (n: number) => ({ predictions: { actual: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0 : 1)) }, scores: { probability: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0.3 : 0.8) + (i % 5) * 0.02) } });
    const params = svmDecisionCurve.params.parse({ thresholdFrom: 0.05, thresholdTo: 0.5, thresholdStep: 0.05 });
    const out = (await run(svmDecisionCurve, { evaluation: { all: subset(30), persistent: subset(12) } }, params)) as SvmDecisionCurveOutput;
    const f = figureOf(svmDecisionCurve, out, params);
    expect(f.description).toContain(`All subjects (${out.all.n} windows, ${out.all.notRecovered} not recovered)`);
    expect(f.description).toContain(`Persistent subset (${out.persistent.n} windows, ${out.persistent.notRecovered} not recovered)`);
    const best = out.all.points.reduce((a, b) => (b.model > a.model ? b : a));
    expect(f.description).toContain(`highest net benefit ${best.model.toFixed(4)} at threshold ${best.threshold.toFixed(2)}`);
    expect(f.data!.rows).toHaveLength(out.all.points.length + out.persistent.points.length);
    const first = out.all.points[0]!;
    expect(f.data!.rows[0]).toEqual(['All subjects', dcell(first.threshold), dcell(first.model, 4), dcell(first.treatAll, 4), dcell(first.treatNone, 4)]);
  });

  it('discrimination: AUC with its CI per subset, "n/a" where it could not be computed; the curves as rows', () => {
    const roc = [
      { threshold: Infinity, fpr: 0, tpr: 0 },
      { threshold: 0.5, fpr: 0.2, tpr: 0.7 },
      { threshold: -1, fpr: 1, tpr: 1 },
    ];
    const pr = [
      { threshold: 0.5, precision: 0.8, recall: 0.7 },
      { threshold: Infinity, precision: 1, recall: 0 },
    ];
    const out: SvmDiscriminationOutput = {
      resamples: 200,
      all: { n: 95, recovered: 60, auc: 0.8312, delong: { se: 0.04, ci_low: 0.7521, ci_high: 0.9103 }, bootstrap: { ci_low: 0.75, ci_high: 0.9, used: 200, skipped: 0 }, roc, pr, averagePrecision: 0.871, prevalence: 60 / 95 },
      persistent: { n: 4, recovered: 4, auc: NaN, delong: { se: NaN, ci_low: NaN, ci_high: NaN }, bootstrap: { ci_low: NaN, ci_high: NaN, used: 0, skipped: 200 }, roc: [], pr: [], averagePrecision: NaN, prevalence: 1, problem: 'one class' },
    };
    const f = figureOf(svmDiscrimination, out);
    expect(f.description).toContain('All subjects (95 windows, 35 not recovered): AUC 0.831 (DeLong 95% CI 0.752 to 0.910)');
    expect(f.description).toContain('Persistent subset (4 windows, 0 not recovered): AUC n/a (DeLong 95% CI could not be computed)');
    expect(f.description).not.toMatch(/NaN/);
    expect(f.data!.rows.filter((r) => r[1] === 'ROC').map((r) => [r[3], r[4]])).toEqual(roc.map((p) => [p.fpr, p.tpr]));
    expect(f.data!.rows.filter((r) => r[1] !== 'ROC').map((r) => [r[5], r[6]])).toEqual(pr.map((p) => [p.recall, p.precision]));
    for (const r of f.data!.rows) expect(r).toHaveLength(f.data!.columns.length);
  });

  it('LSTM calibration: the mean error at the lowest and highest grade of each model; one row per drawn point', async () => {
    const model = { subset: 'all', model: 'M1', testPredictions: [{ actual: 1, predicted: 1.6 }, { actual: 1, predicted: 1.2 }, { actual: 5, predicted: 3.9 }] } as unknown as LstmRegressionOutput;
    const out = (await run(lstmCalibration, { all_M1: model }, { tolerance: 0.5 })) as LstmCalibrationOutput;
    const f = figureOf(lstmCalibration, out, { tolerance: 0.5 });
    const [g1, g5] = out.models[0]!.byGrade;
    expect(f.description).toContain(`All subjects, M1: ${g1!.bias.toFixed(2)} at grade I to ${g5!.bias.toFixed(2)} at grade V`);
    expect(f.data!.rows).toEqual([
      ['All subjects', 'M1', 'I', 2, dcell(g1!.bias)],
      ['All subjects', 'M1', 'V', 1, dcell(g5!.bias)],
    ]);
  });

  it('flow: every box with its n, the sets and the subset', () => {
    const t = flowText({
      steps: [
        { label: 'Patients with a facial palsy record', n: 120, excluded: { 'Age outside 18–90': 7, 'Too few early visits': 3 } },
        { label: 'Included patients', n: 110, excluded: {} },
      ],
      development: { label: 'Development set\nfirst visit before 2020-01-01', n: 80 },
      validation: { label: 'Temporal validation set', n: 30 },
      persistent: { label: 'Persistent palsy subset', n: 25 },
    });
    expect(t.description).toContain('patients with a facial palsy record: 120 and included patients: 110, 10 excluded');
    expect(t.description).toContain('80 are in the development set and 30 in the temporal validation set; 25 form the persistent palsy subset');
    expect(t.data.rows[0]).toEqual(['Patients with a facial palsy record', 120, 'Age outside 18–90: 7; Too few early visits: 3']);
    expect(t.data.rows[2]).toEqual(['Development set first visit before 2020-01-01', 80, '']);
  });

  it('the page: the description is the svg\'s accessible description; the data a closed disclosure with a real table and CSV', () => {
    const doc = new JSDOM('<div id="host"><svg></svg></div><p id="d">AUC 0.83</p>').window.document;
    const svg = doc.querySelector('svg')!;
    labelFigure(svg, 'Fig. 4', 'd');
    expect([svg.getAttribute('role'), svg.getAttribute('aria-label'), svg.getAttribute('aria-describedby')]).toEqual(['img', 'Fig. 4', 'd']);
    const data = { columns: ['Subset', 'AUC'], rows: [['All subjects', 0.831], ['Persistent subset', null]] };
    const markup = renderToStaticMarkup(createElement(FigureDataView, { name: 'svm-roc-pr', data }));
    expect(markup).toMatch(/^<details class="figure-data"[^>]*><summary>Data behind this figure/);
    expect(markup).not.toMatch(/<details[^>]* open/);
    expect(markup).toContain('>CSV</button>');
    expect(figureDataCsv(data)).toBe('Subset,AUC\r\nAll subjects,0.831\r\nPersistent subset,');
  });
});
