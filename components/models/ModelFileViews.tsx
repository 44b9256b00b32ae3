'use client';
import { useState } from 'react';
import type { ExternalCellOutput } from '@/lib/cells/external-validation';
import { WindowValidationView } from './WindowValidationView';
import type { LoadedModel } from '@/lib/cells/load-model';
import type { PrognosisOutput } from '@/lib/cells/prognosis-model';
import { saveModel } from './save-model';

/** The prognosis step: its model as a file to take away (no patient rows in it). */
export function PrognosisModelView({ output }: { output: PrognosisOutput }) {
  return (
    <div className="toolbar" role="group" aria-label="Model file">
      <button type="button" className="button" data-testid="download-prognosis-model" onClick={() => void saveModel(output.model, 'prognosis.json')}>
        Download the model file (prognosis.json)
      </button>
      <span className="cell-meta">
        Coefficients, bootstrap sets, development ranges and case mix; no patient rows. Apply it with <code>npm run predict</code> or the external-validation notebook.
      </span>
    </div>
  );
}

/** Open a model: the file's text becomes the step's parameter (the runtime checks it in a worker). */
export function OpenModelView({ output, params, onParamsReplace, updating }: { output: LoadedModel | undefined; params: Record<string, unknown>; onParamsReplace: (p: Record<string, unknown>) => void; updating: boolean }) {
  const [readError, setReadError] = useState<string>();
  const name = typeof params.name === 'string' ? params.name : '';
  return (
    <div className="open-model" data-testid="open-model">
      <label className="button primary">
        Open a model file…
        <input
          className="visually-hidden"
          type="file"
          accept=".json,application/json"
          data-testid="model-upload"
          onChange={(e) => {
            const file = e.target.files?.[0];
            e.target.value = '';
            if (!file) return;
            if (file.size > 20 * 1024 * 1024) return setReadError(`${file.name} is ${(file.size / 1048576).toFixed(0)} MB: the model files the workbench writes are a few MB at most; this is not one.`);
            setReadError(undefined);
            file.text().then(
              (json) => onParamsReplace({ name: file.name, json }),
              (err: Error) => setReadError(`${file.name} could not be read: ${err.message}`),
            );
          }}
        />
      </label>{' '}
      <span className="cell-meta" role="status" aria-live="polite">
        {updating ? `Reading ${name}…` : output ? `Opened ${output.name} (SHA-256 ${output.sha256.slice(0, 12)}…): ${output.summary}.` : name ? '' : 'No model opened yet.'}
      </span>
      {readError && (
        <p className="error-box" role="alert">
          {readError}
        </p>
      )}
    </div>
  );
}

/** External validation: what the tables and figures do not say, and the updated models to download. */
export function ExternalView({ output }: { output: ExternalCellOutput }) {
  if (output.target === 'window') return <WindowValidationView output={output} base={(output.modelName || 'model.json').replace(/\.json$/i, '')} testId="external-validation" />;
  const base = (output.modelName || 'prognosis.json').replace(/\.json$/i, '');
  return (
    <div className="external" data-testid="external-validation">
      {output.sameData && (
        <p className="warning-box" role="note" data-testid="external-same-data">
          These are the model’s own development data (same SHA-256): this is not an external validation. Load another clinic’s file.
        </p>
      )}
      <p>
        {output.validation.patients} patients predicted at their last visit by day 30; {output.validation.knownStatus} with a known status at day {output.horizonDay}.{' '}
        {output.notPredicted.length > 0 && <>Not predicted: {output.notPredicted.map((r) => `${r.patients} ${r.reason}`).join('; ')}.</>}
      </p>
      {output.outsideRange.patients > 0 && (
        <p data-testid="external-outside-range">
          {output.outsideRange.patients} patients ({(output.outsideRange.share * 100).toFixed(1)}%) have an input outside the development data: {output.outsideRange.byInput.map((b) => `${b.input} (${b.patients})`).join(', ')}.
        </p>
      )}
      <h3>Is this sample big enough?</h3>
      {output.sampleSize.result ? (
        <p data-testid="external-sample-size">
          Riley et al. 2021’s criteria ask for {output.sampleSize.result.final.n.toLocaleString('en')} patients with a known status ({output.sampleSize.result.final.drivenBy} criterion; {output.sampleSize.result.criteria.map((c) => `${c.name} ${c.n.toLocaleString('en')}`).join(', ')}); this cohort has {output.sampleSize.available.toLocaleString('en')}
          {output.sampleSize.adequate ? ': enough.' : ': too few, so read every interval here as wide as it is.'} Assumed: {output.sampleSize.assumptions}.
        </p>
      ) : (
        <p className="cell-meta">{output.sampleSize.problem}</p>
      )}
      <h3>Updated models</h3>
      {output.updated.problem && <p className="cell-meta">{output.updated.problem}</p>}
      <div className="toolbar" role="group" aria-label="Recalibrated models">
        {output.updated.intercept && (
          <button type="button" className="button" data-testid="download-intercept-model" onClick={() => void saveModel(output.updated.intercept!, `${base}-intercept-recalibrated.json`)}>
            Intercept recalibration (a = {output.updated.intercept.updates!.at(-1)!.intercept.toFixed(2)})
          </button>
        )}
        {output.updated.logistic && (
          <button type="button" className="button" data-testid="download-logistic-model" onClick={() => void saveModel(output.updated.logistic!, `${base}-logistic-recalibrated.json`)}>
            Logistic recalibration (a = {output.updated.logistic.updates!.at(-1)!.intercept.toFixed(2)}, b = {output.updated.logistic.updates!.at(-1)!.slope.toFixed(2)})
          </button>
        )}
      </div>
      <p className="cell-meta">Each file records the update and the SHA-256 of these data; its intervals do not include the update’s own uncertainty.</p>
    </div>
  );
}
