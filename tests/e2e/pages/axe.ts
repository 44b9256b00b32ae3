import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

/**
 * axe-core's WCAG 2.x A/AA rules on the page (or on the part `within` selects); any serious or
 * critical violation fails, listed with its nodes.
 */
export async function audit(page: Page, where: string, within?: string) {
  const builder = new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']);
  if (within) builder.include(within);
  const { violations } = await builder.analyze();
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const report = bad.map((v) => `${v.id} (${v.impact}, ${v.nodes.length} nodes): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join('\n    ')}`).join('\n');
  console.log(`axe ${where}: ${violations.length} rule(s) violated, ${bad.length} serious or critical`);
  expect(bad, `${where}:\n${report}`).toEqual([]);
}
