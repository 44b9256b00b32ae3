'use client';
import type { WindowValidation } from '@/lib/models/external-window';
import { saveModel } from './save-model';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const KIND = { svm: 'RBF-SVM', logistic: 'logistic regression', lstm: 'LSTM' } as const;

/**
 * A window-level model's external or temporal validation: what the tables and figures do not say
 * (unit, who was not predicted, inputs outside the development data, sample size) and, for a
 * classifier, the recalibrated models to download.
 */
export function WindowValidationView({ output, base, testId }: { output: WindowValidation & { sameData?: boolean }; base: string; testId: string }) {
  const same = output.sameData === true;
  return (
    <div className="external" data-testid={testId}>
      {same && (
        <p className="warning-box" role="note" data-testid="external-same-data">
          These are the model’s own training data (same SHA-256): this is not an external validation. Load another clinic’s file.
        </p>
      )}
      <p>
        {KIND[output.modelKind]} of {output.subset === 'all' ? 'all subjects' : 'the persistent palsy subset'}, applied without refitting. Unit: {output.unit}.{' '}
        {output.kind === 'classifier' ? (
          <>
            {output.patients} patients ({output.windows} windows), {output.recovered} recovered.
          </>
        ) : (
          <>
            {output.samples} regression samples of {output.patients} patients. {output.linearFit.note[0]!.toUpperCase()}
            {output.linearFit.note.slice(1)}.
          </>
        )}{' '}
        {output.notPredicted.length > 0 && <>Not predicted: {output.notPredicted.map((r) => `${r.patients} ${r.reason}`).join('; ')}.</>}
      </p>
      {output.outsideRange === null ? (
        <p className="cell-meta">This model file carries no summary of its training data (written by an earlier version), so the case mix cannot be compared.</p>
      ) : (
        output.outsideRange.patients > 0 && (
          <p data-testid="external-outside-range">
            {output.outsideRange.patients} {output.outsideRange.patients === 1 ? 'patient' : 'patients'} ({pct(output.outsideRange.share)}) {output.outsideRange.patients === 1 ? 'has' : 'have'} a feature outside the training data’s range: {output.outsideRange.byFeature.map((b) => `${b.feature} (${b.patients})`).join(', ')}.
          </p>
        )
      )}
      {output.kind === 'classifier' && (
        <>
          {output.aucProblem && (
            <p className="warning-box" role="note" data-testid="validation-auc-problem">
              No AUC: {output.aucProblem}.
            </p>
          )}
          <h3>Is this sample big enough?</h3>
          {output.sampleSize.result ? (
            <p data-testid="external-sample-size">
              Riley et al. 2021’s criteria ask for {output.sampleSize.result.final.n.toLocaleString('en')} patients ({output.sampleSize.result.final.drivenBy} criterion; {output.sampleSize.result.criteria.map((c) => `${c.name} ${c.n.toLocaleString('en')}`).join(', ')}); these data have {output.sampleSize.available.toLocaleString('en')}
              {output.sampleSize.adequate ? ': enough.' : ': too few, so read every interval here as wide as it is.'} Assumed: {output.sampleSize.assumptions}.
            </p>
          ) : (
            <p className="cell-meta">
              {output.patients} patients, {output.patients - output.recovered} not recovered: Riley et al. 2021’s criteria cannot be computed here ({output.sampleSize.problem}), so read every estimate as very imprecise.
            </p>
          )}
          <h3>Updated models</h3>
          {output.updated.problem && <p className="cell-meta">{output.updated.problem[0]!.toUpperCase() + output.updated.problem.slice(1)}.</p>}
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
          {(output.updated.intercept || output.updated.logistic) && <p className="cell-meta">Each file is the same kind of model with its probability rescaled (logit P = a + b · logit P of the model); it records the update and the SHA-256 of these data. Its performance here is optimistic: it was fitted on these patients.</p>}
        </>
      )}
    </div>
  );
}
