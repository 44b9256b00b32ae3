/**
 * The registry of cell kinds: every kind the notebooks may use, in one list.
 * `CellKind` is derived from it, so a notebook naming an unknown kind fails type checks in
 * code and a clear runtime error for JSON documents.
 */
import type { AnyCellDefinition } from '../notebook/define-cell';
import { createRegistry } from '../notebook/registry';
import { datasetSummary } from './dataset-summary';

export const cellDefinitions = [datasetSummary] as const satisfies readonly AnyCellDefinition[];

export type CellKind = (typeof cellDefinitions)[number]['kind'];

export const registry = createRegistry(cellDefinitions);
