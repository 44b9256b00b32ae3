import { describe, expect, it } from 'vitest';
import { completedYears, dayNumber, daysBetween, daysInMonth, isoFromDayNumber } from '@/lib/data/calendar';

describe('calendar', () => {
  it('day numbers agree with Date.UTC from 1900 to 2100 and round-trip through ISO dates', () => {
    for (let n = dayNumber('1900-01-01'); n <= dayNumber('2100-12-31'); n += 13) {
      const iso = isoFromDayNumber(n);
      expect(dayNumber(iso)).toBe(n);
      expect(Date.UTC(Number(iso.slice(0, 4)), Number(iso.slice(5, 7)) - 1, Number(iso.slice(8, 10))) / 86_400_000).toBe(n);
    }
  });

  it('knows month lengths, leap years included (1900 is not one, 2000 is)', () => {
    expect([daysInMonth(1900, 2), daysInMonth(2000, 2), daysInMonth(2024, 2), daysInMonth(2023, 2), daysInMonth(2024, 4)]).toEqual([28, 29, 29, 28, 30]);
  });

  it('counts days across months and years, and completed years of age', () => {
    expect(daysBetween('2023-12-25', '2024-01-05')).toBe(11);
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(completedYears('1974-03-01', '2024-02-29')).toBe(49);
    expect(completedYears('1972-02-29', '2024-02-29')).toBe(52);
  });
});
