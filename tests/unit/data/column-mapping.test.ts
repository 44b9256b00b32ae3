import { describe, expect, it } from 'vitest';
import { headerKey, suggestMapping } from '@/lib/data/column-mapping';

describe('suggestMapping', () => {
  it('mapping: canonical names match ignoring case, spaces, underscores, dashes and dots', () => {
    const s = suggestMapping(['Patient ID', 'SEX', 'age', 'Birth.Date', 'onset-date', 'Visit_Date', 'hb grade', 'Treatment Start Date', 'delayed treatment', 'Site', 'Diagnosis', 'Diabetes', 'Hypertension']);
    expect(s.mapping).toEqual({
      patient_id: 'Patient ID',
      sex: 'SEX',
      age: 'age',
      birth_date: 'Birth.Date',
      onset_date: 'onset-date',
      visit_date: 'Visit_Date',
      hb_grade: 'hb grade',
      treatment_start_date: 'Treatment Start Date',
      delayed_treatment: 'delayed treatment',
      site: 'Site',
      diagnosis: 'Diagnosis',
      diabetes: 'Diabetes',
      hypertension: 'Hypertension',
    });
    expect(s.ambiguous).toEqual([]);
    expect(s.unmapped).toEqual([]);
  });

  it('mapping: EMR synonyms map to canonical columns', () => {
    const cases: [string, string][] = [
      ['id', 'patient_id'], ['Patient', 'patient_id'], ['pt_no', 'patient_id'], ['Pt No', 'patient_id'], ['MRN', 'patient_id'],
      ['Gender', 'sex'],
      ['DM', 'diabetes'], ['Diabetes mellitus', 'diabetes'],
      ['HTN', 'hypertension'], ['HT', 'hypertension'],
      ['HB', 'hb_grade'], ['H-B grade', 'hb_grade'], ['HB grade', 'hb_grade'], ['House-Brackmann', 'hb_grade'],
      ['Date of visit', 'visit_date'], ['visit', 'visit_date'], ['Exam date', 'visit_date'],
      ['Onset', 'onset_date'], ['Date of onset', 'onset_date'],
      ['Steroid start', 'treatment_start_date'], ['treatment start', 'treatment_start_date'],
      ['Delayed Tx', 'delayed_treatment'],
      ['DOB', 'birth_date'], ['Birth date', 'birth_date'],
      ['Age (yrs)', 'age'],
    ];
    for (const [header, column] of cases) {
      expect(suggestMapping([header]).mapping, header).toEqual({ [column]: header });
    }
  });

  it('mapping: two headers matching one column are never picked silently', () => {
    const s = suggestMapping(['Pt No', 'MRN', 'Gender', 'Date of visit', 'Visit']);
    expect(s.mapping).toEqual({ sex: 'Gender' });
    expect(s.ambiguous).toEqual([
      { column: 'patient_id', candidates: ['Pt No', 'MRN'] },
      { column: 'visit_date', candidates: ['Date of visit', 'Visit'] },
    ]);
  });

  it('mapping: a duplicated header is ambiguous too', () => {
    expect(suggestMapping(['id', 'grade', 'grade']).ambiguous).toEqual([{ column: 'hb_grade', candidates: ['grade', 'grade'] }]);
  });

  it('mapping: unknown headers are listed as unmapped; blank headers are ignored', () => {
    const s = suggestMapping(['id', 'Notes', '', 'Physician']);
    expect(s.unmapped).toEqual(['Notes', 'Physician']);
  });

  it('mapping: is plain data that survives JSON', () => {
    const s = suggestMapping(['Pt No', 'H-B grade']);
    expect(JSON.parse(JSON.stringify(s.mapping))).toEqual(s.mapping);
  });

  it('header keys: drop case and punctuation', () => {
    expect(headerKey(' H-B_Grade. ')).toBe('hbgrade');
  });
});
