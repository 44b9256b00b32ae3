import { describe, expect, it } from 'vitest';
import { sampleSize, sampleSizeVerdict, type SampleSizeOutput } from '@/lib/cells/sample-size';
import { collectWarnings } from '@/lib/validation/warnings';

describe('sample-size verdict', () => {
  it('says required against available patients, and whether that is enough', () => {
    expect(sampleSizeVerdict(758, 239)).toEqual({ required: 758, available: 239, enough: false, text: '758 patients required, 239 available: likely overfitted' });
    expect(sampleSizeVerdict(100, 100).text).toBe('100 patients required, 100 available: enough');
  });

  it('puts the verdict in the manifest and a read-with-care warning only for subsets that are short', () => {
    const block = (required: number, patients: number) => ({ result: { final: { n: required, epp: 1 }, criteria: [{ n: required }, { n: 1 }, { n: 1 }], rsquaredCs: 0.1 }, prevalence: 0.2, available: { patients, windows: patients * 3, notRecovered: 10, recovered: 20 }, eventsPerParameter: 1, verdict: sampleSizeVerdict(required, patients) });
    const out = {
      all: block(758, 239),
      persistent: block(50, 80),
      parameters: 11,
      parameterSource: 'features',
      anticipatedCstatistic: 0.8,
      warnings: [{ code: 'few-patients', message: 'All subjects: 758 patients required, 239 available: likely overfitted.' }],
    } as unknown as SampleSizeOutput;
    const h = sampleSize.headline!(out, {} as never) as { sample_size: Record<string, { verdict: string; enough: boolean }>; warnings: { sample_size: string[] } };
    expect(h.sample_size.all!.verdict).toBe('758 patients required, 239 available: likely overfitted');
    expect(h.sample_size.persistent!.enough).toBe(true);
    expect(h.warnings.sample_size).toHaveLength(1);
    expect(collectWarnings(out).map((w) => w.message)).toEqual(['All subjects: 758 patients required, 239 available: likely overfitted.']);
  });
});
