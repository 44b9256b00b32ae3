/**
 * The notebooks shipped with the workbench. Each is plain data (JSON reviewed in git);
 * this index parses and normalizes them once.
 */
import { parseNotebook, type Notebook } from '../lib/notebook/notebook-schema';
import codeCell from './code-cell.json';
import demo from './demo.json';
import external from './external.json';
import han2026 from './han-2026.json';
import ownFeature from './own-feature.json';
import teaching from './teaching.json';

const documents: unknown[] = [han2026, teaching, external, ownFeature, codeCell, demo];

export const notebooks: readonly Notebook[] = documents.map(parseNotebook);

export function findNotebook(id: string): Notebook | undefined {
  return notebooks.find((n) => n.id === id);
}
