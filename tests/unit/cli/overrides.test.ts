import { describe, expect, it } from 'vitest';
import { applyDataFlags, applySets, cliWording, untilCell } from '@/cli/overrides';
import { noWorkers, workerLostMessage } from '@/workers/worker-pool';
import { UsageError } from '@/cli/args';
import { LOAD_PARAM_PHRASES } from '@/lib/cells/load-cohort';
import type { ComputeCell, Notebook } from '@/lib/notebook/notebook-schema';
import { findNotebook } from '@/notebooks';

const han = findNotebook('han-2026')!;
const params = (nb: Notebook, id: string) => (nb.cells.find((c) => c.id === id) as ComputeCell).params;

describe('reproduce flags as notebook changes', () => {
  it('--date-format, --sheet, --map, --value-map, --today and --strict set the load step', () => {
    const nb = applyDataFlags(han, {
      dateFormat: 'dd/mm/yyyy',
      sheet: 'Visits',
      map: ['patient_id=Pt No', 'hb_grade=H-B = grade'],
      valueMap: ['sex.1=M', 'sex.2=F', 'hb_grade.n.d.='],
      today: '2025-06-01',
      strict: true,
    });
    expect(params(nb, 'data')).toEqual({
      dateFormat: 'dd/mm/yyyy',
      sheet: 'Visits',
      mapping: { patient_id: 'Pt No', hb_grade: 'H-B = grade' },
      valueMaps: { sex: { '1': 'M', '2': 'F' }, hb_grade: { 'n.d.': '' } },
      today: '2025-06-01',
      plausibility: 'reject',
    });
    expect(params(nb, 'grid')).toEqual(params(han, 'grid'));
  });

  it.each([
    [{ dateFormat: 'dd-mm-yy' }, /--date-format must be one of auto, iso, dd\/mm\/yyyy, mm\/dd\/yyyy, yyyy\.mm\.dd, excel-serial, got "dd-mm-yy"/],
    [{ map: ['patient_id'] }, /--map takes field=column/],
    [{ map: ['pid=Pt No'] }, /--map: unknown field "pid" \(fields: patient_id, sex/],
    [{ map: ['sex=a', 'sex=b'] }, /--map: sex is mapped twice/],
    [{ valueMap: ['sex=1'] }, /--value-map takes field\.raw=value/],
    [{ valueMap: ['gender.1=M'] }, /--value-map: unknown field "gender"/],
    [{ today: 'tomorrow' }, /--today must be a date yyyy-mm-dd/],
  ])('a bad file flag is a usage error naming the flag: %j', (flags, message) => {
    expect(() => applyDataFlags(han, flags)).toThrow(UsageError);
    expect(() => applyDataFlags(han, flags)).toThrow(message);
  });

  it('--set reaches any parameter, nested ones by a dotted path, with JSON or text values', () => {
    const nb = applySets(han, ['split.folds=3', 'lstm-all-m1.lstm.maxEpochs=2', 'lstm-all-m1.lstm.units=[8]', 'cohort.cutoffDate=2020-01-01']);
    expect(params(nb, 'split')).toMatchObject({ folds: 3 });
    expect(params(nb, 'lstm-all-m1')).toMatchObject({ subset: 'all', model: 'M1', lstm: { maxEpochs: 2, units: [8] } });
    expect(params(nb, 'cohort')).toMatchObject({ cutoffDate: '2020-01-01' });
    expect(() => applySets(han, ['nosuch.x=1'])).toThrow(/--set: no cell "nosuch" \(cells with parameters: data, cohort/);
    expect(() => applySets(han, ['split=3'])).toThrow(/--set takes cell\.param=value/);
  });

  it('--until keeps the named cell and the cells it needs, with the prose before it', () => {
    expect(untilCell(han, 'data').cells.map((c) => c.id)).toEqual(['intro', 'data']);
    expect(untilCell(han, 'lstm-split').cells.map((c) => c.id)).toEqual(['intro', 'data', 'cohort', 'about-windows', 'glossary', 'windows', 'about-validation', 'about-lstm', 'lstm-split']);
    expect(() => untilCell(han, 'nope')).toThrow(/--until: no cell "nope"/);
  });

  it("the load step's parameter phrases become this CLI's flags", () => {
    const message = `Set ${LOAD_PARAM_PHRASES.dateFormat} to one of: iso. Choose one in ${LOAD_PARAM_PHRASES.mapping}; choose it with ${LOAD_PARAM_PHRASES.sheet}.`;
    expect(cliWording(message)).toBe('Set --date-format to one of: iso. Choose one in --map field=column; choose it with --sheet.');
  });

  it("the worker pool's messages (reproduce --threads) name this CLI's remedies, not the page's", () => {
    expect(cliWording(workerLostMessage('out of memory'))).toBe('The worker running this step stopped (out of memory): it crashed or ran out of memory. Only this step failed, and the steps that need it were not run; run again, with fewer --threads if memory ran out.');
    expect(cliWording(noWorkers().message)).toBe('No worker thread could start (each failed 3 times in a row); run without --threads.');
  });
});
