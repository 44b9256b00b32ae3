import { describe, expect, it } from 'vitest';
import { recordableDecision } from '@/lib/notebook/manifest';

describe('load decisions as the manifest records them', () => {
  it('keeps title rows by number only and the date format without its evidence', () => {
    expect(recordableDecision('The header is row 3; the row(s) above it look like titles and were not read as data: row 1 "Dr. Smith, patients A–K", row 2 "Printed 2025-12-01".')).toBe(
      'The header is row 3; the row(s) above it look like titles and were not read as data: row 1, row 2 (their text is not recorded).',
    );
    expect(recordableDecision('Dates read as dd/mm/yyyy (13/02/2024 reads only as dd/mm/yyyy).')).toBe('Dates read as dd/mm/yyyy (detected from the file; the evidence is shown when the file is read, not recorded).');
    expect(recordableDecision('Columns mapped by name: patient_id ← "Pt No".')).toBe('Columns mapped by name: patient_id ← "Pt No".');
  });
});
