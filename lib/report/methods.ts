import { cellKinds, type CellKind } from '../cells';
import type { AnyCellDefinition } from '../notebook/define-cell';
import { assembleClaims, isCopy } from './claims/assemble';
import { modelFileSentence, windowModelFilesSentence } from './claims/model-files';
import { andList, obj, type Json } from './claims/types';
import { latexProseText, latexText, markdownText, plainText, type UserText } from './escape';

/**
 * The methods paragraph, written from a run manifest (manifest.json of `npm run reproduce` or
 * of the page's "Export all"). Each cell kind declares the sentences it supports from its own
 * parameters and the numbers its headline wrote (lib/report/claims/<kind>.ts); they are put
 * together in the order of the notebook's cells, so the text says what ran: a step that did not
 * run says nothing (and is named at the end), a changed parameter changes its sentence.
 */
export interface MethodsSection {
  heading: string;
  /** Which notebook steps (cell ids) the sentences come from. */
  source: string;
  text: string;
}

/** The cell ids of a kind, in notebook order (the manifest's `cells` keeps that order); audit copies left out. */
export function cellsOfKind(manifest: Json, kind: CellKind): string[] {
  const cells = obj(manifest.cells);
  return Object.entries(cells)
    .filter(([id, c]) => obj(c).kind === kind && !isCopy(cells, id))
    .map(([id]) => id);
}

/**
 * The sections, each manifest value written through `u` (the output format's escaper: a data
 * file named `<img onerror=…>` must stay text in methods.md); the default leaves them as they are.
 */
export function methodsSections(manifest: Json, userText: UserText = plainText): MethodsSection[] {
  const u = (v: unknown) => userText(String(v));
  const assembled = assembleClaims(manifest, u);
  const sections: MethodsSection[] = assembled.sections.map((s) => ({ heading: s.heading, source: s.sources.join(', '), text: s.sentences.join(' ') }));
  sections.push({ heading: 'Software and reproducibility', source: 'manifest', text: softwareText(manifest, u, assembled) });
  return sections;
}

/** The software, versions, seed and data file; the model files; what did not run. */
export function softwareText(manifest: Json, u: (v: unknown) => string, assembled = assembleClaims(manifest, u)): string {
  const data = obj(manifest.data);
  const versions = obj(manifest.versions);
  const software = Object.entries(versions)
    .filter(([k]) => k !== 'browser')
    .map(([k, v]) => `${k === 'workbench' ? 'Facial Palsy Prognosis Workbench' : k === 'node' ? 'Node.js' : u(k)} ${u(v)}`)
    .join(', ');
  const sentences = [
    `The analysis ran in ${software || 'the workbench'}${manifest.backend ? ` (${u(manifest.backend)})` : ''}, notebook ${u(obj(manifest.notebook).id)}${manifest.profile ? `, profile ${u(manifest.profile)}` : ''}, with seed ${u(manifest.seed)} for every random step; the input file ${u(data.name ?? '')} has SHA-256 ${u(data.sha256)}.`,
  ];
  const files: string[] = [];
  for (const id of cellsOfKind(manifest, 'prognosis-model')) if (obj(obj(manifest.cells)[id]).status === 'fresh') files.push(`the prognosis model is ${modelFileSentence(manifest, `models/${u(id)}.json`)}`);
  // The window-level models (SVM, logistic-regression baseline, LSTM): the files this run wrote,
  // or how to get them, for every kind whose definition declares one (`windowModel`).
  const fresh = (kind: CellKind) => cellsOfKind(manifest, kind).filter((id) => obj(obj(manifest.cells)[id]).status === 'fresh');
  for (const def of Object.values(cellKinds) as readonly AnyCellDefinition[]) {
    if (!def.windowModel) continue;
    const ids = fresh(def.kind as CellKind);
    if (!ids.length) continue;
    const { kind, name } = def.windowModel;
    files.push(`${name} ${name.endsWith('s') ? 'are' : 'is'} ${windowModelFilesSentence(manifest, ids, kind, u)}`);
  }
  if (files.length) sentences.push(`Model files: ${files.join('; ')}.`);
  if (assembled.notRun.length) sentences.push(`Steps that did not run in this export, and so are not described: ${andList(assembled.notRun.map(u))}.`);
  for (const p of assembled.problems) sentences.push(`[author to complete: ${p}]`);
  return sentences.join(' ');
}

export function methodsMarkdown(manifest: Json): string {
  const lines = ['# Methods', '', '_Written from the run manifest: every number below is a setting or count of this run._', ''];
  for (const s of methodsSections(manifest, markdownText)) lines.push(`**${s.heading}.** ${s.text}`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

export function methodsLatex(manifest: Json): string {
  const body = methodsSections(manifest).map((s) => `\\paragraph{${latexText(s.heading)}.} ${latexProseText(s.text)}`);
  // Paragraphs that list files (models/lstm-persistent-m1.json, …) need more stretch than TeX's
  // default tolerance finds, or a line runs into the margin: \emergencystretch, in a group.
  return `${['\\section*{Methods}', '\\begingroup\\emergencystretch=3em', ...body, '\\endgroup'].join('\n\n')}\n`;
}
