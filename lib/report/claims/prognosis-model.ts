import { EARLY_WINDOW_DAYS, FEATURES, FIT_LANDMARK_DAYS, HORIZON_GRID, RECOVERY_GRADE } from '../../prognosis';
import { gradeName, plural } from '../phrases';
import { modelFileSentence } from './model-files';
import { andList, author, numOf, percent, tagged, type KindClaims } from './types';

/**
 * The teaching notebook's prognosis model: who it is fitted on (a seeded held-out share of
 * patients is kept out: `heldOutShare`), the landmark design, the outcome read at the horizon
 * (`horizonDay`: the assumed outcome day of every prediction), the censoring, the intervals
 * (`bootstrapResamples` patient-level refits) and the held-out validation. Reads the headline's
 * flat `prognosis.*` keys.
 */
export const prognosisModelClaims: KindClaims = ({ manifest, cells, u }) => {
  const id = cells[0]!.id;
  const p = cells[0]!.params;
  const m = (key: string) => manifest[`prognosis.${key}`];
  const H = u(m('horizonDay') ?? p.horizonDay);
  const dev = numOf(m('developmentPatients')), held = numOf(m('heldOut.patients'));
  const recovery = gradeName(RECOVERY_GRADE);
  const constrained = FEATURES.filter((f) => f.sign === 'nonpositive').map((f) => f.name);
  const sentences = [
    `The prognosis model used every patient of the data file, not the inclusion criteria above: a seeded ${percent(Number(p.heldOutShare))} of patients was held out for validation, and the model was fitted on the others${dev !== undefined ? ` (${u(dev)} patients with a usable history: baseline record complete, including the day the steroid was started, and not recovered at the landmark)` : ''}.`,
    `Each patient contributed one row per landmark (days ${FIT_LANDMARK_DAYS.join(', ')}): what was known then, from the visits up to the landmark and the baseline record.`,
    `The outcome was recovery to grade ≤ ${recovery} recorded at a follow-up visit by day t, for t in ${andList(HORIZON_GRID.map(String))}; one logistic regression stacked the horizons with an intercept per horizon and shared slopes on ${FEATURES.length} predictors (${andList(FEATURES.map((f) => f.name))}), the slopes of ${andList(constrained)} constrained to be ≤ 0 (a worse grade, longer steroid delay, diabetes or hypertension cannot raise the chance).`,
    `Patients who stopped attending unrecovered were censored halfway to their next expected visit (half the median gap after an unrecovered visit), and rows were weighted by the inverse probability of remaining under observation (Kaplan–Meier of the censoring).`,
    `The chance reported is that of recovery recorded by day ${H} after onset (the horizon: the outcome day every prediction assumes), read at the patient’s last graded visit by day ${EARLY_WINDOW_DAYS}; its 95% interval is the percentile interval over ${plural(Number(p.bootstrapResamples), 'refit')} on patients resampled with replacement (all of a drawn patient’s rows, the censoring and weights redone).`,
    `The model was validated on the held-out patients${held !== undefined ? ` (${u(held)} predicted at their last graded visit by day ${EARLY_WINDOW_DAYS})` : ''}: AUC with DeLong’s CI among those with a known status by day ${H}, and, weighted for censoring, the calibration intercept and slope (percentile bootstrap CIs over held-out patients), the Brier score and the share recovered; the course band’s coverage was checked by present grade. No recalibration was applied.`,
  ];
  const auc = numOf(m('heldOut.auc')), slope = numOf(m('heldOut.calibrationSlope')), citl = numOf(m('heldOut.calibrationIntercept')), brier = numOf(m('heldOut.brier'));
  const results = [
    auc !== undefined ? `AUC ${auc.toFixed(3)}` : 'AUC not estimable',
    ...(citl !== undefined ? [`calibration intercept ${citl.toFixed(2)}`] : []),
    ...(slope !== undefined ? [`slope ${slope.toFixed(2)}`] : []),
    ...(brier !== undefined ? [`Brier score ${brier.toFixed(3)}`] : []),
  ];
  const file = modelFileSentence(manifest, `models/${u(id)}.json`);
  return {
    methods: [...sentences.map((text) => ({ section: 'Prognosis model' as const, text })), { section: 'Prognosis model', text: `The fitted model (coefficients, bootstrap refits, development ranges) is ${file}.` }],
    tripod: [
      { item: '6b', text: `Prognosis model: every patient of the file with a complete baseline record (age, sex, diabetes, hypertension, steroid start date) and not recovered at the landmark.` },
      { item: '6c', text: 'The day the steroid was started (capped at 14 days) is a predictor of the prognosis model.' },
      { item: '7', text: tagged('Prognosis model', sentences[1]!) },
      { item: '8a', text: `Prognosis model: recovery to grade ≤ ${recovery} recorded at a follow-up visit by day ${H} after onset. ${author('who graded, how, and whether blinded to the predictors')}` },
      { item: '9a', text: `Prognosis model: ${andList(FEATURES.map((f) => `${f.name} (${f.encoding})`))}.` },
      { item: '11', text: 'Prognosis model: patients with a missing baseline value or steroid start date are not used (complete cases); unrecovered patients lost to follow-up are weighted for (inverse probability of censoring), not dropped.' },
      { item: '12a', text: `Prognosis model: a seeded random ${percent(Number(p.heldOutShare))} of patients held out for validation, never used in the fit.` },
      { item: '12b', text: `Prognosis model: the predictors are encoded as listed (no data-driven transformation); steroid delay capped at 14 days.` },
      { item: '12c', text: tagged('Prognosis model', `${sentences[2]} ${sentences[3]}`) },
      { item: '12e', text: 'Prognosis model: AUC (DeLong CI), calibration intercept and slope (bootstrap CIs), Brier score and base rate on the held-out patients, weighted for censoring; coverage of the course band by present grade.' },
      { item: '12f', text: 'Prognosis model: no recalibration; the intercepts are kept non-decreasing over the horizons (the chance by day t cannot fall with t).' },
      { item: '12g', text: `${tagged('Prognosis model', sentences[4]!)} The what-if and npm run predict apply it; inputs outside the development data are flagged.` },
      { item: '13', text: 'Prognosis model: no resampling or class weighting; rows weighted only for censoring.' },
      { item: '15', text: `Prognosis model: the chance (0–100) of recovery recorded by day ${H} with its 95% interval, and the course of the best grade by day with a central band.` },
      { item: '16', text: 'Prognosis model: validated on held-out patients of the same file (a random split, not a later period or another centre).' },
      ...(dev !== undefined ? [{ item: '20a', text: `Prognosis model: fitted on ${u(dev)} patients; ${held !== undefined ? `${u(held)} held-out patients were predicted.` : ''}` }] : []),
      ...(dev !== undefined ? [{ item: '21', text: `Prognosis model: ${u(dev)} development patients${held !== undefined ? `, ${u(held)} held-out patients predicted` : ''}.` }] : []),
      { item: '22', text: `Prognosis model: ${file}.` },
      { item: '23a', text: `Prognosis model, held-out patients: ${results.join(', ')} (the model card step shows their CIs; the manifest keeps the point estimates).` },
      { item: '24', text: 'Prognosis model: not updated.' },
      { item: '27a', text: 'Prognosis model: inputs outside the development data (age, landmark day, steroid day, grades) are flagged beside the prediction, not corrected; a patient without a graded visit by day 30 or already recovered gets no prediction.' },
    ],
    probast: [
      { models: ['prognosis'], question: '1.2', rating: 'PY', text: 'Every patient of the file with a complete baseline record; no selection on follow-up (patients lost are weighted for, not excluded).' },
      { models: ['prognosis'], question: '2.3', rating: 'Y', text: `Every predictor is known at the landmark (the last graded visit by day ${EARLY_WINDOW_DAYS}).` },
      { models: ['prognosis'], question: '3.4', rating: 'PY', text: `A fixed horizon: recovery recorded by day ${H}.` },
      { models: ['prognosis'], question: '4.1', rating: 'NI', text: `No sample-size calculation was run for the prognosis model${dev !== undefined ? ` (${u(dev)} development patients)` : ''}.` },
      { models: ['prognosis'], question: '4.2', rating: 'PY', text: 'Continuous predictors kept continuous (linear terms, an interaction of present grade and landmark day); no categorization.' },
      { models: ['prognosis'], question: '4.4', rating: 'PN', text: 'Complete cases for the baseline record; no imputation. Losses to follow-up are weighted for.' },
      { models: ['prognosis'], question: '4.5', rating: 'Y', text: 'The predictors are fixed in advance; none was selected by univariable analysis.' },
      { models: ['prognosis'], question: '4.6', rating: 'PY', text: 'Censoring handled by inverse-probability weights with a half-gap shift; several landmark rows per patient handled by the patient-level bootstrap.' },
      { models: ['prognosis'], question: '4.7', rating: 'Y', text: `Discrimination (AUC), calibration (intercept, slope) and Brier score on held-out patients${results.length ? `: ${results.join(', ')}` : ''}.` },
      { models: ['prognosis'], question: '4.8', rating: 'PY', text: `A seeded ${percent(Number(p.heldOutShare))} of patients held out (split-sample: no estimate of the optimism of the whole procedure); sign constraints limit overfitting.` },
      { models: ['prognosis'], question: '4.9', rating: 'Y', text: `The model file holds the fitted coefficients used for every prediction.` },
    ],
  };
};
