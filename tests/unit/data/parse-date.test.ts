import { describe, expect, it } from 'vitest';
import { parseDate } from '@/lib/data/parse-date';
import { detectDateFormat, detectTableDateFormat } from '@/lib/data/detect-date-format';

const ok = (value: string) => ({ ok: true, value });

describe('parseDate', () => {
  it('dates: ISO yyyy-mm-dd is read whatever format is stated', () => {
    for (const f of ['iso', 'dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy.mm.dd', 'excel-serial'] as const) {
      expect(parseDate('2024-03-05', f), f).toEqual(ok('2024-03-05'));
    }
    expect(parseDate('2024-3-5', 'iso')).toEqual(ok('2024-03-05'));
    expect(parseDate('2024-03-05T14:30:00Z', 'iso')).toEqual(ok('2024-03-05'));
    expect(parseDate('2024-03-05 00:00:00', 'iso')).toEqual(ok('2024-03-05'));
  });

  it('dates: dd/mm/yyyy and mm/dd/yyyy are read only when stated', () => {
    expect(parseDate('05/03/2024', 'dd/mm/yyyy')).toEqual(ok('2024-03-05'));
    expect(parseDate('05/03/2024', 'mm/dd/yyyy')).toEqual(ok('2024-05-03'));
    expect(parseDate('5.3.2024', 'dd/mm/yyyy')).toEqual(ok('2024-03-05'));
    expect(parseDate('05-03-2024', 'dd/mm/yyyy')).toEqual(ok('2024-03-05'));
    expect(parseDate('05/03/2024', 'iso').ok).toBe(false);
    expect(parseDate('25/03/2024', 'mm/dd/yyyy').ok).toBe(false);
  });

  it('dates: yyyy.mm.dd is read when stated', () => {
    expect(parseDate('2024.03.05', 'yyyy.mm.dd')).toEqual(ok('2024-03-05'));
    expect(parseDate('2024/03/05', 'yyyy.mm.dd')).toEqual(ok('2024-03-05'));
    expect(parseDate('2024.03.05', 'dd/mm/yyyy').ok).toBe(false);
  });

  it('dates: impossible calendar dates (31/02/2024) are refused with the month length', () => {
    const r = parseDate('31/02/2024', 'dd/mm/yyyy');
    expect(r).toEqual({ ok: false, reason: 'not a calendar date (February 2024 has 29 days)' });
    expect(parseDate('29/02/2023', 'dd/mm/yyyy').ok).toBe(false);
    expect(parseDate('29/02/2024', 'dd/mm/yyyy')).toEqual(ok('2024-02-29'));
    expect(parseDate('2024-13-01', 'iso').ok).toBe(false);
  });

  it('dates: two-digit years and implausible years are refused', () => {
    const r = parseDate('05/03/24', 'dd/mm/yyyy');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/two-digit year/);
    expect(parseDate('2204-01-01', 'iso').ok).toBe(false);
    expect(parseDate('1024-01-01', 'iso').ok).toBe(false);
  });

  it('dates: Excel serials use the 1900 system with its leap-year bug', () => {
    expect(parseDate(1, 'excel-serial')).toEqual(ok('1900-01-01'));
    expect(parseDate(59, 'excel-serial')).toEqual(ok('1900-02-28'));
    expect(parseDate(61, 'excel-serial')).toEqual(ok('1900-03-01'));
    expect(parseDate(45306, 'excel-serial')).toEqual(ok('2024-01-15'));
    expect(parseDate('45306', 'excel-serial')).toEqual(ok('2024-01-15'));
    expect(parseDate(45306.75, 'excel-serial')).toEqual(ok('2024-01-15')); // the fraction is a time of day
    const bug = parseDate(60, 'excel-serial');
    expect(bug.ok).toBe(false);
    if (!bug.ok) expect(bug.reason).toMatch(/1900-02-29/);
    expect(parseDate(0, 'excel-serial').ok).toBe(false);
    expect(parseDate(1e12, 'excel-serial').ok).toBe(false);
    expect(parseDate(Number.NaN, 'excel-serial').ok).toBe(false);
  });

  it('dates: XLSX Date objects are read as their UTC calendar day', () => {
    expect(parseDate(new Date(Date.UTC(2024, 0, 15)), 'dd/mm/yyyy')).toEqual(ok('2024-01-15'));
    expect(parseDate(new Date(Number.NaN), 'iso').ok).toBe(false);
  });

  it('dates: a number where a date is expected points at the excel-serial format', () => {
    const r = parseDate(45306, 'dd/mm/yyyy');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason).toMatch(/excel-serial/);
  });

  it('dates: empty reads as null; text and huge cells are refused', () => {
    expect(parseDate('', 'iso')).toEqual({ ok: true, value: null });
    expect(parseDate('yesterday', 'dd/mm/yyyy').ok).toBe(false);
    expect(parseDate('1'.repeat(10_000), 'excel-serial').ok).toBe(false);
  });
});

