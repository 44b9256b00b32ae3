import { describe, expect, it } from 'vitest';
import { checkingText } from '@/components/notebook/check-progress';

describe('checkingText', () => {
  it('names the row count before the load step reports', () => {
    expect(checkingText(1_000_000)).toBe('Checking all 1,000,000 rows…');
  });
  it('names the stage the load step reported, not its stage fraction', () => {
    expect(checkingText(1_000_000, { fraction: 0.5, message: 'validating rows' })).toBe('Checking all 1,000,000 rows: validating rows…');
    expect(checkingText(492, { fraction: 0.1, message: 'reading file' })).toBe('Checking all 492 rows: reading file…');
  });
  it('leaves out a stage the report does not name', () => {
    expect(checkingText(3, { fraction: 0 })).toBe('Checking all 3 rows…');
  });
});
