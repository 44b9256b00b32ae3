import { quantile } from '../stats/descriptive';
import type { WindowCore } from '../windows/windowing';

/**
 * What the models learned from, summarized for the out-of-range flag: central 95% ranges
 * (2.5th–97.5th percentile) of the training windows' age, present-visit day, first early visit
 * day and the gap between the window's two visits. An input outside them is flagged: the models
 * extrapolate there.
 */
export interface ReferenceRanges {
  n: number;
  age: [number, number];
  presentDay: [number, number];
  firstVisitDay: [number, number];
  gap: [number, number];
  /** Share of training windows by sex and comorbidity, for "few patients had this" flags. */
  share: { male: number; diabetes: number; hypertension: number; delayed: number };
}

export function referenceRanges(windows: readonly WindowCore[]): ReferenceRanges {
  if (windows.length === 0) throw new Error('referenceRanges: no training windows');
  const q = (values: number[]): [number, number] => [quantile(values, 0.025), quantile(values, 0.975)];
  const firstDay = new Map<string, number>();
  for (const w of windows) {
    const first = w.present_day + w.SAD2;
    firstDay.set(w.patient_id, Math.min(firstDay.get(w.patient_id) ?? Infinity, first));
  }
  const share = (f: (w: WindowCore) => boolean) => windows.filter(f).length / windows.length;
  return {
    n: windows.length,
    age: q(windows.map((w) => w.age)),
    presentDay: q(windows.map((w) => w.present_day)),
    firstVisitDay: q([...firstDay.values()]),
    gap: q(windows.map((w) => -w.SAD2)),
    share: { male: share((w) => w.sex === 1), diabetes: share((w) => w.diabetes === 1), hypertension: share((w) => w.hypertension === 1), delayed: share((w) => w.delayed_treatment === 1) },
  };
}

/** Plain-language flags for a window outside the training ranges. */
export function rangeFlags(ranges: ReferenceRanges, window: WindowCore, firstVisitDay: number): string[] {
  const flags: string[] = [];
  const outside = (v: number, [lo, hi]: [number, number]) => v < lo || v > hi;
  const r = (x: number) => Math.round(x);
  if (outside(window.age, ranges.age)) flags.push(`Age ${window.age}: 95% of the training windows had ages ${r(ranges.age[0])}–${r(ranges.age[1])}.`);
  if (outside(firstVisitDay, ranges.firstVisitDay)) flags.push(`First visit on day ${firstVisitDay}: 95% of training patients were first seen on days ${r(ranges.firstVisitDay[0])}–${r(ranges.firstVisitDay[1])}.`);
  if (outside(window.present_day, ranges.presentDay)) flags.push(`Latest visit on day ${window.present_day}: 95% of training windows end on days ${r(ranges.presentDay[0])}–${r(ranges.presentDay[1])}.`);
  const gap = -window.SAD2;
  if (outside(gap, ranges.gap)) flags.push(`${gap} days between the last two visits: 95% of training windows had ${r(ranges.gap[0])}–${r(ranges.gap[1])}.`);
  const rare = (label: string, has: boolean, shareWith: number) => {
    const s = has ? shareWith : 1 - shareWith;
    if (s < 0.05) flags.push(`Only ${(s * 100).toFixed(1)}% of training windows were ${label}.`);
  };
  rare(window.diabetes ? 'from patients with diabetes' : 'from patients without diabetes', window.diabetes === 1, ranges.share.diabetes);
  rare(window.hypertension ? 'from patients with hypertension' : 'from patients without hypertension', window.hypertension === 1, ranges.share.hypertension);
  rare(window.delayed_treatment ? 'from patients treated late' : 'from patients treated on time', window.delayed_treatment === 1, ranges.share.delayed);
  return flags;
}
