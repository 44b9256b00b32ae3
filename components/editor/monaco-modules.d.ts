// Monaco's editor contributions are imported for their side effects only (they register the
// suggest widget, hovers, folding, ...); their files ship without type declarations.
declare module 'monaco-editor/editor/contrib/*';
declare module 'monaco-editor/editor/browser/coreCommands.js';
declare module 'monaco-editor/features/find/register.js';
