import { resolveLstmParams, type LstmParams } from '../../ml/lstm/params';
import { lstmKey } from '../../ml/lstm/sequences';
import { plural, resamplingPhrase } from '../phrases';
import { manifestModelFiles, windowModelFilesSentence } from './model-files';
import { andList, numOf, obj, tagged, withCi, type CellRun, type KindClaims } from './types';

const STATIC_WORDS: Record<string, string> = { sex: 'sex', age: 'age', delayed_treatment: 'delayed treatment', diabetes: 'diabetes', hypertension: 'hypertension' };
const SUBSET = { all: 'all subjects', persistent: 'the persistent palsy subset' } as const;
type Subset = keyof typeof SUBSET;

const subsetOf = (c: CellRun): Subset => (c.params.subset === 'persistent' ? 'persistent' : 'all');
const settingsOf = (c: CellRun): LstmParams => resolveLstmParams(subsetOf(c), obj(c.params.lstm));

/** The settings a reader is told, in the order of the sentence. */
const DESCRIBED = ['units', 'dropout', 'learningRate', 'batchSize', 'maxEpochs', 'validationFraction', 'validationMode', 'earlyStoppingPatience', 'restoreBestWeights', 'plateauFactor', 'plateauPatience', 'scaling', 'layout', 'engine'] as const;
const PHRASE: Record<(typeof DESCRIBED)[number], (p: LstmParams) => string> = {
  units: (p) => `layers of ${p.units.join(', ')} units`,
  dropout: (p) => `dropout rate ${p.dropout}`,
  learningRate: (p) => `learning rate ${p.learningRate}`,
  batchSize: (p) => `batch size ${p.batchSize}`,
  maxEpochs: (p) => `at most ${p.maxEpochs} epochs`,
  validationFraction: (p) => `a ${Math.round(p.validationFraction * 100)}% early-stopping share`,
  validationMode: (p) => `early-stopping rows drawn ${p.validationMode === 'last' ? 'as the last rows' : 'at random'}`,
  earlyStoppingPatience: (p) => `early-stopping patience ${p.earlyStoppingPatience}`,
  restoreBestWeights: (p) => (p.restoreBestWeights ? 'the best weights restored' : 'the last weights kept'),
  plateauFactor: (p) => `plateau factor ${p.plateauFactor}`,
  plateauPatience: (p) => `plateau patience ${p.plateauPatience}`,
  scaling: (p) => (p.scaling === 'zscore' ? 'z-scored inputs' : 'unscaled inputs'),
  layout: (p) => (p.layout === 'sequence-only' ? 'no static features' : 'static features on every step'),
  engine: (p) => `the ${p.engine} engine`,
};

/**
 * The LSTM regression models that ran (one cell per subset and model): their inputs, network
 * and training settings (grouped: cells with equal settings are described once, a group that
 * differs by the fields that differ), seeds, early-stopping holdout, bootstrap CIs
 * (`bootstrapResamples`, `ciMethod`) and the temporal validation. Settings of a subset whose
 * models did not run are never described. Reads `lstm.<subset>.<model>` for the holdout's
 * grouping, the validation scope and the errors.
 */
