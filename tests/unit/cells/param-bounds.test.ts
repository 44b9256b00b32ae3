/**
 * Every parameter has a bound that keeps a run's work and memory sane (issue #30: a
 * `thresholdStep` of 1e-9 ran V8 out of memory, a `courseEndDay` of 1e8 took 4.5 GB), and the
 * bounds still admit every built-in notebook under every profile.
 */
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { cellDefinitions, registry } from '@/lib/cells';
import { lstmParamsSchema } from '@/lib/ml/lstm/params';
import { resolveParams, type AnyCellDefinition } from '@/lib/notebook/define-cell';
import { ParamsError } from '@/lib/notebook/errors';
import { applyProfile, effectiveParams, isComputeCell } from '@/lib/notebook/notebook-schema';
import { paramsJsonSchema } from '@/lib/notebook/parameters-document';
import { plainProblem } from '@/components/notebook/param-problems';
import { notebooks } from '@/notebooks';

function problemsOf(kind: string, raw: unknown) {
  try {
    resolveParams(registry.get(kind), raw);
  } catch (err) {
    if (err instanceof ParamsError) return err.problems;
    throw err;
  }
  return [];
}

describe('built-in notebooks fit the bounded schemas', () => {
  for (const notebook of notebooks) {
    for (const profile of [undefined, ...Object.keys(notebook.profiles)]) {
      it(`${notebook.id}, ${profile ?? 'no profile'}: every cell's parameters resolve`, () => {
        const nb = applyProfile(notebook, profile);
        const cells = nb.cells.filter(isComputeCell);
        expect(cells.length).toBeGreaterThan(0);
        for (const cell of cells) {
          expect(() => resolveParams(registry.get(cell.kind), effectiveParams(nb, cell)), `${notebook.id}/${profile ?? '-'}/${cell.id}`).not.toThrow();
        }
      });
    }
  }

  it('covers han-2026 quick, paper, honest and honest-quick, and the teaching, demo, external own-feature and code-cell notebooks', () => {
    expect(Object.keys(notebooks.find((n) => n.id === 'han-2026')!.profiles).sort()).toEqual(['honest', 'honest-quick', 'paper', 'quick']);
    expect(notebooks.map((n) => n.id).sort()).toEqual(['code-cell', 'demo', 'external', 'han-2026', 'own-feature', 'teaching']);
  });
});

/**
 * [cell kind, parameters, path of the problem, the bound the message must state]. The message a
 * user sees (the form's plain words, the CLI's ParamsError) must name the bound.
 */
