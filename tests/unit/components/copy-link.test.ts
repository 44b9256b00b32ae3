/** What "Copy link" tells the user a link holds and leaves out (issue #28). */
import { describe, expect, it } from 'vitest';
import { registry } from '@/lib/cells';
import { applyProfile, isComputeCell } from '@/lib/notebook/notebook-schema';
import { encodeRecipe } from '@/lib/notebook/share-link';
import { linkContents } from '@/components/notebook/CopyLinkButton';
import { findNotebook } from '@/notebooks';

describe('linkContents', () => {
  const paper = findNotebook('han-2026')!;
  it('names the profile and the changed parameters, and says that data, file names and value maps stay out', () => {
    const quick = applyProfile(paper, 'quick');
    const now = {
      ...quick,
      cells: quick.cells.map((c) =>
        isComputeCell(c) && c.id === 'split' ? { ...c, params: { ...c.params, testFraction: 0.3 } } : isComputeCell(c) && c.id === 'lstm-report' ? { ...c, params: { ...c.params, coursePatients: ['X-17'] } } : c,
      ),
    };
    const text = linkContents(encodeRecipe(paper, registry, now, 'quick'));
    expect(text).toContain('profile quick');
    expect(text).toContain('1 changed parameter (Train/test split and balance check: testFraction = 0.3)');
    expect(text).toContain('No data, no file name and no load settings');
    expect(text).toContain('value maps');
    expect(text).toMatch(/Also left out: .*coursePatients \(free text/);
    expect(text).not.toContain('X-17');
  });
});
