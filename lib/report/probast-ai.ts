import { assembleClaims, probastKey } from './claims/assemble';
import { author, type Json, type ModelFamily, type Rating } from './claims/types';
import { latexBreakableText, latexColumns, latexText, markdownText, plainText, type UserText } from './escape';

/**
 * A PROBAST+AI checklist (Moons et al., BMJ 2025) filled from a run manifest: for each model the
 * run developed (or, in the external-validation notebook, evaluated), the signalling questions of
 * the four domains (participants and data sources, predictors, outcome, analysis), answered
 * where a step of the run knows the answer (lib/report/claims/<kind>.ts: events per candidate
 * parameter from the sample-size step, the handling of missing data, whether discrimination and
 * calibration were assessed, whether the split kept patients apart…) and otherwise "No
 * information" with what the author has to supply. The questions paraphrase PROBAST's domains
 * as PROBAST+AI keeps them; check numbering and wording against the published tool. The domain
 * judgements (quality, risk of bias, applicability) are the assessor's, not the run's.
 */
export interface ProbastItem {
  model: ModelFamily;
  domain: string;
  question: string;
  text: string;
  rating: Rating;
  /** What the run says, or undefined (rated NI: the author has to answer). */
  answer?: string;
  source?: string;
  /** What the author has to supply when the run cannot answer. */
  author?: string;
}

export const MODEL_TITLES: Record<ModelFamily, string> = {
  svm: 'Recovery classifier (RBF SVM): model development',
  lstm: 'Later-grade regression (LSTM): model development',
  prognosis: 'Prognosis model (landmark logistic regression): model development',
  external: 'External validation of the opened prognosis model: model evaluation',
};

const RATING_WORDS: Record<Rating, string> = { Y: 'Yes', PY: 'Probably yes', PN: 'Probably no', N: 'No', NI: 'No information' };

type Question = [id: string, domain: string, text: string, authorHint: string, development: boolean, evaluation: boolean];

const QUESTIONS: readonly Question[] = [
  ['1.1', 'Participants and data sources', 'Were appropriate data sources used (e.g. a cohort, trial or registry fit for the intended use)?', 'the data source and its design', true, true],
  ['1.2', 'Participants and data sources', 'Were all inclusions and exclusions of participants appropriate?', 'whether the inclusions and exclusions fit the intended use', true, true],
  ['1.3', 'Participants and data sources', 'Do the data represent the target population and setting, including groups at risk of unfair predictions?', 'representativeness and subgroups', true, true],
  ['2.1', 'Predictors', 'Were predictors defined and assessed in a similar way for all participants?', 'how the predictors were recorded', true, true],
  ['2.2', 'Predictors', 'Were predictor assessments made without knowledge of outcome data?', 'whether graders knew later grades', true, true],
  ['2.3', 'Predictors', 'Are all predictors available at the time the model is intended to be used?', 'when each predictor is known', true, true],
  ['3.1', 'Outcome', 'Was the outcome determined appropriately, with a prespecified or standard definition?', 'the outcome’s determination', true, true],
  ['3.2', 'Outcome', 'Were predictors excluded from the outcome definition?', 'whether any predictor enters the outcome', true, true],
  ['3.3', 'Outcome', 'Was the outcome defined and determined in a similar way for all participants, without knowledge of predictor information?', 'how and by whom the outcome was graded, and blinding', true, true],
  ['3.4', 'Outcome', 'Was the time interval between predictor assessment and outcome determination appropriate?', 'the interval between prediction and outcome', true, true],
  ['4.1', 'Analysis', 'Were there enough participants with the outcome (events per candidate predictor parameter, or a sample-size calculation)?', 'the sample size’s justification', true, true],
  ['4.2', 'Analysis', 'Were continuous and categorical predictors handled appropriately?', 'the handling of predictors', true, false],
  ['4.3', 'Analysis', 'Were all enrolled participants included in the analysis?', 'who of the enrolled participants was analysed', true, true],
  ['4.4', 'Analysis', 'Were participants with missing data handled appropriately?', 'the handling of missing data', true, true],
  ['4.5', 'Analysis', 'Was selection of predictors based on univariable analysis (or other data-driven selection outside the model building) avoided?', 'how predictors were chosen', true, false],
  ['4.6', 'Analysis', 'Were complexities in the data (censoring, several records per participant, class imbalance) accounted for appropriately?', 'the handling of censoring and clustering', true, true],
  ['4.7', 'Analysis', 'Were relevant measures of model performance (discrimination and calibration) evaluated appropriately?', 'the performance measures', true, true],
  ['4.8', 'Analysis', 'Were model overfitting and optimism in performance accounted for, with no leakage between training and evaluation data?', 'the internal validation and leakage', true, false],
  ['4.9', 'Analysis', 'Do the predictors and their weights in the final model correspond to the results reported?', 'whether the reported model is the fitted one', true, false],
];

