import { z } from 'zod';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import { sha256Hex } from '../notebook/hash';
import { parsePrognosisModel, type PrognosisModel } from '../prognosis';

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
  model: PrognosisModel;
}

/**
 * Open a model: a prognosis model file (`models/prognosis.json` from `npm run reproduce`, or the
 * file downloaded from the teaching notebook's prognosis step). The schema and version are
 * checked; a file that fails says what is wrong with it.
 */
export const loadModel = defineCell<Record<string, never>, LoadModelParams, LoadedModel>({
  kind: 'load-model',
  version: 1,
  title: 'Open a model',
  description: 'A prognosis model file to apply without refitting: its schema, version and features are checked.',
  describe: (p) => (p.name ? `model file ${p.name}` : 'no model file opened yet'),
  inputs: {},
  params: loadModelParamsSchema,
  heavy: false,
  async *run(_inputs, params) {
    if (!params.json.trim()) throw new InputError('Open a model file: models/prognosis.json from npm run reproduce, or the file downloaded from the teaching notebook’s prognosis step.');
    let json: unknown;
    try {
      json = JSON.parse(params.json);
    } catch (err) {
      throw new InputError(`${params.name || 'the model file'} is not JSON: ${(err as Error).message}`);
    }
    try {
      return { name: params.name, sha256: sha256Hex(new TextEncoder().encode(params.json)), model: parsePrognosisModel(json) };
    } catch (err) {
      throw new InputError(`${params.name || 'the model file'}: ${(err as Error).message}`);
    }
  },
});
