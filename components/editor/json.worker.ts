/**
 * Monaco's JSON language worker (validation against the schema, completion) as a module this
 * origin serves. Once `MonacoEnvironment.getWorker` is defined (for the editor worker, see
 * load-monaco.ts), Monaco asks it for every worker, so the JSON one is provided here too.
 */
import 'monaco-editor/languages/features/json/json.worker.js';
