import { latexText, markdownText, plainText, type UserText } from './escape';
import { cellsOfKind, methodsSections } from './methods';

/**
 * A TRIPOD+AI checklist (Collins et al., BMJ 2024) filled from a run manifest: items the
 * notebook knows are answered with the step they come from; everything else (the clinical
 * setting, ethics, funding, registration, interpretation…) is marked for the author. Item
 * numbers follow the published checklist; check the wording there before submission.
 */
type Json = Record<string, unknown>;

export interface ChecklistItem {
  item: string;
  topic: string;
  /** What the run says, or undefined: the author has to write it. */
  answer?: string;
  /** Where the answer comes from (a notebook step, the manifest). */
  source?: string;
}

const AUTHOR = 'To be completed by the author.';
const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

/**
 * The checklist, each manifest value written through `userText` (the output format's
 * escaper, as in methodsSections); `source` is left as it is (cell ids: escape it when writing).
 */
export function tripodItems(manifest: Json, userText: UserText = plainText): ChecklistItem[] {
  const u = (v: unknown) => userText(String(v));
  const sections = new Map(methodsSections(manifest, userText).map((s) => [s.heading, s]));
  const from = (heading: string) => sections.get(heading);
  const fill = (item: string, topic: string, heading?: string, answer?: (s: { text: string; source: string }) => string): ChecklistItem => {
    const s = heading ? from(heading) : undefined;
    return s ? { item, topic, answer: answer ? answer(s) : s.text, source: s.source } : { item, topic };
  };
  const cohort = obj(manifest.cohort);
  const data = obj(manifest.data);
  const svm = obj(manifest.svm);
  const windows = obj(manifest.windows);
  const cohortId = cellsOfKind(manifest, 'cohort-inclusion')[0];
  const evalId = cellsOfKind(manifest, 'classification-eval')[0];
  const reportId = cellsOfKind(manifest, 'lstm-report')[0];
  const externalId = cellsOfKind(manifest, 'external-validation')[0];
  // What the run wrote as model files (cli/reproduce.ts): only the prognosis model and external recalibrations.
  const prognosisIds = cellsOfKind(manifest, 'prognosis-model');
  const modelFiles = prognosisIds.length
    ? `the prognosis model as ${prognosisIds.map((id) => `models/${u(id)}.json`).join(', ')}; the SVM and LSTM are not exported as files`
    : 'not exported as files (the SVM and LSTM live only in the run’s cache)';
  const metric = (m: unknown) => {
    const x = obj(m);
    return typeof x.value === 'number' ? `${x.value.toFixed(3)} (95% CI ${Number(x.ci_low).toFixed(3)}–${Number(x.ci_high).toFixed(3)})` : 'n/a';
  };
  const cls = obj(windows.classification);
  return [
    { item: '1', topic: 'Title' },
    { item: '2', topic: 'Abstract' },
    { item: '3a', topic: 'Background: healthcare context and rationale' },
    { item: '3b', topic: 'Background: target population and intended use' },
    { item: '3c', topic: 'Background: known health inequalities' },
    { item: '4', topic: 'Objectives' },
    { item: '5a', topic: 'Data: sources', answer: `Visit table ${u(data.name ?? '')} (SHA-256 ${u(data.sha256 ?? 'unknown')}); ${u(obj(manifest.ingest).rows_accepted ?? '?')} rows accepted, ${u(obj(manifest.ingest).rows_rejected ?? 0)} rejected. Representativeness: ${AUTHOR}`, source: 'load step, manifest' },
    fill('5b', 'Data: dates (accrual, follow-up)', 'Study population', () => `Development/validation cutoff by first-visit date: ${u(obj(obj(manifest.parameters)[cohortId ?? '']).cutoffDate ?? 'n/a')}; follow-up window of the outcome: ${from('Windowing of serial grades') ? 'see windowing' : 'n/a'}. Accrual start and end: ${AUTHOR}`),
    { item: '6a', topic: 'Participants: setting and centres' },
    fill('6b', 'Participants: eligibility criteria', 'Study population'),
    { item: '6c', topic: 'Participants: treatments received', answer: `Delayed treatment (steroid started > 7 days after onset) is a predictor. Other treatment details: ${AUTHOR}`, source: 'feature dictionary' },
    fill('7', 'Data preparation', 'Windowing of serial grades'),
    fill('8a', 'Outcome: definition, how and when assessed', 'Windowing of serial grades', () => `Classification: recovered = House–Brackmann grade ≤ II at the outcome visit; regression: the grade at a later visit (SAG4). Graders and blinding: ${AUTHOR}`),
    { item: '8b', topic: 'Outcome: qualifications and demographics of assessors' },
    { item: '8c', topic: 'Outcome: blinding' },
    fill('9a', 'Predictors: definition and choice', 'Recovery classification (SVM)', (s) => s.text.split('. ')[0]! + '.'),
    { item: '9b', topic: 'Predictors: qualifications of assessors' },
    { item: '9c', topic: 'Predictors: blinding' },
    {
      item: '10',
      topic: 'Sample size',
      answer: typeof cohort.development === 'number' ? `${u(cohort.development)} development and ${u(cohort.validation)} validation patients; ${u(cls.n ?? '?')} classification windows (${u(cls.recovered ?? '?')} recovered). Justification: ${AUTHOR}` : undefined,
      source: typeof cohort.development === 'number' ? [cohortId, cellsOfKind(manifest, 'windowing')[0]].filter(Boolean).join(', ') : undefined,
    },
    fill('11', 'Missing data', 'Study population', () => `Complete-case: patients missing a first-visit grade, follow-up, age, sex, diabetes or hypertension status were excluded (counts in Fig. 1); rows the reader could not parse were rejected and listed (rejected_rows.csv).`),
    fill('12a', 'Analysis: how data were used (development, evaluation)', 'Recovery classification (SVM)', (s) => s.text.split('. ').slice(1, 2).join('. ') + '.'),
    fill('12b', 'Analysis: predictor handling', 'Recovery classification (SVM)', () => 'Features standardized with the training part’s means and SDs; no selection or transformation beyond that.'),
    fill('12c', 'Analysis: model type, building, hyperparameter tuning, internal validation', 'Recovery classification (SVM)'),
    { item: '12d', topic: 'Analysis: heterogeneity across clusters or centres' },
    fill('12e', 'Analysis: performance measures', 'Recovery classification (SVM)', () => 'Classification: accuracy, recall, precision, F1 with percentile bootstrap 95% CIs; regression: RMSE, MSE, MAE with bootstrap CIs and paired t-tests, against last-grade-carried-forward and linear baselines.'),
    { item: '12f', topic: 'Analysis: model updating or recalibration', answer: externalId ? `Intercept and logistic recalibration on the validation cohort (${u(externalId)}), written as models/${u(externalId)}-intercept-recalibrated.json and models/${u(externalId)}-logistic-recalibrated.json; the performance reported is that of the model as opened, before updating.` : 'None: models are evaluated as fitted.', source: externalId ?? 'notebook' },
    fill('12g', 'Analysis: how predictions are calculated for new individuals', 'Grade regression (LSTM)', () => 'The fitted SVM (selected C, γ) on standardized features; the LSTM on the window’s scaled sequence.'),
    { item: '13', topic: 'Class imbalance', answer: cls.n !== undefined ? `${u(cls.recovered)} of ${u(cls.n)} windows recovered; no resampling or class weighting.` : undefined, source: cls.n !== undefined ? cellsOfKind(manifest, 'windowing')[0] : undefined },
    { item: '14', topic: 'Fairness' },
    { item: '15', topic: 'Model output', answer: 'SVM: predicted class (recovered / not recovered); LSTM: predicted House–Brackmann grade (continuous).', source: 'notebook' },
    { item: '16', topic: 'Training versus evaluation data differences', answer: typeof cohort.validation === 'number' ? `Temporal validation: ${u(cohort.validation)} patients with a first visit on or after the cutoff date, evaluated without refitting.` : undefined, source: cohortId },
    { item: '17', topic: 'Ethical approval' },
    { item: '18a', topic: 'Funding' },
    { item: '18b', topic: 'Conflicts of interest' },
    { item: '18c', topic: 'Protocol' },
    { item: '18d', topic: 'Registration' },
    { item: '18e', topic: 'Data sharing' },
    fill('18f', 'Code sharing', 'Software and reproducibility'),
    { item: '19', topic: 'Patient and public involvement' },
    fill('20a', 'Participants: flow and characteristics', 'Study population', (s) => `${s.text.split('. ').slice(-1)[0]} Characteristics: Table 1.`),
    { item: '20b', topic: 'Participants: characteristics by group (development, evaluation)', answer: 'Table 1 (development vs temporal validation).', source: cellsOfKind(manifest, 'cohort-description')[0] },
    { item: '20c', topic: 'Participants: comparison with the intended population' },
    fill('21', 'Model development: participants and outcome events per analysis', 'Recovery classification (SVM)', () => `Training/test windows: all subjects ${u(obj(obj(manifest.split).all).train ?? '?')}/${u(obj(obj(manifest.split).all).test ?? '?')}, persistent subset ${u(obj(obj(manifest.split).persistent).train ?? '?')}/${u(obj(obj(manifest.split).persistent).test ?? '?')}.`),
    fill('22', 'Model specification', 'Recovery classification (SVM)', () => `RBF SVM, C = ${u(obj(obj(svm.all).best).C ?? '?')}, γ = ${u(obj(obj(svm.all).best).gamma ?? '?')} (all subjects); LSTM architecture in the methods. Fitted models: ${modelFiles}.`),
    {
      item: '23a',
      topic: 'Model performance (with CIs)',
      answer: obj(obj(svm.all).test).accuracy ? `SVM, all subjects, test part: accuracy ${metric(obj(obj(svm.all).test).accuracy)}, F1 ${metric(obj(obj(svm.all).test).f1)}. LSTM: Table 2.` : undefined,
      source: [evalId, reportId].filter(Boolean).join(', ') || undefined,
    },
    { item: '23b', topic: 'Model performance: heterogeneity across subgroups' },
    { item: '24', topic: 'Model updating results', answer: externalId ? 'The recalibrated models record their intercept and slope and the data they were fitted on (their `updates` field); their own performance on new data is not reported by this run.' : 'No updating.', source: externalId ?? 'notebook' },
    { item: '25', topic: 'Interpretation' },
    { item: '26', topic: 'Limitations' },
    { item: '27a', topic: 'Usability: handling of poor-quality or missing input' },
    { item: '27b', topic: 'Usability: user interaction and expertise' },
    { item: '27c', topic: 'Usability: future research' },
  ];
}