const DANGEROUS: [string, Record<string, unknown>, string, string][] = [
  // The two reports.
  ['svm-decision-curve', { thresholdStep: 1e-9 }, 'thresholdStep', '0.001'],
  ['svm-decision-curve', { thresholdStep: 1e-12 }, 'thresholdStep', '0.001'],
  ['svm-decision-curve', { thresholdStep: 0 }, 'thresholdStep', '0.001'],
  ['lstm-regression', { courseEndDay: 100_000_000 }, 'courseEndDay', '1000 days'],
  ['lstm-regression', { courseStepDays: 1e9 }, 'courseStepDays', '1000 days'],
  ['lstm-regression', { bootstrapResamples: 1_000_000 }, 'bootstrapResamples', '20000'],
  ['lstm-regression', { seeds: 1000 }, 'seeds', '20'],
  ['lstm-regression', { staticFeatures: Array.from({ length: 100_000 }, () => 'age') }, 'staticFeatures', '5'],
  // The LSTM block.
  ['lstm-regression', { lstm: { learningRate: 1e300 } }, 'lstm.learningRate', '1'],
  ['lstm-regression', { lstm: { learningRate: 0 } }, 'lstm.learningRate', '0'],
  ['lstm-regression', { lstm: { maxEpochs: 1_000_000 } }, 'lstm.maxEpochs', '2000'],
  ['lstm-regression', { lstm: { units: [4096] } }, 'lstm.units.0', '512'],
  ['lstm-regression', { lstm: { units: [8, 8, 8, 8, 8] } }, 'lstm.units', '4 layers'],
  ['lstm-regression', { lstm: { batchSize: 1_000_000 } }, 'lstm.batchSize', '4096'],
  ['lstm-regression', { lstm: { batchSize: 0 } }, 'lstm.batchSize', '1'],
  ['lstm-regression', { lstm: { earlyStoppingPatience: 1e9 } }, 'lstm.earlyStoppingPatience', '2000'],
  ['lstm-regression', { lstm: { plateauPatience: 1e9 } }, 'lstm.plateauPatience', '2000'],
  ['lstm-regression', { lstm: { plateauCooldown: 1e9 } }, 'lstm.plateauCooldown', '2000'],
  ['lstm-regression', { lstm: { validationFraction: 0.95 } }, 'lstm.validationFraction', '0.9'],
  ['lstm-regression', { lstm: { adamEpsilon: 1e300 } }, 'lstm.adamEpsilon', '1'],
  ['lstm-regression', { lstm: { plateauMinLr: 1e300 } }, 'lstm.plateauMinLr', '1'],
  ['lstm-regression', { lstm: { earlyStoppingMinDelta: 1e300 } }, 'lstm.earlyStoppingMinDelta', '1'],
  // Splits, folds and seeds.
  ['svm-split', { testFraction: 0.95 }, 'testFraction', '0.9'],
  ['svm-split', { folds: 1000 }, 'folds', '20'],
  ['svm-split', { splitSeed: -1 }, 'splitSeed', '4294967295'],
  ['svm-split', { foldSeed: 2 ** 32 }, 'foldSeed', '4294967295'],
  ['svm-split', { features: Array.from({ length: 100_000 }, () => 'age') }, 'features', '11'],
  ['lstm-split', { testFraction: 0.95 }, 'testFraction', '0.9'],
  ['lstm-split', { splitSeed: 2 ** 32 }, 'splitSeed', '4294967295'],
  // Grids, resamples, permutations.
  ['svm-grid', { cMax: 1e300 }, 'cMax', '100000'],
  ['svm-grid', { cMin: 1e-300 }, 'cMin', '0.00001'],
  ['svm-grid', { gammaMax: 1e300 }, 'gammaMax', '1000'],
  ['svm-grid', { gammaMin: 1e-300 }, 'gammaMin', '0.000001'],
  ['svm-grid', { size: 1_000_000 }, 'size', '40'],
  ['permutation-importance', { repeats: 1e9 }, 'repeats', '2000'],
  ['permutation-importance', { bootstrapResamples: 1e9 }, 'bootstrapResamples', '5000'],
  ['classification-eval', { resamples: 1e9 }, 'resamples', '20000'],
  ['classification-eval', { plattFolds: 1000 }, 'plattFolds', '10'],
  ['svm-discrimination', { resamples: 1e9 }, 'resamples', '20000'],
  ['svm-calibration', { resamples: 1e9 }, 'resamples', '20000'],
  ['svm-calibration', { groups: 1e6 }, 'groups', '20'],
  ['leakage-audit', { resamples: 1e9 }, 'resamples', '20000'],
  ['lstm-report', { comparisonResamples: 1e9 }, 'comparisonResamples', '20000'],
  ['lstm-report', { maxCoursePanels: 1e6 }, 'maxCoursePanels', '60'],
  ['lstm-report', { coursePatients: Array.from({ length: 100_000 }, (_, i) => `P${i}`) }, 'coursePatients', '60'],
  ['lstm-report', { coursePatients: ['x'.repeat(1_000_000)] }, 'coursePatients.0', '200'],
  ['lstm-calibration', { tolerance: 1e9 }, 'tolerance', '2'],
  ['sample-size', { parameters: 1e9 }, 'parameters', '500'],
  ['prognosis-model', { bootstrapResamples: 1e9 }, 'bootstrapResamples', '2000'],
  ['external-validation', { resamples: 1e9 }, 'resamples', '5000'],
  // Days, ages and grades.
  ['cohort-description', { maxDay: 1e9 }, 'maxDay', '1000'],
  ['cohort-description', { fine: 1e9 }, 'fine', '1000'],
  ['cohort-description', { fineUntil: 1e9 }, 'fineUntil', '1000'],
  ['cohort-description', { weekUntil: 1e9 }, 'weekUntil', '1000'],
  ['cohort-description', { coarse: 1e9 }, 'coarse', '1000'],
  ['cohort-inclusion', { lateDays: 1e9 }, 'lateDays', '1000 days'],
  ['cohort-inclusion', { earlyDays: 1e9 }, 'earlyDays', '1000 days'],
  ['cohort-inclusion', { ageMax: 1e9 }, 'ageMax', '120'],
  ['cohort-inclusion', { ageMin: -5 }, 'ageMin', '0 to 120'],
  ['cohort-inclusion', { minEarlyVisits: 1e9 }, 'minEarlyVisits', '100'],
  ['cohort-inclusion', { recoveryThreshold: 1e9 }, 'recoveryThreshold', '6'],
  // Free text.
  ['load-cohort', { sheet: 'x'.repeat(1_000_000) }, 'sheet', '200 characters'],
  ['load-cohort', { mapping: { patient_id: 'x'.repeat(1_000_000) } }, 'mapping.patient_id', '500 characters'],
  ['load-cohort', { valueMaps: { sex: { ['x'.repeat(1000)]: 'M' } } }, 'valueMaps.sex', '200 characters'],
];

