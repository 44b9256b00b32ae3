import { describe, expect, it } from 'vitest';
import { ingest } from '@/lib/data/ingest';
import { parseDelimited } from '@/lib/data/parse-delimited';
import { rejectedRowsTable } from '@/lib/data/rejected-rows';
import { parseIngestSettings } from '@/lib/data/ingest-settings';

const mapping = { patient_id: 'id', sex: 'sex', onset_date: 'onset', visit_date: 'visit', hb_grade: 'grade' };

describe('rejectedRowsTable', () => {
  it('lists rows rejected on their own and rows of rejected patients, in source order, with reasons', () => {
    const table = parseDelimited('id,sex,onset,visit,grade\np1,M,2024-01-01,2024-01-02,VII\np2,M,2024-01-01,2024-01-02,I\np2,F,2024-01-01,2024-01-05,I\np3,F,2024-01-01,2024-01-03,II');
    const result = ingest(table, { mapping, dateFormat: 'iso' });
    const out = rejectedRowsTable(result, table);
    expect(out.headers).toEqual(['source_row', 'id', 'sex', 'onset', 'visit', 'grade', 'rejection_scope', 'rejection_reasons']);
    expect(out.rows.map((r) => [r[0], r[6]])).toEqual([['2', 'row'], ['3', 'patient'], ['4', 'patient']]);
    expect(out.rows[0]![7]).toMatch(/^hb_grade "VII": VII is out of range/);
    expect(out.rows[1]![7]).toMatch(/patient p2 has conflicting sex values/);
  });

  it('lists every row, with the file-level reason, when the file is rejected', () => {
    const table = parseDelimited('id,visit\np1,2024-01-02\np2,2024-01-03');
    const out = rejectedRowsTable(ingest(table, { mapping: { patient_id: 'id', visit_date: 'visit' }, dateFormat: 'iso' }), table);
    expect(out.rows.map((r) => r[0])).toEqual(['2', '3']);
    expect(out.rows[0]![3]).toBe('file');
    expect(out.rows[0]![4]).toMatch(/onset_date: the required column onset_date is not mapped/);
  });

  it('neutralizes formula-like cells so the CSV opens safely in a spreadsheet', () => {
    const table = parseDelimited('id,sex,onset,visit,grade\n=HYPERLINK("http://x"),M,2024-01-01,2024-01-02,+1+1');
    const out = rejectedRowsTable(ingest(table, { mapping, dateFormat: 'iso' }), table);
    expect(out.rows[0]![1]).toBe('\'=HYPERLINK("http://x")');
    expect(out.rows[0]![5]).toBe("'+1+1");
    for (const cell of out.rows.flat()) expect(/^[=+@]/.test(cell)).toBe(false);
  });
});

describe('parseIngestSettings', () => {
  it('reads a saved mapping with its date format and value maps', () => {
    const r = parseIngestSettings({ mapping: { patient_id: 'Pt No' }, dateFormat: 'dd/mm/yyyy', valueMaps: { sex: { '1': 'M' } } });
    expect(r).toEqual({ ok: true, value: { mapping: { patient_id: 'Pt No' }, dateFormat: 'dd/mm/yyyy', valueMaps: { sex: { '1': 'M' } } } });
  });

  it('refuses an unknown date format or column, saying where', () => {
    const bad = parseIngestSettings({ mapping: { patient_id: 'id' }, dateFormat: 'dd.mm.yy' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.reason).toMatch(/dateFormat/);
    expect(parseIngestSettings({ mapping: { patient: 'id' }, dateFormat: 'iso' }).ok).toBe(false);
    expect(parseIngestSettings(null).ok).toBe(false);
  });
});