// A pipe not already escaped (after an even number of backslashes) would split a table cell.
const tableCell = (text: string) => text.replace(/(?<!\\)((?:\\\\)*)\|/g, '$1\\|');

export function tripodMarkdown(manifest: Json): string {
  const rows = tripodItems(manifest, markdownText).map((i) => `| ${i.item} | ${i.topic} | ${tableCell(i.answer ?? `**${AUTHOR}**`)} | ${i.source === undefined ? '—' : markdownText(i.source)} |`);
  return `${[
    '# TRIPOD+AI checklist',
    '',
    '_Filled from the run manifest where the notebook knows the answer (column “From”); items in bold are for the author. Item numbers follow TRIPOD+AI (Collins et al., BMJ 2024)._',
    '',
    '| Item | Topic | Reported | From |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n')}\n`;
}

export function tripodLatex(manifest: Json): string {
  const rows = tripodItems(manifest).map((i) => `${latexText(i.item)} & ${latexText(i.topic)} & ${i.answer ? latexText(i.answer) : `\\textbf{${latexText(AUTHOR)}}`} & ${latexText(i.source ?? '--')} \\\\`);
  return `${[
    '\\section*{TRIPOD+AI checklist}',
    'Filled from the run manifest where the notebook knows the answer; items in bold are for the author.',
    '',
    '\\begin{longtable}{p{0.06\\linewidth}p{0.24\\linewidth}p{0.48\\linewidth}p{0.14\\linewidth}}',
    '\\toprule',
    'Item & Topic & Reported & From \\\\',
    '\\midrule',
    '\\endhead',
    ...rows,
    '\\bottomrule',
    '\\end{longtable}',
  ].join('\n')}\n`;
}