export function probastItems(manifest: Json, userText: UserText = plainText): ProbastItem[] {
  const u = (v: unknown) => userText(String(v));
  const assembled = assembleClaims(manifest, u);
  const items: ProbastItem[] = [];
  for (const model of assembled.models) {
    const evaluation = model === 'external';
    for (const [question, domain, text, hint, development, evaluated] of QUESTIONS) {
      if (evaluation ? !evaluated : !development) continue;
      const a = assembled.probast.get(probastKey(model, question));
      items.push(a ? { model, domain, question, text, rating: a.rating, answer: a.parts.join(' '), source: a.sources.join(', ') } : { model, domain, question, text, rating: 'NI', author: hint });
    }
  }
  return items;
}

// A pipe not already escaped (after an even number of backslashes) would split a table cell.
const tableCell = (text: string) => text.replace(/(?<!\\)((?:\\\\)*)\|/g, '$1\\|');
export const rated = (i: ProbastItem) => `${RATING_WORDS[i.rating]} (${i.rating})`;
export const support = (i: ProbastItem) => i.answer ?? author(i.author ?? 'the answer');

export const INTRO = 'Filled from the run manifest where a step of the run answers a signalling question (column “From”: the steps, by cell id); “No information” with [author to complete] where it cannot. Y/PY/PN/N/NI: yes, probably yes, probably no, no, no information. The questions paraphrase the PROBAST+AI domains (Moons et al., BMJ 2025); check numbering and wording against the published tool. The domain and overall judgements are the assessor’s.';

export function probastMarkdown(manifest: Json): string {
  const items = probastItems(manifest, markdownText);
  const lines = ['# PROBAST+AI checklist', '', `_${INTRO}_`, ''];
  if (!items.length) lines.push('No model was developed or evaluated in this run.', '');
  for (const model of [...new Set(items.map((i) => i.model))]) {
    lines.push(`## ${MODEL_TITLES[model]}`, '', '| Question | Signalling question | Answer | Support | From |', '| --- | --- | --- | --- | --- |');
    for (const i of items.filter((x) => x.model === model)) {
      lines.push(`| ${i.question} | ${i.domain}: ${i.text} | ${i.answer ? rated(i) : `**${rated(i)}**`} | ${tableCell(i.answer ? support(i) : `**${support(i)}**`)} | ${i.source === undefined ? '—' : tableCell(markdownText(i.source))} |`);
    }
    lines.push('', `Judgement per domain and overall: ${author('quality (development) or risk of bias (evaluation) and applicability')}`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

export function probastLatex(manifest: Json): string {
  const items = probastItems(manifest);
  const lines = ['\\section*{PROBAST+AI checklist}', latexText(INTRO), ''];
  if (!items.length) lines.push('No model was developed or evaluated in this run.', '');
  for (const model of [...new Set(items.map((i) => i.model))]) {
    lines.push(
      `\\subsection*{${latexText(MODEL_TITLES[model])}}`,
      `\\begin{longtable}{${latexColumns([0.08, 0.28, 0.16, 0.32, 0.16])}}`,
      '\\toprule',
      'No. & Signalling question & Answer & Support & From \\\\',
      '\\midrule',
      '\\endhead',
      ...items
        .filter((x) => x.model === model)
        .map((i) => `${latexText(i.question)} & ${latexText(`${i.domain}: ${i.text}`)} & ${i.answer ? latexText(rated(i)) : `\\textbf{${latexText(rated(i))}}`} & ${i.answer ? latexBreakableText(support(i)) : `\\textbf{${latexBreakableText(support(i))}}`} & ${latexBreakableText(i.source ?? '--')} \\\\`),
      '\\bottomrule',
      '\\end{longtable}',
      latexText(`Judgement per domain and overall: ${author('quality (development) or risk of bias (evaluation) and applicability')}`),
      '',
    );
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