export const lstmRegressionClaims: KindClaims = ({ manifest, cells, u, ran }) => {
  const lstm = obj(manifest.lstm);
  const block = (c: CellRun) => obj(obj(lstm[subsetOf(c)])[lstmKey(String(c.params.model), c.params.staticFeatures)]);
  const subsets = (['all', 'persistent'] as const).filter((s) => cells.some((c) => subsetOf(c) === s));
  const modelsOf = (s: Subset) => cells.filter((c) => subsetOf(c) === s);
  // A derived feature is named by the label its derived-feature step gave it.
  const derivedLabels = new Map(ran('derived-feature').map((d) => [String(d.params.name), String(d.params.label ?? d.params.name)]));
  const describeModel = (c: CellRun) => {
    const statics = Array.isArray(c.params.staticFeatures) ? c.params.staticFeatures.map(String) : [];
    const inputs = settingsOf(c).layout === 'sequence-only' ? 'grades and days only' : andList(statics.map((f) => (derivedLabels.has(f) ? u(derivedLabels.get(f)) : (STATIC_WORDS[f] ?? u(f)))));
    return inputs ? `${u(c.params.model)} (${inputs})` : u(c.params.model);
  };
  const sameModels = subsets.length === 2 && modelsOf('all').map(describeModel).join() === modelsOf('persistent').map(describeModel).join();
  const modelText = sameModels
    ? `${andList(modelsOf('all').map(describeModel))}, for all subjects and for the persistent palsy subset`
    : andList(subsets.map((s) => `${andList(modelsOf(s).map(describeModel))} for ${SUBSET[s]}`));
  const usesDerived = cells.some((c) => Array.isArray(c.params.staticFeatures) && c.params.staticFeatures.some((f) => derivedLabels.has(String(f))));
  const modelsSentence = `The later grade was predicted with ${plural(cells.length, 'LSTM network')}: ${modelText}. Each took the four-step sequence of a regression sample: the window’s three visits and the visit to predict, as days from the present visit and grades (the fourth step’s grade unknown).${usesDerived ? ' A derived feature entered as a static feature with the value of the sample’s window, computed from the visits up to the window’s present visit (the sequence’s last known visit); with z-score scaling it was standardized with the training part’s mean and SD, like age.' : ''}`;
  const network: string[] = [];

  // Network and training settings, one sentence per group of equal settings.
  const groups: { cells: CellRun[]; p: LstmParams }[] = [];
  for (const c of cells) {
    const p = settingsOf(c);
    const key = JSON.stringify(DESCRIBED.map((k) => p[k]));
    const g = groups.find((x) => JSON.stringify(DESCRIBED.map((k) => x.p[k])) === key);
    if (g) g.cells.push(c);
    else groups.push({ cells: [c], p });
  }
  const holdoutByPatient = cells.some((c) => obj(block(c).split).holdout === 'patients') || ran('lstm-split')[0]?.params.split === 'grouped';
  const groupName = (g: { cells: CellRun[] }) => {
    const s = subsets.find((x) => modelsOf(x).length === g.cells.length && g.cells.every((c) => subsetOf(c) === x));
    return s ? `the models of ${SUBSET[s]}` : andList(g.cells.map((c) => u(c.id)));
  };
  const first = groups[0]!.p;
  network.push(
    `The network had stacked LSTM layers of ${first.units.join(', ')} units, each followed by dropout (rate ${first.dropout}) and batch normalization, then a one-unit dense output; it was trained with Adam (learning rate ${first.learningRate}), batch size ${first.batchSize}, at most ${first.maxEpochs} epochs, early stopping (patience ${first.earlyStoppingPatience}, ${first.restoreBestWeights ? 'best weights restored' : 'last weights kept'}) on a ${Math.round(first.validationFraction * 100)}% share of the training part ${holdoutByPatient ? 'held out by patient' : first.validationMode === 'last' ? 'taken as its last rows' : 'drawn at random over rows'}, and learning-rate reduction on plateau (factor ${first.plateauFactor}, patience ${first.plateauPatience})${groups.length > 1 ? `; these settings for ${groupName(groups[0]!)}` : ''}.`,
  );
  for (const g of groups.slice(1)) {
    const differs = DESCRIBED.filter((k) => JSON.stringify(g.p[k]) !== JSON.stringify(first[k]));
    network.push(`For ${groupName(g)}: ${andList(differs.map((k) => PHRASE[k](g.p)))}.`);
  }
  const scaling = (
    first.scaling === 'zscore'
      ? 'Day offsets (one mean and SD pooled over the four steps) and age were standardized with the training part’s statistics; grades and binary features entered unscaled.'
      : 'Inputs entered unscaled.'
  );

  // Seeds.
  const seeds = cells.map((c) => numOf(c.params.seeds) ?? 1);
  const n = seeds[0]!;
  const seedsSentence = (
    seeds.every((s) => s === n)
      ? n > 1
        ? `Each network was trained from ${n} seeds (random initializations and data orders); the tables report the first seed with its CIs and the mean, SD and range of the errors over the ${n} seeds.`
        : 'Each network was trained once (one seed): the spread over random initializations was not estimated.'
      : `Networks were trained from several seeds (${andList(cells.map((c, i) => `${u(c.id)}: ${seeds[i]}`))}); where more than one, the tables report the first seed with its CIs and the spread over seeds.`
  );

  // Baselines and CIs.
  const ciKey = (c: CellRun) => `${Number(c.params.bootstrapResamples)}|${c.params.ciMethod === 'patients' ? 'patients' : 'samples'}`;
  const ciGroups = [...new Set(cells.map(ciKey))].map((k) => {
    const [b, m] = k.split('|') as [string, 'samples' | 'patients'];
    return `${plural(Number(b), 'bootstrap resample')} in which ${resamplingPhrase(m, 'samples')}`;
  });
  const baselines = (`Each network was compared on the same rows with the last grade carried forward and an ordinary least-squares regression on the same features; errors (RMSE, MSE, MAE) have percentile 95% CIs from ${andList(ciGroups)}, and p-values from a paired t-test of actual against predicted grades.`);

  // Temporal validation.
  const validated = cells.filter((c) => Object.keys(obj(block(c).validation)).length);
  const scopes = subsets.map((s) => {
    const c = validated.find((x) => subsetOf(x) === s);
    return c && typeof block(c).validation_scope === 'string' ? `${SUBSET[s]}: ${u(block(c).validation_scope)}` : undefined;
  }).filter((x) => x !== undefined);
  const validation = validated.length
    ? `The trained networks were applied without refitting to the temporal validation samples (${scopes.length ? scopes.join('; ') : 'the validation patients’ samples'}).`
    : 'No network was evaluated on temporal validation samples (none available).';
  const sentences = [modelsSentence, ...network, scaling, seedsSentence, baselines, validation];

  const courseEnd = numOf(cells[0]!.params.courseEndDay);
  const mae = (c: CellRun, set: 'test' | 'validation') => withCi(obj(block(c)[set]).mae);
  const results = cells
    .map((c) => (mae(c, 'test') ? `${u(c.params.model)}, ${subsetOf(c) === 'all' ? 'all subjects' : 'persistent subset'}: test ${mae(c, 'test')}${mae(c, 'validation') ? `, temporal validation ${mae(c, 'validation')}` : ''}` : undefined))
    .filter((x) => x !== undefined);
  const grouped = ran('lstm-split')[0]?.params.split === 'grouped';
  const straddling = numOf(obj(obj(manifest.lstm_split).all).straddling_patients);
  const calibrated = ran('lstm-calibration').length > 0;
  return {
    methods: sentences.map((text) => ({ section: 'Grade regression (LSTM)' as const, text })),
    tripod: [
      { item: '9a', text: `LSTM: the window’s days and grades with ${modelText}.` },
      ...(cells.some((c) => Array.isArray(c.params.staticFeatures) && c.params.staticFeatures.includes('delayed_treatment')) ? [{ item: '6c', text: 'Delayed treatment is an input of some LSTM models.' }] : []),
      { item: '12b', text: tagged('LSTM', scaling) },
      { item: '12c', text: tagged('LSTM', `${network.join(' ')} ${seedsSentence}`) },
      { item: '12e', text: `LSTM: RMSE, MSE and MAE with percentile bootstrap 95% CIs (${andList(ciGroups)}) and paired t-tests, beside the last grade carried forward and a linear regression.` },
      {
        item: '12g',
        text: `LSTM: a prediction is for a chosen day: the fourth step carries the day of the visit to predict (days from the present visit), so for a new patient that day is set by the user${courseEnd !== undefined ? ` (Fig. 6 predicts each validation patient’s course up to day ${u(courseEnd)})` : ''}; the network returns the grade expected then.`,
      },
      { item: '15', text: 'LSTM: the House–Brackmann grade expected at the chosen day, as a continuous number (not bounded to I–VI).' },
      { item: '16', text: tagged('LSTM', validation) },
      { item: '22', text: `LSTM: architecture and training as in the methods; the trained networks (weights of seed 1, whose predictions are reported, scaler and input encoding) are ${windowModelFilesSentence(manifest, cells.map((c) => c.id), 'lstm', u)}.` },
      ...(results.length && !ran('lstm-report').length ? [{ item: '23a', text: `LSTM MAE (grades, 95% CI): ${results.join('; ')}.` }] : []),
    ],
    probast: [
      { models: ['lstm'], question: '2.3', rating: 'PY', text: 'The inputs are the window’s visits (known at the present visit), the static features and the day to predict, which the user sets.' },
      { models: ['lstm'], question: '2.1', rating: 'PY', text: 'Every input is derived by the same rule from the same visit table for every patient.' },
      { models: ['lstm'], question: '4.2', rating: 'PY', text: `Days and grades kept continuous${first.scaling === 'zscore' ? ' (days and age standardized)' : ''}; binary features coded 0/1.` },
      manifestModelFiles(manifest, cells.map((c) => c.id)).length
        ? { models: ['lstm'], question: '4.9', rating: 'PY', text: `The trained networks are ${windowModelFilesSentence(manifest, cells.map((c) => c.id), 'lstm', u)}.` }
        : { models: ['lstm'], question: '4.9', rating: 'NI', text: `The trained networks are not reported: they are ${windowModelFilesSentence(manifest, cells.map((c) => c.id), 'lstm', u)}.` },
      { models: ['lstm'], question: '4.1', rating: 'NI', text: 'No sample-size calculation for the regression models was run.' },
      { models: ['lstm'], question: '4.5', rating: 'Y', text: 'The inputs of each model (M1–M3) are fixed in advance.' },
      {
        models: ['lstm'],
        question: '4.6',
        rating: grouped ? 'PY' : 'N',
        text: grouped ? 'Several samples per patient: the split and the early-stopping holdout keep each patient on one side.' : `Several samples per patient: the split over samples put ${straddling !== undefined ? u(straddling) : 'some'} patients on both sides.`,
      },
      {
        models: ['lstm'],
        question: '4.7',
        rating: calibrated ? 'PY' : 'PN',
        text: `Errors with CIs beside two baselines${calibrated ? ' and the mean error by actual grade (calibration of a continuous prediction)' : '; calibration (error by grade) not assessed'}.`,
      },
      {
        models: ['lstm'],
        question: '4.8',
        rating: grouped ? 'PY' : 'N',
        text: `${grouped ? 'Early stopping on a held-out share of the training part; errors measured on held-out patients' : `Errors measured on a test part that shares ${straddling !== undefined ? u(straddling) : 'some'} patients with the training part`}${validated.length ? ' and on the temporal validation set without refitting' : ''}; ${n > 1 ? `the spread over ${n} seeds is reported` : 'one seed: the spread over initializations is unknown'}.`,
      },
    ],
  };
};
