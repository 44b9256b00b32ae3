import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inspectFile, type FileInspection } from '@/lib/data/inspect-file';

const inspect = (name: string, bytes: Uint8Array): Promise<FileInspection> => inspectFile({ name, sha256: '', text: '', bytes });

describe('inspect-file (the first look of the upload step)', () => {
  it('suggests the mapping, detects the date format and shows the first rows of the messy EMR example', async () => {
    const out = await inspect('messy-emr-example.csv', new Uint8Array(readFileSync('data/messy-emr-example.csv')));
    expect(out.headers[0]).toBe('Pt No');
    expect(out.rowCount).toBe(492);
    expect(out.preview).toHaveLength(6);
    expect(out.preview[0]![0]).toBe('P-001');
    expect(out.suggestion.mapping).toMatchObject({ patient_id: 'Pt No', hb_grade: 'H-B grade', visit_date: 'Date of visit' });
    expect(out.suggestion.unmapped).toEqual(['Notes']);
    expect(out.dates).toMatchObject({ ambiguous: false, format: 'dd/mm/yyyy' });
    expect(out.required).toEqual(['patient_id', 'visit_date', 'onset_date', 'hb_grade']);
  });

  it('says when the dates do not decide the format, and names the candidates', async () => {
    const csv = 'id,onset,visit,grade\nA,01/02/2023,03/02/2023,IV\nB,02/03/2023,04/03/2023,III\n';
    const out = await inspect('ambiguous.csv', new TextEncoder().encode(csv));
    expect(out.dates).toMatchObject({ ambiguous: true, candidates: ['dd/mm/yyyy', 'mm/dd/yyyy'] });
  });

  it('leaves two candidate columns for the user to choose', async () => {
    const out = await inspect('two.csv', new TextEncoder().encode('id,patient,visit,onset,grade\n1,2,2023-01-02,2023-01-01,II\n'));
    expect(out.suggestion.ambiguous).toEqual([{ column: 'patient_id', candidates: ['id', 'patient'] }]);
    expect(out.suggestion.mapping.patient_id).toBeUndefined();
  });
});
