import { describe, expect, it } from 'vitest';
import { columnAsInFile } from '@/components/cells/LoadCohortView';

describe('the upload report names columns as the file does', () => {
  const output = { mapping: { patient_id: 'Pt No', hb_grade: 'H-B grade', sex: 'sex' } };
  it('a mapped column: the file’s header, our field after it', () => {
    expect(columnAsInFile(output, 'hb_grade')).toEqual({ header: 'H-B grade', field: 'hb_grade' });
  });
  it('a header equal to our field, an unmapped column or a whole-row problem: as it is', () => {
    expect(columnAsInFile(output, 'sex')).toEqual({ header: 'sex' });
    expect(columnAsInFile(output, 'diabetes')).toEqual({ header: 'diabetes' });
    expect(columnAsInFile(output, '(row)')).toEqual({ header: '(row)' });
    expect(columnAsInFile({ mapping: {} }, '__proto__')).toEqual({ header: '__proto__' });
  });
});
