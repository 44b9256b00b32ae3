/**
 * Monaco's editor worker (diffs, word ranges, link detection) as a module this origin serves.
 * Monaco otherwise builds its URL from an unbundled path and logs "Failed to load worker
 * script … editorWorkerService" when an editor opens; the JSON language's is json.worker.ts.
 */
import 'monaco-editor/editor/editor.worker.js';