describe('detectDateFormat', () => {
  it('date format: a day above 12 decides between dd/mm and mm/dd', () => {
    expect(detectDateFormat(['03/04/2024', '25/04/2024', '01/05/2024'])).toMatchObject({ ambiguous: false, format: 'dd/mm/yyyy' });
    expect(detectDateFormat(['03/04/2024', '04/25/2024'])).toMatchObject({ ambiguous: false, format: 'mm/dd/yyyy' });
  });

  it('date format: slash dates that read validly both ways are never guessed', () => {
    const r = detectDateFormat(['03/04/2024', '05/06/2024', '12/11/2023']);
    expect(r).toMatchObject({ ambiguous: true });
    if (r.ambiguous) expect(r.candidates.sort()).toEqual(['dd/mm/yyyy', 'mm/dd/yyyy']);
  });

  it('date format: all ISO (or Date cells) reads as iso; serial numbers as excel-serial; dotted as yyyy.mm.dd', () => {
    expect(detectDateFormat(['2024-01-05', new Date(Date.UTC(2024, 0, 1)), '', null])).toMatchObject({ format: 'iso' });
    expect(detectDateFormat([45306, '45310'])).toMatchObject({ format: 'excel-serial' });
    expect(detectDateFormat(['2024.01.05'])).toMatchObject({ format: 'yyyy.mm.dd' });
  });

  it('date format: when no value reads in any format, the message says so and lists every format; no values decide nothing', () => {
    const none = detectDateFormat(['soon', 'later']);
    expect(none).toMatchObject({ ambiguous: true, candidates: ['iso', 'dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy.mm.dd', 'excel-serial'] });
    if (none.ambiguous) expect(none.reason).toBe("none of the 2 date values is written in a supported format (for example 'soon')");
    expect(detectDateFormat(['', null, undefined])).toMatchObject({ ambiguous: true, reason: 'the date columns hold no values to decide from' });
  });

  it('date format: values no format reads (n/a, 31/02, year 2204) never make an ISO file undecidable', () => {
    const r = detectDateFormat(['2024-01-05', '2024-02-31', 'n/a', '2204-01-01', '2024-03-01']);
    expect(r).toMatchObject({ ambiguous: false, format: 'iso', unreadable: 3 });
    if (!r.ambiguous) expect(r.evidence).toMatch(/2 date value\(s\) are ISO.*3 value\(s\) no format reads, such as '2024-02-31', will reject their rows/);
    // The same values in a dd/mm file: the bad ones do not outvote the good.
    expect(detectDateFormat(['13/01/2024', '31/02/2024', 'n/a'])).toMatchObject({ ambiguous: false, format: 'dd/mm/yyyy', unreadable: 2 });
  });

  it('date format: two-digit years get their own answer, in detection and in each row', () => {
    const r = detectDateFormat(['05/03/24', '06/03/24']);
    expect(r).toMatchObject({ ambiguous: true });
    if (r.ambiguous) expect(r.reason).toMatch(/two-digit years \(such as '05\/03\/24'\).*four-digit years/);
    for (const format of ['iso', 'dd/mm/yyyy', 'yyyy.mm.dd'] as const) {
      const p = parseDate('05/03/24', format);
      expect(p.ok).toBe(false);
      if (!p.ok) expect(p.reason).toMatch(/two-digit year is ambiguous \(24 could be 1924 or 2024\)/);
    }
  });

  it('date format: an invalid date does not stop a clear majority from deciding', () => {
    expect(detectDateFormat(['31/02/2024', '13/01/2024', '01/01/2024'])).toMatchObject({ ambiguous: false, format: 'dd/mm/yyyy' });
  });

  it('date format: a table is judged on all its mapped date columns together', () => {
    const table = { headers: ['id', 'onset', 'visit'], rows: [['p1', '01/02/2024', '03/02/2024'], ['p1', '01/02/2024', '14/02/2024']] };
    expect(detectTableDateFormat(table, { onset_date: 'onset', visit_date: 'visit' })).toMatchObject({ format: 'dd/mm/yyyy' });
    expect(detectTableDateFormat(table, { onset_date: 'onset' })).toMatchObject({ ambiguous: true });
  });
});
