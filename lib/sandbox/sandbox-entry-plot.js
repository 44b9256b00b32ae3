// Entry of the Plot bundle evaluated inside the QuickJS sandbox only (never in the host):
// scripts/build-sandbox-libs.mjs bundles it into lib/sandbox/generated/sandbox-libs.ts. It sets
// the sandbox's globals `Plot` and `document` (linkedom's small DOM, which Plot draws into).
import * as Plot from '@observablehq/plot';
import { DOMParser, parseHTML } from 'linkedom';

const { document } = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>');

/** Plot with the sandbox's document as the default. */
const SandboxPlot = { ...Plot, plot: (options = {}) => Plot.plot({ ...options, document }), legend: (options = {}) => Plot.legend({ ...options, document }) };
// `Plot.dot(...).plot({...})` goes through the Mark prototype's plot method.
if (Plot.Mark && Plot.Mark.prototype && typeof Plot.Mark.prototype.plot === 'function') {
  const markPlot = Plot.Mark.prototype.plot;
  Plot.Mark.prototype.plot = function (options = {}) {
    return markPlot.call(this, { ...options, document });
  };
}

globalThis.Plot = SandboxPlot;
globalThis.document = document;
// A returned SVG string is parsed with it into the tree the host sanitizes (prelude's finish).
globalThis.DOMParser = DOMParser;
