import { z } from 'zod';
import { calibrationPlot } from '../figures/calibration-plot';
import { decisionCurves } from '../figures/decision-curve';
import { mmToPx } from '../figures/theme';
import { groupCalibrationText, netBenefitText } from './figure-texts';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { externalValidation, type CaseMix, type ExternalValidation } from '../prognosis';
import { tableArtifact } from '../tables/table-artifact';
import { horizonText } from '../teaching/prognosis-what-if';
import type { LoadedCohort } from './load-cohort';
import type { LoadedModel } from './load-model';
import { validateWindowModel, type WindowValidation } from '../models/external-window';
import { windowValidationArtifacts, windowValidationHeadline } from './window-validation-artifacts';

export const externalParamsSchema = z.object({
  /** Bootstrap resamples of the patients for the calibration CIs. */
  resamples: z.number().int().min(50).max(5000).default(500),
});
export type ExternalParams = z.infer<typeof externalParamsSchema>;

interface Provenance {
  modelName: string;
  modelSha256: string;
  dataSha256: string;
  /** The data are the model's own development data: this is no external validation. */
  sameData: boolean;
}

/** A prognosis model validated (lib/prognosis/external). */
export type ExternalValidationOutput = ExternalValidation & Provenance & { target: 'prognosis' };
/** A window-level model validated (lib/models/external-window). */
export type WindowExternalOutput = WindowValidation & Provenance & { target: 'window'; summary: string };
export type ExternalCellOutput = ExternalValidationOutput | WindowExternalOutput;

const f2 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? 'not estimable' : x.toFixed(2));
const f3 = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '' : x.toFixed(3));
const pct = (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? '–' : `${(x * 100).toFixed(1)}%`);

/** The case-mix table's rows: one variable per row, development (from the file) beside this cohort. */
export function caseMixRows(dev: CaseMix | null, ext: CaseMix): { variable: string; development: string; external: string }[] {
  const both = (label: string, f: (c: CaseMix) => string) => ({ variable: label, development: dev ? f(dev) : 'not in this model file', external: f(ext) });
  return [
    both('Patients predicted at their last visit by day 30', (c) => String(c.patients)),
    both('Age, years: mean (SD)', (c) => `${c.age.mean.toFixed(1)} (${c.age.sd.toFixed(1)})`),
    both('Male', (c) => pct(c.male)),
    both('Diabetes', (c) => pct(c.diabetes)),
    both('Hypertension', (c) => pct(c.hypertension)),
    both('Steroid start, day after onset: median', (c) => c.steroidDay.toFixed(0)),
    both('Landmark visit, day: median', (c) => c.landmarkDay.toFixed(0)),
    ...Object.keys(ext.presentGrade).map((g) => both(`Grade ${g} at the landmark`, (c) => pct(c.presentGrade[g]))),
    both(`Recovered ${horizonText(ext.horizonDay)} (weighted for censoring)`, (c) => pct(c.recoveredByHorizon)),
  ];
}

/**
 * External validation of an opened prognosis model file on the loaded cohort, without refitting
 * (lib/prognosis/external.ts): case mix, range, discrimination, calibration, net benefit and two
 * recalibrated model files.
 */
