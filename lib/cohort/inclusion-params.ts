import { z } from 'zod';

const AGE = 'an age from 0 to 120 years';
const DAYS = 'at most 1000 days after onset: the longest course the workbench follows';
const GRADE = 'a House–Brackmann grade from 1 (I) to 6 (VI)';

/**
 * Parameters of the cohort inclusion (PIPELINE.md step 1), defaults = the paper's choices.
 *
 * @example
 *   inclusionParamsSchema.parse({ cutoffDate: '2023-07-01' });
 */
export const inclusionParamsSchema = z
  .object({
    /** Age at onset must lie in [ageMin, ageMax] (both included). */
    ageMin: z.number().min(0, AGE).max(120, AGE).default(10),
    ageMax: z.number().min(0, AGE).max(120, AGE).default(100),
    /** Early visits: graded, on days 0..earlyDays after onset (day earlyDays counts as early). */
    earlyDays: z.number().nonnegative().max(1000, DAYS).default(30),
    /** Late visits: graded, on days (earlyDays, lateDays] (day lateDays counts as late). */
    lateDays: z.number().positive().max(1000, DAYS).default(300),
    minEarlyVisits: z.number().int().min(0).max(100, 'at most 100 graded early visits').default(2),
    /** First visit (or onset, with `cutoffBy`) before this date → development set; on or after → temporal validation set. */
    cutoffDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date yyyy-mm-dd').default('2024-01-01'),
    /** Which date the temporal split compares with `cutoffDate`: the first visit (the paper) or the onset of the palsy. */
    cutoffBy: z.enum(['first-visit', 'onset']).default('first-visit'),
    /** Recovered = a grade ≤ recoveryThreshold (II: acceptable recovery). */
    recoveryThreshold: z.number().min(1, GRADE).max(6, GRADE).default(2),
  })
  .refine((p) => p.ageMin <= p.ageMax, { message: 'ageMin must be ≤ ageMax', path: ['ageMax'] })
  .refine((p) => p.earlyDays < p.lateDays, { message: 'earlyDays must be < lateDays', path: ['lateDays'] });

export type InclusionParams = z.output<typeof inclusionParamsSchema>;
export type InclusionParamsInput = z.input<typeof inclusionParamsSchema>;

/** The date the temporal split uses, in words: "first visit" or "onset". */
export const cutoffWords = (p: Pick<InclusionParams, 'cutoffBy'>) => (p.cutoffBy === 'onset' ? 'onset' : 'first visit');
