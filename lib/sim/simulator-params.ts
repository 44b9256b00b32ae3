import { z } from 'zod';
import { isCalendarDate } from '../data/calendar';

/**
 * Every coefficient of the synthetic-cohort generator (SIMULATOR.md), grouped by what it
 * drives. Each field has the default the bundled cohort was made with, so a partial object
 * (`{ slowClass: { diabetesLogOr: 2 * Math.LN2 } }`) changes one thing and keeps the rest.
 *
 * Where a default differs from SIMULATOR.md's starting design, the comment says why; the
 * design's value is named as "design:".
 *
 * @example
 *   const params = simulatorParamsSchema.parse({ slowClass: { diabetesLogOr: 2 * Math.LN2 } });
 */

const prob = z.number().min(0).max(1);
const positive = z.number().positive();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected an ISO date yyyy-mm-dd').refine(isCalendarDate, 'not a calendar date');
const weights = (n: number) =>
  z
    .array(z.number().nonnegative())
    .length(n)
    .refine((w) => w.some((x) => x > 0), 'at least one weight must be positive');

const onsetSchema = z
  .object({
    /** First possible onset date (the paper's record window opens 2010-01-01). */
    startDate: isoDate.default('2010-01-01'),
    /** Last possible onset date (the record window closes 2024-03-31). */
    endDate: isoDate.default('2024-03-31'),
    /**
     * Growth of the onset (record) density per year: density ∝ exp(growth · years).
     * Design: flat (0). The paper's Fig. 1 has 12 of 279 included patients first seen in the
     * last 3 months of a 14.25-year window (4.3%), 2.5 times the 1.7% a flat density gives:
     * graded records were denser in recent years. 0.15/year puts about 4% of patients there,
     * which keeps a ~400-patient cohort's temporal validation set near the paper's 12.
     */
    growthPerYear: z.number().min(0).max(1).default(0.15),
  })
  .prefault({});

const ageSchema = z
  .object({
    /**
     * Location and scale of a normal truncated to [min, max] (redrawn outside), rounded to whole
     * years. Design: N(56.6, 17.6) clipped to [16, 95], which piles 2.7% of patients onto ages
     * 16 and 95 and gives SD 17.2, not Table 1's 17.6. The range is now the paper's own
     * inclusion range [10, 100], and 56.7 / 18.65 give the development set mean 56.6 and SD
     * 17.6 (paper Table 1).
     */
    mean: z.number().default(56.7),
    sd: positive.default(18.65),
    min: z.number().default(10),
    max: z.number().default(100),
  })
  .prefault({});

const comorbiditySchema = z
  .object({
    /** Logistic models in (age − ageCentre): both diseases become commoner with age. */
    ageCentre: z.number().default(56.6),
    /**
     * Design: −1.25 and −0.90. Hypertension raises the slow class, and slow patients are more
     * often included (they keep attending), so −0.90 gives 31.9% in the development set;
     * −0.95 gives Table 1's 31.1%. Diabetes lands on 25.1% as designed.
     */
    diabetesIntercept: z.number().default(-1.25),
    diabetesAgeSlope: z.number().default(0.045),
    hypertensionIntercept: z.number().default(-0.95),
    hypertensionAgeSlope: z.number().default(0.055),
  })
  .prefault({});

const firstVisitSchema = z
  .object({
    /**
     * First-visit day after onset = floor(LogNormal(logMean, logSd)). Design: 0.55 / 1.0, which
     * gives the development set 2.17 ± 2.88 days (late presenters are less often included: they
     * have fewer chances of two graded visits by day 30); 0.60 / 1.05 give Table 1's 2.35 ± 3.11.
     */
    logMean: z.number().default(0.6),
    logSd: positive.default(1.05),
  })
  .prefault({});

const treatmentSchema = z
  .object({
    /** Steroid started more than `earlyMaxDay` days after onset. Table 1: 35.2%. */
    delayedProb: prob.default(0.352),
    /** Early treatment = started on days 0..earlyMaxDay (the paper's "within 7 days"). */
    earlyMaxDay: z.number().int().nonnegative().default(7),
    /** Delayed start = max(earlyMaxDay + 1, first-visit day) + round(Exponential(mean)). */
    delayedLagMeanDays: positive.default(4),
  })
  .prefault({});

