/**
 * The what-if patient in words: the sentences the page, its screen-reader text and the handout
 * all show, written from the output (horizon, counts and levels included), so that no text can
 * say something the numbers do not.
 */
import type { WhatIfOutput } from '../cells/what-if-patient';
import { gradeLabel } from '../figures/theme';
import { gradeGroup } from '../prognosis';
import { horizonText, outOf100Text } from './prognosis-what-if';

/** The model's inputs in words (feature codes never reach the page or the handout). */
export const INPUT_WORDS: Record<string, string> = {
  present_grade: 'the grade at the last visit',
  mean_grade: 'the mean of the early grades',
  present_grade_x_month: 'the grade at the last visit weighted by how late that visit was',
  landmark_week: 'the day of the last visit',
  age_decade: 'age',
  male: 'sex',
  diabetes: 'diabetes',
  hypertension: 'hypertension',
  steroid_delay_week: 'the day the steroid was started',
};

export function patientLine(out: WhatIfOutput): string {
  const p = out.inputs;
  return `${p.sex === 'M' ? 'Male' : 'Female'}, ${p.age} years; diabetes ${p.diabetes ? 'yes' : 'no'}; hypertension ${p.hypertension ? 'yes' : 'no'}; steroid started on day ${p.treatmentDay} after onset.`;
}

export function visitsLine(out: WhatIfOutput): string {
  const v = [...out.inputs.visits].sort((a, b) => a.day - b.day);
  return `Visits: ${v.map((x) => `day ${x.day} grade ${gradeLabel(x.grade)}`).join(', ')} (the last is today, the landmark).`;
}

/** The chance as the page's headline, or why there is none. */
export function chanceSentence(out: WhatIfOutput): string {
  const r = out.result;
  if (r.kind === 'not-predicted') return `No prediction: ${r.reason}.`;
  return `${outOf100Text(r.prediction.chance)} patients like this one recover to grade II or better ${horizonText(out.horizonDay)}.`;
}

export function intervalSentence(out: WhatIfOutput): string | null {
  const r = out.result;
  if (r.kind === 'not-predicted') return null;
  // A bound below 1 (or above 99) but not 0 (100) is never rounded to "0" ("100") out of 100.
  const n = (p: number) => Math.min(p < 1 ? 99 : 100, Math.max(p > 0 ? 1 : 0, Math.round(p * 100)));
  return `${Math.round(out.bootstrap.level * 100)}% interval: ${n(r.prediction.low)} to ${n(r.prediction.high)} out of 100 (over ${out.bootstrap.resamples} refits of the model on patients resampled from the development data).`;
}

export function baseRateSentence(out: WhatIfOutput): string {
  if (!Number.isFinite(out.baseRate.value)) return `The cohort’s base rate ${horizonText(out.horizonDay)} could not be estimated from the held-out patients.`;
  return `For comparison, the base rate: ${outOf100Text(out.baseRate.value)} held-out patients of this cohort recovered ${horizonText(out.horizonDay)} (patients lost to follow-up weighted for).`;
}

/** Fewer follow-up visits than this in a present-grade group: its band coverage is not reported as a number. */
export const MIN_COVERAGE_VISITS = 20;

/** The course band's level and its measured coverage in this patient's present-grade group. */
export function bandSentence(out: WhatIfOutput): string | null {
  const r = out.result;
  if (r.kind === 'not-predicted') return null;
  const present = r.history.visits[r.history.visits.length - 1]!.grade;
  const group = gradeGroup(present);
  const g = out.bandCoverage.groups.find((x) => x.group === group);
  const level = Math.round(out.bandCoverage.level * 100);
  const seen = `${g?.visits ?? 0} visit${g?.visits === 1 ? '' : 's'} of ${g?.patients ?? 0} held-out patient${g?.patients === 1 ? '' : 's'} with grade ${group} at the landmark`;
  const measured = g && g.coverage !== null && g.visits >= MIN_COVERAGE_VISITS ? `coverage measured on ${seen}: ${Math.round(g.coverage * 100)}%` : `its coverage cannot be measured for this patient's group: only ${seen} (fewer than ${MIN_COVERAGE_VISITS})`;
  return `Shaded: ${level}% band of the best grade recorded by each day; ${measured}.`;
}

export function methodLines(out: WhatIfOutput): string[] {
  return [
    `The chance comes from a landmark model fitted on ${out.developmentPatients} patients of the loaded cohort: what is known at the last entered visit (every grade so far, that visit’s day, age, sex, diabetes, hypertension, the day the steroid was started) predicts recovery to grade II or better recorded at a follow-up visit ${horizonText(out.horizonDay)}. Patients who stopped attending count until they left; nobody is dropped.`,
    'A worse grade at any visit, a later steroid start, diabetes or hypertension can only lower the chance (the model is built that way).',
    `The course is the best grade recorded by each day; its chance of being II or better ${horizonText(out.horizonDay)} is the chance above.`,
    ...(out.fixedAtZero.length ? [`Given no effect because this cohort pointed the clinically wrong way: ${out.fixedAtZero.map((f) => INPUT_WORDS[f] ?? f).join(', ')}.`] : []),
  ];
}