export const externalValidationCell = defineCell<{ data: LoadedCohort; model: LoadedModel }, ExternalParams, ExternalCellOutput>({
  kind: 'external-validation',
  version: 2, // 2: window-level models (svm, logistic, lstm) too
  title: 'External validation',
  description: 'The opened model applied to the loaded patients without refitting: case mix beside its development data, discrimination, calibration, net benefit, and recalibrated models to download.',
  describe: (p) => `patient-level bootstrap of ${p.resamples} resamples for the calibration CIs`,
  inputs: { data: ['load-cohort'], model: ['load-model'] },
  params: externalParamsSchema,
  heavy: false,
  modelFamily: 'external',
  usesSource: true,
  async *run(inputs, params, ctx) {
    const { file, name, sha256 } = inputs.model;
    const dataSha256 = ctx.source?.sha256 ?? '';
    if (file.kind !== 'prognosis') {
      let v: WindowValidation;
      try {
        v = await validateWindowModel(file, inputs.data.patients, ctx.rng.fork('external'), { sha256: dataSha256 }, params.resamples);
      } catch (err) {
        throw new InputError(`The model cannot be validated on this file: ${(err as Error).message}`);
      }
      return { ...v, target: 'window', summary: inputs.model.summary, modelName: name, modelSha256: sha256, dataSha256, sameData: dataSha256 !== '' && dataSha256 === file.provenance.dataSha256 };
    }
    const model = file.model;
    let ev: ExternalValidation;
    try {
      ev = externalValidation(model, inputs.data.patients, ctx.rng.fork('external'), { sha256: dataSha256 }, params.resamples);
    } catch (err) {
      throw new InputError(`The model cannot be validated on this file: ${(err as Error).message}`);
    }
    return { ...ev, target: 'prognosis', modelName: name, modelSha256: sha256, dataSha256, sameData: dataSha256 !== '' && dataSha256 === model.development.dataSha256 };
  },
  artifacts: (out) => {
    if (out.target === 'window') return windowValidationArtifacts(out, { prefix: 'external', where: 'the loaded cohort', modelName: out.modelName || 'the model file' });
    const v = out.validation;
    const H = horizonText(out.horizonDay);
    const est = (e: { value: number; low: number; high: number } | null) => (e ? { value: f3(e.value), ci_low: f3(e.low), ci_high: f3(e.high) } : { value: '', ci_low: '', ci_high: '' });
    const metrics = [
      { metric: `AUC (DeLong 95% CI), ${v.knownStatus} patients with a known status ${H}`, ...est(v.auc) },
      { metric: 'Observed / expected (weighted share recovered over the mean predicted chance)', value: f3(out.observedExpected), ci_low: '', ci_high: '' },
      { metric: 'Calibration-in-the-large: intercept with the slope fixed at 1 (logit P = a + LP; bootstrap 95% CI)', ...est(v.calibrationIntercept) },
      { metric: 'Calibration slope: b in logit P = a + b · LP (bootstrap 95% CI)', ...est(v.calibrationSlope) },
      { metric: 'Brier score (weighted for censoring)', value: f3(v.brier), ci_low: '', ci_high: '' },
      { metric: `Base rate: share recovered ${H} (weighted for censoring)`, value: f3(v.baseRate), ci_low: '', ci_high: '' },
      { metric: 'Patients with an input outside the development data', value: f3(out.outsideRange.share), ci_low: '', ci_high: '' },
    ];
    return [
      tableArtifact('external_metrics', metrics, ['metric', 'value', 'ci_low', 'ci_high'], { caption: `External validation of ${out.modelName || 'the model'} on the loaded cohort: the chance of recovery to grade ≤ II ${H} at each patient's last visit by day 30; patients lost to follow-up weighted by the inverse probability of remaining under observation (this cohort's own visit schedule).` }),
      tableArtifact(
        'external_predictions',
        () => v.points.map((x, i) => ({ row: i + 1, p_recovered: x.p, recovered: x.y, ipcw_weight: x.w })),
        ['row', 'p_recovered', 'recovered', 'ipcw_weight'],
        { caption: `Each scored patient (numbered, no identifiers): the model's chance ${H}, whether recovery was recorded by then, and the censoring weight; the input to scripts/reference/external_reference.R.`, markdown: false, latex: false, rowCount: v.points.length },
      ),
      tableArtifact('external_case_mix', caseMixRows(out.development, out.external), ['variable', 'development', 'external'], { caption: 'Case mix at the point of use: the development summary recorded in the model file beside the loaded cohort.' }),
      {
        type: 'figure',
        name: 'external-calibration',
        widthMm: 89,
        widthPx: Math.round(mmToPx(89)),
        caption: `Calibration on the loaded cohort: predicted chance of recovery to grade ≤ II ${H} against the observed share (weighted for censoring), in ${out.groups.length} groups of equal size with 95% Wilson intervals on the effective group size; the diagonal is perfect calibration.`,
        ...groupCalibrationText(
          `Calibration plot on the loaded cohort: predicted chance of recovery to grade ≤ II ${H} against the observed share weighted for censoring (${v.knownStatus} patients with known status)`,
          out.groups,
          `Calibration-in-the-large ${f2(v.calibrationIntercept.value)}, slope ${f2(v.calibrationSlope.value)}, observed/expected ${f2(out.observedExpected)}, Brier score ${f2(v.brier)}, AUC ${v.auc ? f2(v.auc.value) : 'n/a'}`,
        ),
        render: (document, o) =>
          calibrationPlot(
            [{ subset: `External cohort (n = ${v.knownStatus} with known status)`, curve: [], groups: out.groups, predictions: v.points.map((x) => ({ p: x.p, recovered: x.y === 1 })), caption: `Calibration-in-the-large ${f2(v.calibrationIntercept.value)} · slope ${f2(v.calibrationSlope.value)}\nO/E ${f2(out.observedExpected)} · Brier ${f2(v.brier)}` }],
            { document, ...o },
          ) as unknown as Element,
      },
      {
        type: 'figure',
        name: 'external-decision-curve',
        widthMm: 89,
        widthPx: Math.round(mmToPx(89)),
        caption: `Net benefit of referring the patients whose risk of not recovering ${H} (1 − the model's chance) is at least the threshold, against referring all and none; weighted for censoring.`,
        ...netBenefitText(`Decision curve on the loaded cohort: net benefit of referring patients whose risk of not recovering ${H} is at least the threshold, against referring all and none`, out.netBenefit),
        render: (document, o) =>
          decisionCurves([{ subset: `Not recovered ${H}`, points: out.netBenefit.map((p) => ({ ...p, treatNone: 0 })), eventRate: 1 - v.baseRate }], { document, ...o, modelLabel: 'Model (refer if risk ≥ threshold)' }) as unknown as Element,
      },
    ];
  },
  headline: (o) => {
    if (o.target === 'window') return windowValidationHeadline(o, 'external');
    const v = o.validation;
    const e = (x: { value: number; low: number; high: number } | null) => (x ? { value: x.value, ci_low: x.low, ci_high: x.high } : null);
    return {
      'external.patients': v.patients,
      'external.knownStatus': v.knownStatus,
      'external.auc': e(v.auc),
      'external.calibrationInTheLarge': e(v.calibrationIntercept),
      'external.calibrationSlope': e(v.calibrationSlope),
      'external.observedExpected': o.observedExpected,
      'external.brier': v.brier,
      'external.baseRate': v.baseRate,
      'external.outsideRangeShare': o.outsideRange.share,
      'external.sampleSize': o.sampleSize.result ? { required: o.sampleSize.result.final.n, drivenBy: o.sampleSize.result.final.drivenBy, available: o.sampleSize.available } : null,
    };
  },
});