const presentationSchema = z
  .object({
    /**
     * Grade at presentation over II, III, IV, V. Design: (0.25, 0.42, 0.28, 0.05). What Table 1
     * counts is the recorded grade (noise, ranges counted as the worse grade, late presenters
     * already at their peak) of included patients; these weights give II 18.4%, III 40.3%,
     * IV 33.2%, V 8.1%, mean 3.25 there (Table 1: 18.4, 40.4, 33.3, 7.9; 3.25).
     */
    gradeWeights: weights(4).default([0.23, 0.435, 0.297, 0.038]),
    /**
     * Early worsening Δ over {0, 0.5, 1} after the first visit (peak = min(G0 + Δ, 6)).
     * Design: (0.70, 0.10, 0.20). A patient first seen after the peak day cannot worsen after
     * the first visit, so 30% drawn gives 26.7% seen worsening; 32% drawn gives Marsk's ~28%.
     */
    worseningWeights: weights(3).default([0.68, 0.105, 0.215]),
    /** The worst grade is reached on a day ~ U(peakDayMin, peakDayMax) (paper Fig. 2: latter half of week 1). */
    peakDayMin: z.number().nonnegative().default(4),
    peakDayMax: z.number().nonnegative().default(7),
  })
  .prefault({});

const slowClassSchema = z
  .object({
    /**
     * logit P(slow, degeneration-type recovery) = intercept + peakSlope·(P − peakCentre)
     *   + ageSlope·(age − ageCentre) + diabetesLogOr·DM + hypertensionLogOr·HTN + delayedLogOr·delayed.
     */
    intercept: z.number().default(-3.6),
    peakSlope: z.number().default(0.77),
    peakCentre: z.number().default(3.5),
    ageSlope: z.number().default(0.02),
    ageCentre: z.number().default(57),
    diabetesLogOr: z.number().default(Math.LN2),
    hypertensionLogOr: z.number().default(Math.log(2.5)),
    /** ln 3 ≈ Sullivan 2007's incomplete recovery at 9 months without vs with early steroid (18% vs 6%). */
    delayedLogOr: z.number().default(Math.log(3)),
  })
  .prefault({});

const fastCourseSchema = z
  .object({
    /** Recovery onset = peak day + Gamma(onsetLagShape, mean onsetLagMeanDays). */
    onsetLagShape: positive.default(3),
    onsetLagMeanDays: positive.default(8),
    /**
     * Recovery time constant τ ~ LogNormal(ln tauMedianDays, tauLogSd). Design: 16 days. With
     * the plateau below and the visit parameters calibrated to the paper's inclusion pass rate,
     * 16 days leaves about 52% of the development set unrecovered at day 30; 21 days gives the
     * paper's 57% (151 of 267).
     */
    tauMedianDays: positive.default(21),
    tauLogSd: z.number().nonnegative().default(0.5),
    /**
     * Final plateau F ~ U(plateauMin, plateauMax). Design: U(1, 1.6), which leaves one in six
     * fast-course (neurapraxia) patients nearer grade II than I for good: complete recovery by
     * day 300 then comes out 78% with early steroid vs Sullivan 2007's 94% at 9 months, and the
     * hypertension odds ratio for incomplete recovery 1.7 vs ~3. U(1, 1.4): 94% and ~3.3.
     */
    plateauMin: z.number().min(1).max(6).default(1),
    plateauMax: z.number().min(1).max(6).default(1.4),
    synkinesisProb: prob.default(0.04),
  })
  .prefault({});

const slowCourseSchema = z
  .object({
    /** Recovery onset ~ U(onsetMinDay, onsetMaxDay) (Peitersen: the rest begin after 3–6 months). */
    onsetMinDay: z.number().nonnegative().default(60),
    onsetMaxDay: z.number().nonnegative().default(150),
    tauMedianDays: positive.default(40),
    tauLogSd: z.number().nonnegative().default(0.4),
    /** Final plateau F drawn from these levels with these weights (never above the peak). */
    plateauLevels: z.array(z.number().min(1).max(6)).min(1).default([1.8, 2.5, 3.2, 4]),
    plateauWeights: z.array(z.number().nonnegative()).min(1).default([0.5, 0.15, 0.25, 0.1]),
    synkinesisProb: prob.default(0.7),
  })
  .prefault({});

const recordingSchema = z
  .object({
    /** Rater noise: recorded = latent + N(0, noiseSd²), clipped to [1, 6]. */
    noiseSd: z.number().nonnegative().default(0.3),
    /** A fractional part in [rangeFracLow, rangeFracHigh] is written as a range with rangeProb. */
    rangeFracLow: z.number().min(0).max(1).default(0.35),
    rangeFracHigh: z.number().min(0).max(1).default(0.65),
    rangeProb: prob.default(0.6),
    /**
     * Share of range grades written with an en dash ("III–IV") instead of a hyphen. Default 0
     * keeps the bundled file in the canonical forms (I..VI, III-IV); raise it to exercise an
     * importer.
     */
    enDashShare: prob.default(0),
    /**
     * The first visit's recorded grade is clipped to [firstGradeMin, firstGradeMax]. Design:
     * no clipping, which records ~2% of patients as grade I (normal) at their palsy visit and a
     * few as VI; the paper's Table 1 has only grades II–V at the first visit.
     */
    firstGradeMin: z.number().min(1).max(6).default(2),
    firstGradeMax: z.number().min(1).max(6).default(5),
  })
  .prefault({});

