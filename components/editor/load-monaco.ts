/**
 * Loads the Monaco editor on demand: the JSON language (validation against a JSON Schema,
 * completion, hovers) and the editor features a parameter file needs, nothing more. Called
 * only when the user opens a JSON editor, so Monaco is never part of the first paint. Its
 * JSON worker comes from this origin (the bundler emits it), as the CSP requires.
 */
export type Monaco = typeof import('monaco-editor/editor/editor.api.js');
type JsonDefaults = (typeof import('monaco-editor/languages/features/json/register.js'))['jsonDefaults'];

export interface MonacoWithJson {
  monaco: Monaco;
  json: JsonDefaults;
}

let loading: Promise<MonacoWithJson> | undefined;

/** How every editor of the page looks and scrolls (the JSON parameters and the code steps). */
export const EDITOR_OPTIONS = {
  automaticLayout: true,
  minimap: { enabled: false },
  fontSize: 13,
  lineNumbersMinChars: 3,
  scrollBeyondLastLine: false,
  tabSize: 2,
  fixedOverflowWidgets: true,
} as const;

/**
 * Where Monaco gets its workers: our bundled modules (editor.worker.ts, json.worker.ts), served
 * from this origin as the CSP requires. Without this Monaco built the editor worker's URL from
 * an unbundled path and logged "Failed to load worker script … editorWorkerService"; once
 * `getWorker` is defined Monaco asks it for every worker, the JSON language's included.
 */
function provideWorkers(): void {
  const scope = globalThis as { MonacoEnvironment?: { getWorker?: (id: string, label: string) => Worker | undefined } };
  scope.MonacoEnvironment ??= {};
  scope.MonacoEnvironment.getWorker ??= (_id, label) =>
    label === 'json'
      ? new Worker(new URL('./json.worker.ts', import.meta.url), { type: 'module', name: label })
      : new Worker(new URL('./editor.worker.ts', import.meta.url), { type: 'module', name: label });
}

export function loadMonaco(): Promise<MonacoWithJson> {
  loading ??= (async () => {
    provideWorkers();
    const [monaco, jsonLanguage] = await Promise.all([
      import('monaco-editor/editor/editor.api.js'),
      import('monaco-editor/languages/features/json/register.js'),
      import('monaco-editor/editor/browser/coreCommands.js'),
      import('monaco-editor/editor/contrib/suggest/browser/suggestController.js'),
      import('monaco-editor/editor/contrib/hover/browser/hoverContribution.js'),
      import('monaco-editor/editor/contrib/folding/browser/folding.js'),
      import('monaco-editor/editor/contrib/bracketMatching/browser/bracketMatching.js'),
      import('monaco-editor/editor/contrib/gotoError/browser/gotoError.js'),
      import('monaco-editor/editor/contrib/format/browser/formatActions.js'),
      import('monaco-editor/editor/contrib/clipboard/browser/clipboard.js'),
      import('monaco-editor/editor/contrib/contextmenu/browser/contextmenu.js'),
      import('monaco-editor/editor/contrib/linesOperations/browser/linesOperations.js'),
      import('monaco-editor/editor/contrib/wordHighlighter/browser/wordHighlighter.js'),
      import('monaco-editor/features/find/register.js'),
    ]);
    return { monaco, json: jsonLanguage.jsonDefaults };
  })();
  loading.catch(() => {
    loading = undefined; // e.g. offline: try again next time
  });
  return loading;
}

/** Schemas of every open editor, by model URI: Monaco's JSON service holds one list for all. */
const schemas = new Map<string, unknown>();

export function setModelSchema(json: JsonDefaults, modelUri: string, schema: unknown | undefined): void {
  if (schema === undefined) schemas.delete(modelUri);
  else schemas.set(modelUri, schema);
  json.setDiagnosticsOptions({
    validate: true,
    allowComments: false,
    enableSchemaRequest: false,
    schemaValidation: 'error',
    schemas: [...schemas.entries()].map(([uri, s]) => ({ uri: `${uri}#schema`, fileMatch: [uri], schema: s as object })),
  });
}
