/**
 * The case mix of a window-level model's data (issue #25): what the model file records about the
 * windows it was trained on, and what an external or temporal validation sets beside it. Static
 * variables (age, sex, comorbidities, delayed treatment) are summarised over patients (each
 * once), the window variables over windows, so a patient with many windows does not weigh more in
 * "Table 1". Aggregates only: no row of the data is kept.
 */
import { z } from 'zod';
import { gradeLabel } from '../figures/theme';
import { mean, quantile, sd } from '../stats/descriptive';
import type { WindowCore } from '../windows/windowing';

const PATIENT_LEVEL = new Set(['sex', 'age', 'hypertension', 'diabetes', 'delayed_treatment']);

export const windowCaseMixSchema = z.object({
  windows: z.number().int(),
  patients: z.number().int(),
  /** Classifiers: the share of windows (and of patients, at their last window) with the outcome recovered; LSTM: the mean target grade. */
  outcome: z.union([
    z.object({ kind: z.literal('recovered'), windowShare: z.number().nullable(), patientShare: z.number().nullable() }),
    z.object({ kind: z.literal('grade'), mean: z.number().nullable(), sd: z.number().nullable() }),
  ]),
  /** One entry per model feature: over patients for static variables, over windows for the rest. */
  features: z.array(z.object({ name: z.string(), unit: z.enum(['patients', 'windows']), mean: z.number().nullable(), sd: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() })),
  /** Share of windows by the grade at the present (third) visit, I..VI (ranges such as III–IV under their own label). */
  presentGrade: z.record(z.string(), z.number()),
  presentDay: z.object({ median: z.number().nullable(), min: z.number().nullable(), max: z.number().nullable() }),
});
export type WindowCaseMix = z.infer<typeof windowCaseMixSchema>;

/** A classification window (with `label`) or a regression sample (with `SAG4`). */
export type CaseMixRow = WindowCore & ({ label: number } | { SAG4: number });
const valueOf = (r: CaseMixRow, name: string) => (r as unknown as Record<string, number>)[name]!;

const fin = (x: number) => (Number.isFinite(x) ? x : null);

/** Each patient's last window (the highest window number), patients in first-appearance order. */
function lastPerPatient<T extends { patient_id: string; window: number }>(rows: readonly T[]): T[] {
  const last = new Map<string, T>();
  for (const r of rows) {
    const k = last.get(r.patient_id);
    if (!k || r.window >= k.window) last.set(r.patient_id, r);
  }
  return [...last.values()];
}

export function windowCaseMix(rows: readonly CaseMixRow[], features: readonly string[]): WindowCaseMix {
  const perPatient = lastPerPatient(rows);
  const summary = (values: number[]) => ({ mean: values.length ? fin(mean(values)) : null, sd: values.length > 1 ? fin(sd(values)) : null, min: values.length ? Math.min(...values) : null, max: values.length ? Math.max(...values) : null });
  const numbers = (from: readonly CaseMixRow[], name: string) => from.map((r) => valueOf(r, name)).filter((v) => Number.isFinite(v));
  const grades = new Map<string, number>();
  for (const r of rows) grades.set(gradeLabel(r.SAG3), (grades.get(gradeLabel(r.SAG3)) ?? 0) + 1);
  const presentGrade = Object.fromEntries([...grades].sort(([a], [b]) => a.localeCompare(b)).map(([g, n]) => [g, n / rows.length]));
  const days = rows.map((r) => r.present_day);
  const first = rows[0];
  const outcome: WindowCaseMix['outcome'] =
    first === undefined || 'label' in first
      ? { kind: 'recovered', windowShare: rows.length ? rows.filter((r) => (r as { label: number }).label === 1).length / rows.length : null, patientShare: perPatient.length ? perPatient.filter((r) => (r as { label: number }).label === 1).length / perPatient.length : null }
      : (() => {
          const y = rows.map((r) => (r as { SAG4: number }).SAG4);
          return { kind: 'grade' as const, mean: fin(mean(y)), sd: y.length > 1 ? fin(sd(y)) : null };
        })();
  return {
    windows: rows.length,
    patients: perPatient.length,
    outcome,
    features: features.map((name) => {
      const unit = PATIENT_LEVEL.has(name) ? ('patients' as const) : ('windows' as const);
      return { name, unit, ...summary(numbers(unit === 'patients' ? perPatient : rows, name)) };
    }),
    presentGrade,
    presentDay: { median: days.length ? quantile(days, 0.5) : null, min: days.length ? Math.min(...days) : null, max: days.length ? Math.max(...days) : null },
  };
}

/**
 * Patients with a feature value outside the development range of that feature (any of their
 * windows), and how many per feature: a model says nothing reliable outside the data it saw.
 */
export function outsideDevelopmentRange(dev: WindowCaseMix | null, rows: readonly CaseMixRow[]): { patients: number; share: number; byFeature: { feature: string; patients: number }[] } | null {
  if (!dev) return null;
  const all = new Set(rows.map((r) => r.patient_id));
  const outside = new Set<string>();
  const byFeature = dev.features.flatMap((f) => {
    if (f.min === null || f.max === null) return [];
    const ids = new Set(rows.filter((r) => {
      const v = valueOf(r, f.name);
      return Number.isFinite(v) && (v < f.min! || v > f.max!);
    }).map((r) => r.patient_id));
    ids.forEach((id) => outside.add(id));
    return ids.size ? [{ feature: f.name, patients: ids.size }] : [];
  });
  return { patients: outside.size, share: all.size ? outside.size / all.size : 0, byFeature: byFeature.sort((a, b) => b.patients - a.patients) };
}