describe('dangerous values are refused with the bound in the message', () => {
  it.each(DANGEROUS.map(([kind, params, path, bound]) => [`${kind} ${path} = ${JSON.stringify(params).slice(0, 60)}`, kind, params, path, bound] as const))('%s', (_name, kind, params, path, bound) => {
    const problems = problemsOf(kind, params);
    const at = problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));
    expect(at, `problems: ${JSON.stringify(problems).slice(0, 300)}`).not.toHaveLength(0);
    // The first problem at the field is the one the form shows (problemsByPath); the CLI prints all.
    expect(at[0]!.message).toContain(bound);
    expect(plainProblem(at[0]!.message)).toContain(bound);
  });

  it('keeps what the issue asked for: ≤ 1000 thresholds, ≤ 1000 course days, learning rate in (0, 1]', () => {
    const dc = resolveParams(registry.get('svm-decision-curve'), { thresholdFrom: 0.001, thresholdTo: 0.999, thresholdStep: 0.001 }) as { thresholdStep: number };
    expect(dc.thresholdStep).toBe(0.001);
    expect(() => resolveParams(registry.get('lstm-regression'), { courseEndDay: 1000, lstm: { learningRate: 1, units: [512, 512, 512, 512], batchSize: 4096, maxEpochs: 2000 } })).not.toThrow();
    expect(() => resolveParams(registry.get('lstm-regression'), { courseEndDay: 1001 })).toThrow(ParamsError);
    expect(() => resolveParams(registry.get('svm-split'), { testFraction: 0.9, splitSeed: 0, foldSeed: 4294967295 })).not.toThrow();
  });
});

type JsonSchema = {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  maxItems?: number;
  maxLength?: number;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  format?: string;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  propertyNames?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
};

/** A bound a person could rely on: zod's integers carry ±MAX_SAFE_INTEGER, which is no bound. */
const real = (x: number | undefined) => x !== undefined && Number.isFinite(x) && Math.abs(x) < Number.MAX_SAFE_INTEGER;