const visitsSchema = z
  .object({
    /** Days after onset that count as the early phase (PIPELINE step 1's 30-day window). */
    earlyDays: z.number().positive().default(30),
    /** Early gaps ~ Gamma(earlyGapShape, mean earlyGapMeanDays), at least one day. */
    earlyGapShape: positive.default(4),
    earlyGapMeanDays: positive.default(10),
    /** Later gaps while not recovered ~ Gamma(lateGapShape, mean lateGapMeanDays) ("~30-day gaps"). */
    lateGapShape: positive.default(6),
    lateGapMeanDays: positive.default(30),
    /**
     * Clinic attendance has no literature value; these three are calibrated to the paper's
     * Fig. 1 and Table 1 (inclusion pass 279/390 = 71.5%, follow-up 89 ± 49 days). Design:
     * drop-out 0.10, check visit 0.5 after a mean 56 days, which gives about a 66% pass rate
     * and 83 ± 51 days of follow-up.
     */
    /** Probability of not coming back, for every visit scheduled after the early phase. */
    dropOutProb: prob.default(0.15),
    /**
     * After the first recorded grade ≤ recoveryThreshold at a visit after the first: one check
     * visit with this probability, then none (recovered patients stop attending).
     */
    checkVisitProb: prob.default(0.62),
    checkGapShape: positive.default(4),
    checkGapMeanDays: positive.default(64),
    /** No visit after this day. */
    censorDay: z.number().positive().default(300),
    recoveryThreshold: z.number().default(2),
  })
  .prefault({});

const missingSchema = z
  .object({
    /**
     * Incomplete records, so that PIPELINE step 2 excludes some patients as the paper's did
     * (407 → 390, 4.2%). Design: none. Each is an independent probability per patient
     * (visitGradeProb: per later visit).
     */
    sexProb: prob.default(0.003),
    ageProb: prob.default(0.003),
    diabetesProb: prob.default(0.008),
    hypertensionProb: prob.default(0.008),
    firstGradeProb: prob.default(0.008),
    noFollowUpProb: prob.default(0.012),
    visitGradeProb: prob.default(0.01),
  })
  .prefault({});

export const simulatorParamsSchema = z
  .object({
    onset: onsetSchema,
    age: ageSchema,
    sex: z.object({ maleProb: prob.default(0.509) }).prefault({}),
    comorbidity: comorbiditySchema,
    firstVisit: firstVisitSchema,
    treatment: treatmentSchema,
    presentation: presentationSchema,
    slowClass: slowClassSchema,
    fastCourse: fastCourseSchema,
    slowCourse: slowCourseSchema,
    recording: recordingSchema,
    visits: visitsSchema,
    missing: missingSchema,
  })
  .superRefine((p, ctx) => {
    const order = (a: number, b: number, path: string[], what: string) => {
      if (a > b) ctx.addIssue({ code: 'custom', path, message: what });
    };
    if (p.onset.startDate > p.onset.endDate) ctx.addIssue({ code: 'custom', path: ['onset', 'endDate'], message: 'endDate must not be before startDate' });
    order(p.age.min, p.age.max, ['age', 'max'], 'age.max must be ≥ age.min');
    order(p.presentation.peakDayMin, p.presentation.peakDayMax, ['presentation', 'peakDayMax'], 'peakDayMax must be ≥ peakDayMin');
    order(p.fastCourse.plateauMin, p.fastCourse.plateauMax, ['fastCourse', 'plateauMax'], 'plateauMax must be ≥ plateauMin');
    order(p.slowCourse.onsetMinDay, p.slowCourse.onsetMaxDay, ['slowCourse', 'onsetMaxDay'], 'onsetMaxDay must be ≥ onsetMinDay');
    order(p.recording.rangeFracLow, p.recording.rangeFracHigh, ['recording', 'rangeFracHigh'], 'rangeFracHigh must be ≥ rangeFracLow');
    order(p.recording.firstGradeMin, p.recording.firstGradeMax, ['recording', 'firstGradeMax'], 'firstGradeMax must be ≥ firstGradeMin');
    if (p.slowCourse.plateauLevels.length !== p.slowCourse.plateauWeights.length) {
      ctx.addIssue({ code: 'custom', path: ['slowCourse', 'plateauWeights'], message: 'one weight per plateau level' });
    }
    if (!p.slowCourse.plateauWeights.some((w) => w > 0)) {
      ctx.addIssue({ code: 'custom', path: ['slowCourse', 'plateauWeights'], message: 'at least one weight must be positive' });
    }
  });

/** Parameters with every default filled in. */
export type SimulatorParams = z.output<typeof simulatorParamsSchema>;
/** What a caller may pass: any subset, per group. */
export type SimulatorParamsInput = z.input<typeof simulatorParamsSchema>;

/** The defaults (the bundled cohort's parameters). */
export const defaultSimulatorParams: SimulatorParams = simulatorParamsSchema.parse({});
