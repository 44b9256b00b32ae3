/**
 * Makes the README's figure previews in docs/figures/: each named figure's SVG from a run's
 * output folder, rasterized at 150 dpi (the export itself writes 300 or 600) to keep the
 * repository small, with the same renderer and fonts as the CLI's PNG export.
 *
 *   npm run reproduce -- --notebook han-2026 --profile paper --out runs/paper --formats svg
 *   npx tsx scripts/docs-figures.ts runs/paper svm-roc-pr svm-calibration svm-decision-curve sample-size
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { svgToPng } from '../cli/render-figure';

const [runDir, ...names] = process.argv.slice(2);
if (!runDir || names.length === 0) {
  console.error('usage: npx tsx scripts/docs-figures.ts <run folder> <figure name>...');
  process.exit(2);
}
for (const name of names) {
  const svg = readFileSync(join(runDir, 'figures', `${name}.svg`), 'utf8');
  const out = join('docs', 'figures', `${name}.png`);
  writeFileSync(out, svgToPng(svg, 150));
  console.log(`${out} (from ${join(runDir, 'figures', `${name}.svg`)})`);
}
