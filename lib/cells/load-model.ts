import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { sha256Hex } from '../notebook/hash';
import { readModelFile, type AnyModelFile } from '../models/model-file';

export const loadModelParamsSchema = z.object({
  /** The file's name, as opened. */
  name: z.string().default(''),
  /** The model file's text (a model is a parameter: the notebook, its cache key and the CLI's --model carry it). */
  json: z.string().default(''),
});
export type LoadModelParams = z.infer<typeof loadModelParamsSchema>;

export interface LoadedModel {
  name: string;
  sha256: string;
  /** The prognosis model ({ kind: 'prognosis', model }) or a window-level model (svm, logistic, lstm). */
  file: AnyModelFile;
  /** One line for the page: what the model predicts and what it was developed on. */
  summary: string;
}

const SUBSET = { all: 'all subjects', persistent: 'the persistent palsy subset' } as const;
const KIND = { svm: 'RBF-SVM', logistic: 'logistic regression', lstm: 'LSTM' } as const;

function summaryOf(f: AnyModelFile): string {
  if (f.kind === 'prognosis') return `prognosis model: ${f.model.outcome}; developed on ${f.model.development.patients} patients`;
  const dev = f.development ? `; trained on ${f.development.windows} windows of ${f.development.patients} patients` : '';
  const rows = f.kind === 'svm' && !f.predicts ? ' (written without its support vectors: it cannot predict)' : '';
  return `${KIND[f.kind]} of ${SUBSET[f.subset]} (notebook ${f.provenance.notebookId}, step ${f.provenance.cellId})${rows}: ${f.outcome}${dev}`;
}

/**
 * Open a model: any model file the workbench writes. The prognosis model (`models/prognosis.json`
 * from `npm run reproduce -- --notebook teaching`, or the teaching notebook's download) or a
 * window-level model (`models/<step>.json` of the paper notebook: the SVM, its logistic-regression
 * baseline, an LSTM). The schema, version and features are checked; a file that fails says what
 * is wrong with it.
 */
export const loadModel = defineCell<Record<string, never>, LoadModelParams, LoadedModel>({
  kind: 'load-model',
  version: 2, // 2: window-level model files too
  title: 'Open a model',
  description: 'A model file to apply without refitting (the prognosis model, or the paper notebook’s SVM, logistic regression or LSTM): its schema, version and features are checked.',
  describe: (p) => (p.name ? `model file ${p.name}` : 'no model file opened yet'),
  inputs: {},
  params: loadModelParamsSchema,
  heavy: false,
  paramsInView: true,
  async *run(_inputs, params) {
    if (!params.json.trim()) throw new InputError('Open a model file: models/prognosis.json (teaching notebook) or models/evaluate.json, svm-baselines.json, lstm-all-m1.json … (paper notebook) from npm run reproduce, or a model downloaded from a step of the page.');
    let json: unknown;
    try {
      json = JSON.parse(params.json);
    } catch (err) {
      throw new InputError(`${params.name || 'the model file'} is not JSON: ${(err as Error).message}`);
    }
    try {
      const file = readModelFile(json);
      return { name: params.name, sha256: sha256Hex(new TextEncoder().encode(params.json)), file, summary: summaryOf(file) };
    } catch (err) {
      throw new InputError(`${params.name || 'the model file'}: ${(err as Error).message}`);
    }
  },
});
