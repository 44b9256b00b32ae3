import { featureLabel, MODEL_DESCRIPTIONS } from '../features/dictionary';
import { resolveLstmParams } from '../ml/lstm/params';
import { latexText, markdownText, plainText, type UserText } from './escape';
import { gradeName, num, plural, splitPhrase } from './phrases';

/**
 * The methods paragraph, written from a run manifest (manifest.json of `npm run reproduce` or
 * of the page's "Export all"): the cohort criteria, windowing, split, grid, CV, model
 * configuration, seeds and software versions that were actually used. Every sentence comes
 * from a manifest field; a step that did not run is left out (and named at the end).
 */
type Json = Record<string, unknown>;

export interface MethodsSection {
  heading: string;
  /** Which notebook step (cell id) the numbers come from. */
  source: string;
  text: string;
}

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const numOf = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** The cell ids of a kind, in notebook order (the manifest's `cells` keeps that order). */
export function cellsOfKind(manifest: Json, kind: string): string[] {
  return Object.entries(obj(manifest.cells))
    .filter(([, c]) => obj(c).kind === kind)
    .map(([id]) => id);
}

function paramsOf(manifest: Json, id: string | undefined): Json {
  return id ? obj(obj(manifest.parameters)[id]) : {};
}

function ran(manifest: Json, id: string | undefined): boolean {
  return !!id && obj(obj(manifest.cells)[id]).status === 'fresh';
}

/**
 * The sections, each manifest value written through `u` (the output format's escaper: a data
 * file named `<img onerror=…>` must stay text in methods.md); the default leaves them as they are.
 */
export function methodsSections(manifest: Json, userText: UserText = plainText): MethodsSection[] {
  const u = (v: unknown) => userText(String(v));
  const sections: MethodsSection[] = [];
  const first = (kind: string) => cellsOfKind(manifest, kind)[0];
  const cohortId = first('cohort-inclusion');
  const windowsId = first('windowing');
  const splitId = first('svm-split');
  const gridId = first('svm-grid');
  const importanceId = first('permutation-importance');
  const evalId = first('classification-eval');
  const lstmIds = cellsOfKind(manifest, 'lstm-regression');
  const cohort = obj(manifest.cohort);
  const data = obj(manifest.data);

  if (cohortId) {
    const p = paramsOf(manifest, cohortId);
    const flow = (Array.isArray(cohort.flow) ? cohort.flow : []).map(obj);
    const nIn = numOf(flow[0]?.n_in);
    const ingest = obj(manifest.ingest);
    const sentences = [
      `Patients were eligible if their first visit had a House–Brackmann grade, they had at least one follow-up visit, were aged ${u(p.ageMin)}–${u(p.ageMax)} years at onset, and sex, diabetes and hypertension status were known.`,
      `Included patients had at least ${u(p.minEarlyVisits)} graded visits on days 0–${u(p.earlyDays)} after onset and at least one graded visit after day ${u(p.earlyDays)} and up to day ${u(p.lateDays)}.`,
      `Patients whose first visit was before ${u(p.cutoffDate)} formed the development set, the others the temporal validation set; the persistent palsy subset comprised development patients not recovered (grade ≤ ${gradeName(Number(p.recoveryThreshold))}) by day ${u(p.earlyDays)}.`,
    ];
    if (ran(manifest, cohortId) && nIn !== undefined) {
      sentences.push(
        `Of ${u(nIn)} patients in the data file${numOf(ingest.rows_rejected) ? ` (${u(ingest.rows_rejected)} rows rejected while reading)` : ''}, ${num(Number(cohort.development) + Number(cohort.validation))} were included: ${u(cohort.development)} in the development set, ${u(cohort.validation)} in the temporal validation set and ${u(cohort.persistent)} in the persistent palsy subset (Fig. 1).`,
      );
    }
    sections.push({ heading: 'Study population', source: cohortId, text: sentences.join(' ') });
  }

  if (windowsId) {
    // Early/late days and the recovery threshold are the cohort step's (shared) settings; older manifests kept them here.
    const p = { ...paramsOf(manifest, windowsId) };
    const shared = paramsOf(manifest, cohortId);
    for (const k of ['earlyDays', 'lateDays', 'recoveryThreshold']) p[k] ??= shared[k];
    const w = obj(manifest.windows);
    const anchored = p.mode === 'anchored';
    const sentences = [
      `Visits on days 0–${u(p.earlyDays)} after onset were early, visits after day ${u(p.earlyDays)} up to day ${u(p.lateDays)} late.`,
      anchored
        ? 'Each window combined a virtual pre-onset visit (day −1, grade I) with two consecutive early visits; days were expressed relative to the window’s latest (present) visit.'
        : 'Each window was three consecutive visits of the sequence of a virtual pre-onset visit (day −1, grade I) and the early visits; days were expressed relative to the window’s latest (present) visit.',
      `For classification, each window was paired with the patient’s ${p.outcome === 'best' ? 'best (lowest-grade)' : 'last'} late visit and labelled recovered when that grade was ≤ ${gradeName(Number(p.recoveryThreshold))}; for regression, each window was paired with every late visit (target: the grade at that visit).`,
      `Temporal validation samples used ${p.validationWindows === 'all' ? 'every window' : 'the last window'} of each validation patient.`,
    ];
    const c = obj(w.classification);
    if (ran(manifest, windowsId) && numOf(c.n) !== undefined) {
      sentences.push(`This gave ${u(c.n)} classification windows from ${u(c.patients)} development patients (${u(c.recovered)} recovered) and ${u(obj(w.regression).n)} regression samples.`);
    }
    sections.push({ heading: 'Windowing of serial grades', source: windowsId, text: sentences.join(' ') });
  }

  if (splitId) {
    const p = paramsOf(manifest, splitId);
    const g = paramsOf(manifest, gridId);
    const svm = obj(manifest.svm);
    const features = Array.isArray(p.features) ? (p.features as string[]) : [];
    const sentences = [
      `The recovery classifier used ${features.length} features: ${features.map((f) => (featureLabel(f) === f ? u(f) : featureLabel(f))).join(', ')}.`,
      `Windows were split ${splitPhrase(p.split as 'samples' | 'grouped', Number(p.testFraction), Number(p.splitSeed))} into training and test parts, separately for all subjects and for the persistent palsy subset; features were standardized with the training part’s means and SDs.`,
    ];
    if (gridId) {
      sentences.push(
        `An RBF-kernel SVM (${u(g.engine ?? 'libsvm')}) was tuned on the training part by ${u(p.folds)}-fold stratified cross-validation (fold seed ${u(p.foldSeed)}) over a grid of ${u(g.size)} log-spaced values of C from ${num(Number(g.cMin))} to ${num(Number(g.cMax))} and of γ from ${num(Number(g.gammaMin))} to ${num(Number(g.gammaMax))}${g.includePaperPicks ? ', plus the published values (C = 2.7 and 5.6, γ = 0.09)' : ''}; the pair with the highest mean CV accuracy was selected (ties: smaller C, then smaller γ).`,
      );
      const best = (s: string) => obj(obj(svm[s]).best);
      if (ran(manifest, gridId) && numOf(best('all').C) !== undefined) {
        sentences.push(`Selected: C = ${num(Number(best('all').C))}, γ = ${num(Number(best('all').gamma))} (all subjects); C = ${num(Number(best('persistent').C))}, γ = ${num(Number(best('persistent').gamma))} (persistent subset).`);
      }
    }
    if (evalId) {
      const e = paramsOf(manifest, evalId);
      sentences.push(`The selected model was refitted on the whole training part and evaluated on the test part (accuracy, recall, precision, F1) with percentile 95% CIs from ${u(e.resamples)} bootstrap resamples of the test part.`);
    }
    if (importanceId) {
      const ip = paramsOf(manifest, importanceId);
      sentences.push(`Permutation importance was computed with the selected model fitted on all ${ip.subset === 'persistent' ? 'persistent-subset' : ''} samples${ip.subset === 'persistent' ? '' : ' of all subjects'}: each feature was permuted ${plural(Number(ip.repeats), 'time')} and the mean drop in accuracy reported as a share of the total.`.replace('all  samples', 'all samples'));
    }
    sections.push({ heading: 'Recovery classification (SVM)', source: [splitId, gridId, evalId, importanceId].filter(Boolean).join(', '), text: sentences.join(' ') });
  }

  if (lstmIds.length) {
    const ps = lstmIds.map((id) => paramsOf(manifest, id));
    const p0 = ps[0]!;
    const splitCell = first('lstm-split');
    const sp = splitCell ? paramsOf(manifest, splitCell) : p0;
    const lp = resolveLstmParams((p0.subset as 'all' | 'persistent') ?? 'all', obj(p0.lstm));
    const lpPersistent = resolveLstmParams('persistent', obj(ps.find((p) => p.subset === 'persistent')?.lstm));
    const models = [...new Set(ps.map((p) => String(p.model)))].sort();
    const sentences = [
      `The later grade was predicted with ${models.length === 1 ? 'an LSTM model' : `${models.length} LSTM models`} (${models.map((m) => `${u(m)}: sex, age, ${MODEL_DESCRIPTIONS[m as keyof typeof MODEL_DESCRIPTIONS] ?? u(m)}`).join('; ')}) on the four-step sequence of day offsets and grades of each regression sample (the outcome step’s grade unknown).`,
      `The network had stacked LSTM layers of ${u(lp.units.join(', '))} units, each followed by dropout (rate ${u(lp.dropout)}) and batch normalization, then a one-unit dense output; it was trained with Adam (learning rate ${u(lp.learningRate)}), batch size ${u(lp.batchSize)} (persistent subset ${u(lpPersistent.batchSize)}), at most ${u(lp.maxEpochs)} epochs, early stopping on a ${Math.round(lp.validationFraction * 100)}% validation share (patience ${u(lp.earlyStoppingPatience)}, persistent subset ${u(lpPersistent.earlyStoppingPatience)}) and learning-rate reduction on plateau (factor ${u(lp.plateauFactor)}, patience ${u(lp.plateauPatience)}).`,
      `Samples were split ${splitPhrase(sp.split as 'samples' | 'grouped', Number(sp.testFraction), Number(sp.splitSeed), 'samples')}, once per subset, all models of a subset sharing the split. Each model was compared with the last grade carried forward and an ordinary least-squares regression on the same features; errors (RMSE, MSE, MAE) have percentile 95% CIs from ${u(p0.bootstrapResamples)} bootstrap resamples and p-values from a paired t-test of actual against predicted grades.`,
    ];
    sections.push({ heading: 'Grade regression (LSTM)', source: [splitCell, ...lstmIds].filter(Boolean).join(', '), text: sentences.join(' ') });
  }

  const versions = obj(manifest.versions);
  const software = Object.entries(versions)
    .filter(([k]) => k !== 'browser')
    .map(([k, v]) => `${k === 'workbench' ? 'Facial Palsy Prognosis Workbench' : k === 'node' ? 'Node.js' : u(k)} ${u(v)}`)
    .join(', ');
  sections.push({
    heading: 'Software and reproducibility',
    source: 'manifest',
    text: `The analysis ran in ${software || 'the workbench'}${manifest.backend ? ` (${u(manifest.backend)})` : ''}, notebook ${u(obj(manifest.notebook).id)}${manifest.profile ? `, profile ${u(manifest.profile)}` : ''}, with seed ${u(manifest.seed)} for every random step; the input file ${u(data.name ?? '')} has SHA-256 ${u(data.sha256)}.${modelFilesSentence(manifest, u)}`,
  });
  return sections;
}

/** What the run wrote as model files (cli/reproduce.ts), so the text never claims more. */
function modelFilesSentence(manifest: Json, u: (v: unknown) => string): string {
  const cells = Object.entries(obj(manifest.cells)).map(([id, c]) => [id, obj(c).kind] as const);
  const prognosis = cells.filter(([, k]) => k === 'prognosis-model').map(([id]) => `models/${u(id)}.json`);
  const external = cells.filter(([, k]) => k === 'external-validation').map(([id]) => `models/${u(id)}-intercept-recalibrated.json and models/${u(id)}-logistic-recalibrated.json (each where the validation data allow the update)`);
  const files = [...prognosis, ...external];
  return files.length ? ` Model files written with the run (versioned schema, no patient rows): ${files.join(', ')}.` : ' The fitted models are not written as files by this run.';
}

export function methodsMarkdown(manifest: Json): string {
  const lines = ['# Methods', '', '_Written from the run manifest: every number below is a setting or count of this run._', ''];
  for (const s of methodsSections(manifest, markdownText)) lines.push(`**${s.heading}.** ${s.text}`, '');
  return `${lines.join('\n').trimEnd()}\n`;
}

export function methodsLatex(manifest: Json): string {
  const body = methodsSections(manifest).map((s) => `\\paragraph{${latexText(s.heading)}.} ${latexText(s.text)}`);
  return `${['\\section*{Methods}', ...body].join('\n\n')}\n`;
}
