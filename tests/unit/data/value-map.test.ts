import { describe, expect, it } from 'vitest';
import { ingest } from '@/lib/data/ingest';
import { parseDelimited } from '@/lib/data/parse-delimited';
import { distinctValues, unrecognizedValues, valueMapLookup, VALUE_MAP_FIELDS, VALUE_MAP_TARGETS } from '@/lib/data/value-map';
import { parseBoolean } from '@/lib/data/parse-boolean';
import { parseGrade } from '@/lib/data/parse-grade';
import { parseSex } from '@/lib/data/parse-sex';

describe('the distinct values of a column', () => {
  it('lists each trimmed non-empty value once, with its rows, in order of first appearance', () => {
    const rows = [['m'], [' w '], [''], ['m'], [null], ['W'], ['w']];
    expect(distinctValues(rows, 0)).toEqual({ values: [{ value: 'm', rows: 2 }, { value: 'w', rows: 2 }, { value: 'W', rows: 1 }], complete: true });
  });

  it('stops at the cap and says the list is incomplete (an id column)', () => {
    const rows = Array.from({ length: 100 }, (_, i) => [`p${i}`]);
    const result = distinctValues(rows, 0, 10);
    expect(result.complete).toBe(false);
    expect(result.values).toHaveLength(10);
    // Repeats of values already seen are still counted after the cap is reached... up to the first new one.
    expect(distinctValues([['a'], ['b'], ['a'], ['c']], 0, 2)).toEqual({ values: [{ value: 'a', rows: 2 }, { value: 'b', rows: 1 }], complete: false });
  });
});

describe('the values a value map has to name', () => {
  it('are those the column parser refuses, minus those the map names (exact, then any case)', () => {
    expect(unrecognizedValues('sex', ['m', 'w', 'F', 'männlich', '1'])).toEqual(['w', 'männlich', '1']);
    expect(unrecognizedValues('sex', ['m', 'w', 'F', 'männlich', '1'], { W: 'F', männlich: 'M' })).toEqual(['1']);
    expect(unrecognizedValues('hb_grade', ['II', 'II-IV', 'gr. 3', '3.5'])).toEqual(['II-IV', 'gr. 3']);
    expect(unrecognizedValues('diabetes', ['ja', 'nein', 'yes', '0'])).toEqual(['ja', 'nein']);
  });

  it('maps to targets the parsers read as the value they name', () => {
    for (const field of VALUE_MAP_FIELDS) {
      for (const target of VALUE_MAP_TARGETS[field]) {
        const parse = field === 'sex' ? parseSex : field === 'hb_grade' ? parseGrade : parseBoolean;
        expect(parse(target.value).ok, `${field} → "${target.value}"`).toBe(true);
      }
    }
    expect(parseGrade('II-III')).toEqual({ ok: true, value: 2.5 });
    expect(parseSex('F')).toEqual({ ok: true, value: 'F' });
  });

  it('use the lookup ingestion uses: a value the step shows as mapped is read as mapped', () => {
    const csv = ['patient_id,sex,onset_date,visit_date,hb_grade', 'p1,w,2024-01-01,2024-01-02,II-IV', 'p2,x,2024-01-01,2024-01-02,II'].join('\n');
    const table = parseDelimited(csv, { name: 't.csv' });
    const mapping = { patient_id: 'patient_id', sex: 'sex', onset_date: 'onset_date', visit_date: 'visit_date', hb_grade: 'hb_grade' };
    const valueMaps = { sex: { W: 'F' }, hb_grade: { 'ii-iv': 'III' } };
    const result = ingest(table, { mapping, dateFormat: 'iso', valueMaps });
    expect(result.patients.find((p) => p.patientId === 'p1')).toMatchObject({ sex: 'F', visits: [{ grade: 3 }] });
    // "x" is not in the map: its row is rejected, naming row, column and value.
    expect(result.problems).toContainEqual(expect.objectContaining({ row: 3, column: 'sex', value: 'x', scope: 'row' }));
    expect(unrecognizedValues('sex', ['w', 'x'], valueMaps.sex)).toEqual(['x']);
    expect(valueMapLookup({ __proto__: 'M' } as Record<string, unknown>)('__proto__')).toBe('__proto__');
  });
});
