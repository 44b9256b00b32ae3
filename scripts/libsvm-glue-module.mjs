// libsvm-js's Emscripten glue is a CommonJS script. Browser workers load it as an ES module
// (a static file, `import()`ed at run time) so that the page's Content-Security-Policy needs
// no 'unsafe-eval': evaluating the fetched text with `Function` would. The wrapper gives the
// glue the CommonJS names it reads (`module`, `exports`; no `require`, as in a browser) and
// exports the result inside a plain object: the Emscripten Module is a thenable and must never
// be what a promise resolves to (see lib/ml/svm/load-libsvm.ts).
export function glueAsModule(source) {
  return [
    '// Generated from libsvm-js/out/wasm/libsvm.js by scripts/libsvm-glue-module.mjs; do not edit.',
    'const module = { exports: {} };',
    'const exports = module.exports;',
    'const require = undefined;',
    "const __dirname = '.';",
    source,
    ';',
    'export const glue = { module: module.exports };',
    '',
  ].join('\n');
}
