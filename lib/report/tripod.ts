import { assembleClaims } from './claims/assemble';
import { author, obj, type Json } from './claims/types';
import { latexBreakableText, latexColumns, latexText, markdownText, plainText, type UserText } from './escape';
import { softwareText } from './methods';

/**
 * A TRIPOD+AI checklist (Collins et al., BMJ 2024) filled from a run manifest: each cell kind
 * declares the items it answers (lib/report/claims/<kind>.ts), the answers are put together in
 * the order of the notebook's cells with the cells they come from, and an item no cell answers
 * is marked "[author to complete: …]" (the clinical setting, ethics, funding, registration,
 * interpretation…). Item numbers follow the published checklist; check the wording there
 * before submission.
 */
export interface ChecklistItem {
  item: string;
  topic: string;
  /** What the run says, or undefined: the author has to write it (see `author`). */
  answer?: string;
  /** Where the answer comes from (cell ids, the manifest). */
  source?: string;
  /** What the author has to supply: the whole answer when `answer` is undefined. */
  author?: string;
}

/** Item, topic and what the author supplies where no cell of the run answers it. */
const ITEMS: readonly [string, string, string][] = [
  ['1', 'Title', 'a title naming the study as developing or evaluating a prediction model, the target population and the outcome'],
  ['2', 'Abstract', 'an abstract following TRIPOD+AI for Abstracts'],
  ['3a', 'Background: healthcare context and rationale', 'the healthcare context and why a model is needed'],
  ['3b', 'Background: target population and intended use', 'the target population, the intended use and users'],
  ['3c', 'Background: known health inequalities', 'known health inequalities between groups'],
  ['4', 'Objectives', 'the objectives: development, evaluation or both'],
  ['5a', 'Data: sources', 'the data source'],
  ['5b', 'Data: dates (accrual, follow-up)', 'the start and end of accrual and of follow-up'],
  ['6a', 'Participants: setting and centres', 'the setting, centres and their number'],
  ['6b', 'Participants: eligibility criteria', 'the eligibility criteria'],
  ['6c', 'Participants: treatments received', 'the treatments received'],
  ['7', 'Data preparation', 'data preprocessing and quality checking'],
  ['8a', 'Outcome: definition, how and when assessed', 'the outcome, how and when it was assessed'],
  ['8b', 'Outcome: qualifications and demographics of assessors', 'the assessors’ qualifications and demographics'],
  ['8c', 'Outcome: blinding', 'whether outcome assessment was blinded'],
  ['9a', 'Predictors: definition and choice', 'the predictors and why they were chosen'],
  ['9b', 'Predictors: qualifications of assessors', 'the predictor assessors’ qualifications'],
  ['9c', 'Predictors: blinding', 'whether predictor assessment was blinded to the outcome'],
  ['10', 'Sample size', 'how the sample size was arrived at'],
  ['11', 'Missing data', 'how missing data were handled'],
  ['12a', 'Analysis: how data were used (development, evaluation)', 'how the data were used for development and evaluation'],
  ['12b', 'Analysis: predictor handling', 'how predictors were handled'],
  ['12c', 'Analysis: model type, building, hyperparameter tuning, internal validation', 'the model type, building, tuning and internal validation'],
  ['12d', 'Analysis: heterogeneity across clusters or centres', 'how heterogeneity across clusters or centres was handled'],
  ['12e', 'Analysis: performance measures', 'the performance measures'],
  ['12f', 'Analysis: model updating or recalibration', 'any model updating or recalibration'],
  ['12g', 'Analysis: how predictions are calculated for new individuals', 'how predictions are calculated for a new individual'],
  ['13', 'Class imbalance', 'how class imbalance was handled'],
  ['14', 'Fairness', 'approaches to assess and address fairness'],
  ['15', 'Model output', 'the model’s output and any thresholds'],
  ['16', 'Training versus evaluation data differences', 'differences between the development and evaluation data'],
  ['17', 'Ethical approval', 'the ethics committee, approval number and consent'],
  ['18a', 'Funding', 'the funding'],
  ['18b', 'Conflicts of interest', 'the conflicts of interest'],
  ['18c', 'Protocol', 'where the protocol can be accessed'],
  ['18d', 'Registration', 'the study registration'],
  ['18e', 'Data sharing', 'the data sharing arrangements'],
  ['18f', 'Code sharing', 'where the code can be accessed'],
  ['19', 'Patient and public involvement', 'patient and public involvement'],
  ['20a', 'Participants: flow and characteristics', 'the flow of participants'],
  ['20b', 'Participants: characteristics by group (development, evaluation)', 'the characteristics of each data set'],
  ['20c', 'Participants: comparison with the intended population', 'a comparison with the intended population'],
  ['21', 'Model development: participants and outcome events per analysis', 'the participants and outcome events in each analysis'],
  ['22', 'Model specification', 'the full model, or how to access it'],
  ['23a', 'Model performance (with CIs)', 'the model performance with CIs'],
  ['23b', 'Model performance: heterogeneity across subgroups', 'performance across subgroups (e.g. sex, age, centre)'],
  ['24', 'Model updating results', 'the results of any model updating'],
  ['25', 'Interpretation', 'the interpretation'],
  ['26', 'Limitations', 'the limitations'],
  ['27a', 'Usability: handling of poor-quality or missing input', 'how poor-quality or missing input is handled when the model is used'],
  ['27b', 'Usability: user interaction and expertise', 'the user interaction and expertise needed'],
  ['27c', 'Usability: future research', 'future research'],
];