/** Every leaf of a JSON Schema without a bound: numbers without min and max, lists without maxItems, free text without maxLength. */
function unbounded(schema: JsonSchema, path: string, out: string[] = []): string[] {
  for (const sub of [...(schema.anyOf ?? []), ...(schema.oneOf ?? []), ...(schema.allOf ?? [])]) unbounded(sub, path, out);
  const types = Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : [];
  for (const type of types) {
    if (type === 'number' || type === 'integer') {
      if (!real(schema.minimum) && !real(schema.exclusiveMinimum)) out.push(`${path}: no minimum`);
      if (!real(schema.maximum) && !real(schema.exclusiveMaximum)) out.push(`${path}: no maximum`);
    } else if (type === 'array') {
      if (!real(schema.maxItems)) out.push(`${path}: no maxItems`);
      const items = schema.prefixItems ?? (Array.isArray(schema.items) ? schema.items : schema.items ? [schema.items] : []);
      items.forEach((item) => unbounded(item, `${path}[]`, out));
    } else if (type === 'object') {
      for (const [key, prop] of Object.entries(schema.properties ?? {})) unbounded(prop, path ? `${path}.${key}` : key, out);
      if (schema.propertyNames) unbounded(schema.propertyNames, `${path}{key}`, out);
      if (schema.additionalProperties && typeof schema.additionalProperties === 'object') unbounded(schema.additionalProperties, `${path}{}`, out);
    } else if (type === 'string') {
      // Choices, fixed formats (ISO dates) and patterns are bounded; free text needs maxLength.
      if (!schema.enum && schema.const === undefined && !schema.format && !schema.pattern && !real(schema.maxLength)) out.push(`${path}: no maxLength`);
    }
  }
  return out;
}

/**
 * Parameters deliberately left as they are (kind -> parameter -> reason). They stay exempt only
 * while the parameter exists, so a renamed one is not silently exempt; a bound added later to
 * one of them does no harm here.
 */
const EXEMPT: Record<string, Record<string, string>> = {
  'prognosis-model': {
    horizonDay: 'a refine limits it to the horizon grid (HORIZON_GRID), which JSON Schema cannot show; refused off the grid (tested below)',
  },
  'guess-first': {
    draw: 'only labels a forked stream: constant work whatever the number (its file is outside this change)',
    caseNumber: 'checked against the quiz pool at run time (an error beyond it): constant work',
  },
  'load-model': {
    name: "the opened file's name, as the browser or the CLI gives it",
    json: "the model file's whole text is the parameter: its size is the file's, read and parsed once",
  },
};

describe('every numeric parameter has a finite minimum and maximum', () => {
  it.each(cellDefinitions.map((d) => [d.kind, d] as const))('%s', (kind, def) => {
    const schema = paramsJsonSchema(def as AnyCellDefinition) as JsonSchema;
    const exempt = Object.keys(EXEMPT[kind] ?? {});
    for (const name of exempt) expect(schema.properties, `exempt parameter "${name}"`).toHaveProperty(name);
    const isExempt = (leaf: string) => exempt.some((name) => leaf.startsWith(`${name}:`) || leaf.startsWith(`${name}.`) || leaf.startsWith(`${name}[`) || leaf.startsWith(`${name}{`));
    expect(unbounded(schema, '').filter((leaf) => !isExempt(leaf))).toEqual([]);
  });

  it('the full LSTM settings (paper defaults) too', () => {
    expect(unbounded(z.toJSONSchema(lstmParamsSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchema, '')).toEqual([]);
  });

  it('the exempt prognosis horizon is still refused off its grid', () => {
    expect(problemsOf('prognosis-model', { horizonDay: 1e9 }).map((p) => p.path)).toEqual(['horizonDay']);
  });

  it('the walk itself finds an unbounded leaf', () => {
    expect(unbounded(z.toJSONSchema(z.object({ n: z.number().int(), a: z.array(z.number().min(0).max(1)), s: z.string() })) as JsonSchema, '')).toEqual([
      'n: no minimum',
      'n: no maximum',
      'a: no maxItems',
      's: no maxLength',
    ]);
  });
});
