'use client';
import { createContext, useContext, useId, useState } from 'react';
import { registry } from '@/lib/cells';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import { cellModelFiles, modelFileText } from '@/lib/models/run-models';
import { downloadText } from '@/components/notebook/download';
import { packageVersions } from '@/components/notebook/export-all';

/** What a model file records about its run, as the notebook page knows it (NotebookView provides it). */
export interface ModelSource {
  notebook: Notebook;
  dataSha256: string;
  /** A cell's current output (the LR baseline's file takes its scaler from the split step). */
  outputOf: (cellId: string) => unknown;
}
export const ModelSourceContext = createContext<ModelSource | undefined>(undefined);

async function save(source: ModelSource, cellId: string, includeSupportVectors: boolean) {
  const workbench = (await packageVersions()).workbench ?? 'unknown';
  // As the prognosis model's download: stamped with when and by which workbench it was saved.
  const files = cellModelFiles(source.notebook, registry, cellId, source.outputOf, { dataSha256: source.dataSha256, createdAt: new Date().toISOString(), workbench, includeSupportVectors });
  for (const f of files) downloadText(modelFileText(f.model), f.fileName, 'application/json');
  return files.length;
}

/**
 * "Download model" in the SVM evaluation, LR baseline and LSTM steps: the step's trained model(s)
 * as model files (docs/model-file.schema.json). The SVM has two choices: without its support
 * vectors (no training rows, cannot predict) or with them, behind a checkbox that says the file
 * then contains patients' rows.
 */
export function WindowModelDownload({ cellId, kind }: { cellId: string | undefined; kind: 'svm' | 'logistic' | 'lstm' }) {
  const source = useContext(ModelSourceContext);
  const [confirmed, setConfirmed] = useState(false);
  const [status, setStatus] = useState('');
  const id = useId();
  if (!source || !cellId) return null;
  const run = (withRows: boolean) =>
    void save(source, cellId, withRows).then(
      (n) => setStatus(n ? `Saved ${n} model file${n > 1 ? 's' : ''} (${cellId}.json${n > 1 ? `, ${cellId}-persistent.json` : ''}).` : 'This step has no model to save (not estimable, or not run yet).'),
      (err: Error) => setStatus(`The model file could not be written: ${err.message}`),
    );
  const files = kind === 'lstm' ? `${cellId}.json` : `${cellId}.json (all subjects) and ${cellId}-persistent.json`;
  return (
    <div className="model-download" role="group" aria-label="Download model" data-testid={`download-model-${cellId}`}>
      {kind === 'svm' ? (
        <>
          <div className="toolbar">
            <button type="button" className="button" data-testid="download-svm-model" onClick={() => run(false)}>
              Download model without training rows (cannot predict)
            </button>
            <button type="button" className="button" data-testid="download-svm-model-rows" disabled={!confirmed} aria-describedby={`${id}-rows`} onClick={() => run(true)}>
              Download model with support vectors (contains training rows)
            </button>
          </div>
          <p className="cell-meta" id={`${id}-rows`}>
            <label>
              <input type="checkbox" checked={confirmed} onChange={(e) => setConfirmed(e.target.checked)} data-testid="confirm-svm-rows" /> I understand that the file with support vectors contains patients’ rows: the standardized
              windows (age, sex, comorbidities, visit days and grades) of development patients. Share it only where those data may go.
            </label>
          </p>
          <p className="cell-meta">
            Files {files}: C, γ, the scaler, the features and the Platt sigmoid; an SVM predicts only with its support vectors. Apply with <code>npm run predict</code>.
          </p>
        </>
      ) : (
        <div className="toolbar">
          <button type="button" className="button" data-testid={`download-${kind}-model`} onClick={() => run(false)}>
            Download model ({files})
          </button>
          <span className="cell-meta">{kind === 'lstm' ? 'Weights (seed 1), scaler and input encoding' : 'Coefficients on the standardized features and the scaler'}; no patient rows. Apply with <code>npm run predict</code>.</span>
        </div>
      )}
      <span className="cell-meta" role="status" aria-live="polite">
        {status}
      </span>
    </div>
  );
}