/**
 * The checklist, each manifest value written through `userText` (the output format's escaper,
 * as in methodsSections); `source` is left as it is (cell ids: escape it when writing).
 */
export function tripodItems(manifest: Json, userText: UserText = plainText): ChecklistItem[] {
  const u = (v: unknown) => userText(String(v));
  const assembled = assembleClaims(manifest, u);
  // Notebook-level answers (not a cell's): the file and its hash, the software and seeds.
  const data = obj(manifest.data);
  const notebookLevel: Record<string, string> = {
    '5a': `Data file ${u(data.name ?? '')} (SHA-256 ${u(data.sha256 ?? 'unknown')}).`,
    '18f': `${softwareText(manifest, u, assembled)} ${author('where the workbench’s code and this notebook can be accessed')}`,
  };
  return ITEMS.map(([item, topic, hint]) => {
    const parts = [...(notebookLevel[item] ? [notebookLevel[item]!] : []), ...(assembled.tripod.get(item)?.parts ?? [])];
    if (!parts.length) return { item, topic, author: hint };
    const sources = [...(notebookLevel[item] ? ['manifest'] : []), ...(assembled.tripod.get(item)?.sources ?? [])];
    return { item, topic, answer: parts.join(' '), source: sources.join(', ') };
  });
}

/** How an unanswered item reads. */
const authorText = (i: ChecklistItem) => author(i.author ?? i.topic.toLowerCase());

// A pipe not already escaped (after an even number of backslashes) would split a table cell.
const tableCell = (text: string) => text.replace(/(?<!\\)((?:\\\\)*)\|/g, '$1\\|');

export function tripodMarkdown(manifest: Json): string {
  const rows = tripodItems(manifest, markdownText).map((i) => `| ${i.item} | ${i.topic} | ${tableCell(i.answer ?? `**${authorText(i)}**`)} | ${i.source === undefined ? '—' : tableCell(markdownText(i.source))} |`);
  return `${[
    '# TRIPOD+AI checklist',
    '',
    '_Filled from the run manifest where a step of the notebook answers the item (column “From”: the steps, by cell id); items in bold are for the author, as is every “[author to complete: …]”. Item numbers follow TRIPOD+AI (Collins et al., BMJ 2024)._',
    '',
    '| Item | Topic | Reported | From |',
    '| --- | --- | --- | --- |',
    ...rows,
  ].join('\n')}\n`;
}

export function tripodLatex(manifest: Json): string {
  const rows = tripodItems(manifest).map((i) => `${latexText(i.item)} & ${latexText(i.topic)} & ${i.answer ? latexBreakableText(i.answer) : `\\textbf{${latexBreakableText(authorText(i))}}`} & ${latexBreakableText(i.source ?? '--')} \\\\`);
  return `${[
    '\\section*{TRIPOD+AI checklist}',
    'Filled from the run manifest where a step of the notebook answers the item; items in bold, and every [author to complete] note, are for the author.',
    '',
    `\\begin{longtable}{${latexColumns([0.1, 0.2, 0.5, 0.2])}}`,
    '\\toprule',
    'Item & Topic & Reported & From \\\\',
    '\\midrule',
    '\\endhead',
    ...rows,
    '\\bottomrule',
    '\\end{longtable}',
  ].join('\n')}\n`;
}
