'use client';
import { useEffect, useId, useMemo, useState } from 'react';
import type { FileInspection } from '@/lib/data/inspect-file';
import { loadCohort, loadCohortParamsSchema, type LoadCohortParams, type LoadedCohort } from '@/lib/cells/load-cohort';
import { CANONICAL_COLUMNS, type CanonicalColumn, type ColumnMapping } from '@/lib/data/types';
import type { DataSource, Progress } from '@/lib/notebook/define-cell';
import { LoadCohortView } from '@/components/cells/LoadCohortView';
import { checkingText } from './check-progress';
import { ColumnChooser, ColumnList, PREVIEW_COLUMNS } from './ColumnChooser';
import { downloadText } from './download';
import type { NotebookSession } from './session';
import { ValueMapControl, type ValueMaps } from './ValueMapControl';

/** What the user settled on for a file: the load step's parameters. */
export type UploadSettings = Pick<LoadCohortParams, 'mapping' | 'dateFormat' | 'sheet' | 'valueMaps'>;

type DateFormatChoice = LoadCohortParams['dateFormat'];

const COLUMN_HELP: Record<CanonicalColumn, string> = {
  patient_id: 'one id per patient, repeated on each visit',
  sex: 'M/F, male/female',
  age: 'years at onset',
  birth_date: 'used for age when age is missing',
  diabetes: 'yes/no, 1/0',
  hypertension: 'yes/no, 1/0',
  onset_date: 'day 0 of the course',
  treatment_start_date: 'steroid start; gives delayed treatment',
  delayed_treatment: 'steroid > 7 days after onset (yes/no)',
  visit_date: 'date of the graded visit',
  hb_grade: 'House–Brackmann I–VI (ranges such as III-IV allowed)',
  site: 'hospital or centre',
  diagnosis: 'kept for reference',
};

const DATE_FORMAT_LABEL: Record<Exclude<DateFormatChoice, 'auto'>, string> = {
  iso: 'yyyy-mm-dd (ISO)',
  'dd/mm/yyyy': 'dd/mm/yyyy (day first)',
  'mm/dd/yyyy': 'mm/dd/yyyy (month first)',
  'yyyy.mm.dd': 'yyyy.mm.dd',
  'excel-serial': 'Excel serial day numbers',
};

type Step =
  | { step: 'inspecting' }
  | { step: 'mapping'; error?: string }
  | { step: 'checking'; progress?: Progress }
  | { step: 'report'; output: LoadedCohort };

/**
 * The upload of a file: a suggested column mapping the user can change (the date format asked
 * when the file does not decide it), then the validation report, then "Use this data". Nothing
 * changes in the notebook until the user confirms. Reading and validating run in a worker.
 */
export function UploadFlow({
  source,
  session,
  onConfirm,
  onCancel,
}: {
  source: DataSource;
  session: NotebookSession;
  onConfirm: (settings: UploadSettings) => void;
  onCancel: () => void;
}) {
  const [state, setState] = useState<Step>({ step: 'inspecting' });
  const [inspection, setInspection] = useState<FileInspection>();
  const [inspectError, setInspectError] = useState<string>();
  const [sheet, setSheet] = useState<string>();
  const [mapping, setMapping] = useState<ColumnMapping>({});
  const [dateFormat, setDateFormat] = useState<DateFormatChoice | ''>('auto');
  const [valueMaps, setValueMaps] = useState<ValueMaps>({});
  const headingId = useId();
  const columnListId = useId();
  const previewHeaders = useMemo(() => inspection?.headers.slice(0, PREVIEW_COLUMNS) ?? [], [inspection]);

  // Read the file's columns (again when another sheet is chosen).
  useEffect(() => {
    const controller = new AbortController();
    setState({ step: 'inspecting' });
    session
      .inspect(source, { sheet }, controller.signal)
      .then((result) => {
        if (controller.signal.aborted) return;
        setInspection(result);
        setInspectError(undefined);
        setMapping(result.suggestion.mapping);
        setValueMaps({});
        // Ask for the date format when the file does not decide it.
        setDateFormat(result.dates.ambiguous ? '' : 'auto');
        setState({ step: 'mapping' });
      })
      .catch((err: Error) => {
        if (controller.signal.aborted) return;
        setInspectError(err.message);
        setState({ step: 'mapping' });
      });
    return () => controller.abort();
  }, [session, source, sheet]);

  const missingRequired = useMemo(() => (inspection ? inspection.required.filter((c) => !mapping[c as CanonicalColumn]) : []), [inspection, mapping]);
  const usedTwice = useMemo(() => {
    const seen = new Map<string, CanonicalColumn[]>();
    for (const [column, header] of Object.entries(mapping) as [CanonicalColumn, string][]) seen.set(header, [...(seen.get(header) ?? []), column]);
    return [...seen.entries()].filter(([, columns]) => columns.length > 1);
  }, [mapping]);

  // Value maps of columns still mapped (a map describes the values of the column it was made for).
  const settings = (): UploadSettings => {
    const maps = Object.fromEntries(Object.entries(valueMaps).filter(([field, map]) => mapping[field as CanonicalColumn] && Object.keys(map).length > 0));
    return { mapping, dateFormat: dateFormat || 'auto', ...(sheet ? { sheet } : {}), ...(Object.keys(maps).length ? { valueMaps: maps } : {}) };
  };

  const check = async () => {
    setState({ step: 'checking' });
    try {
      // Checked as the notebook's load step will read it, and cached under that step's key:
      // "Use this data" then reads nothing again.
      const output = await session.check(source, settings(), undefined, (progress) => setState({ step: 'checking', progress }));
      setState({ step: 'report', output });
    } catch (err) {
      setState({ step: 'mapping', error: (err as Error).message });
    }
  };

  const canCheck = inspection && missingRequired.length === 0 && usedTwice.length === 0 && dateFormat !== '' && state.step === 'mapping';
  return (
    <section className="upload-flow" aria-labelledby={headingId} data-testid="upload-flow">
      <div className="upload-head">
        <h2 id={headingId}>Your file: {source.name}</h2>
        <span className="cell-meta">
          Read in this tab only. {inspection ? `${inspection.rowCount} rows, ${inspection.headers.length} columns${inspection.sheet ? `, sheet “${inspection.sheet}”` : ''}.` : ''}
        </span>
        <button type="button" className="button" onClick={onCancel} data-testid="upload-cancel">
          Cancel
        </button>
      </div>
      <ol className="steps" aria-label="Upload steps">
        <li aria-current={state.step === 'mapping' || state.step === 'inspecting' ? 'step' : undefined}>1. Map columns</li>
        <li aria-current={state.step === 'checking' || state.step === 'report' ? 'step' : undefined}>2. Check rows</li>
        <li>3. Use the data</li>
      </ol>
      {state.step === 'inspecting' && <p className="cell-meta">Reading the file…</p>}
      {inspectError && (
        <div className="error-box" role="alert">
          {inspectError}
        </div>
      )}
      {inspection && (state.step === 'mapping' || state.step === 'checking') && (
        <div data-testid="mapping-step">
          {inspection.sheetNames && inspection.sheetNames.length > 1 && (
            <label className="field inline">
              <span>Sheet</span>
              <select data-testid="sheet" value={sheet ?? inspection.sheet} onChange={(e) => setSheet(e.target.value)}>
                {inspection.sheetNames.map((s) => (
                  <option key={s}>{s}</option>
                ))}
              </select>
            </label>
          )}
          <p className="cell-meta">
            Each of our columns on the left is read from the column of your file chosen on the right. The suggestion comes from the column names; required
            columns are marked *.
          </p>
          <ColumnList id={columnListId} headers={inspection.headers} />
          <div className="mapping-grid">
            {CANONICAL_COLUMNS.map((column) => {
              const ambiguous = inspection.suggestion.ambiguous.find((a) => a.column === column);
              const required = inspection.required.includes(column);
              return (
                <label key={column} className="field">
                  <span>
                    {column}
                    {required && <abbr title="required"> *</abbr>}
                  </span>
                  <ColumnChooser
                    testId={`map-${column}`}
                    value={mapping[column] ?? ''}
                    headers={inspection.headers}
                    listId={columnListId}
                    placeholder={required ? '— choose a column —' : '— not in the file —'}
                    onChange={(header) => {
                      const next = { ...mapping };
                      if (header) next[column] = header;
                      else delete next[column];
                      setMapping(next);
                      // Another column of the file: the values mapped for the previous one do not apply.
                      if (valueMaps[column as keyof ValueMaps]) {
                        const { [column as keyof ValueMaps]: _dropped, ...rest } = valueMaps;
                        setValueMaps(rest);
                      }
                    }}
                  />
                  <small className={ambiguous && !mapping[column] ? 'field-error' : undefined}>
                    {ambiguous && !mapping[column] ? `More than one column could be this: ${ambiguous.candidates.map((c) => `“${c}”`).join(' or ')}.` : COLUMN_HELP[column]}
                  </small>
                </label>
              );
            })}
            <label className="field">
              <span>How dates are written</span>
              <select data-testid="date-format" value={dateFormat} onChange={(e) => setDateFormat(e.target.value as DateFormatChoice)} required>
                {inspection.dates.ambiguous ? <option value="">— choose —</option> : <option value="auto">as detected: {inspection.dates.format}</option>}
                {(Object.keys(DATE_FORMAT_LABEL) as (keyof typeof DATE_FORMAT_LABEL)[])
                  .filter((f) => !inspection.dates.ambiguous || inspection.dates.candidates.length === 0 || inspection.dates.candidates.includes(f))
                  .map((f) => (
                    <option key={f} value={f}>
                      {DATE_FORMAT_LABEL[f]}
                    </option>
                  ))}
              </select>
              <small className={inspection.dates.ambiguous && dateFormat === '' ? 'field-error' : undefined}>
                {inspection.dates.ambiguous ? `The file does not say: ${inspection.dates.reason}.` : `Detected: ${inspection.dates.evidence}.`}
              </small>
            </label>
          </div>
          <ValueMapControl inspection={inspection} mapping={mapping} valueMaps={valueMaps} onChange={setValueMaps} />
          {missingRequired.length > 0 && <p className="field-error" role="status">Required columns not chosen yet: {missingRequired.join(', ')}.</p>}
          {usedTwice.map(([header, columns]) => (
            <p key={header} className="field-error" role="status">
              “{header}” is chosen for {columns.join(' and ')}; a column of the file can be only one of ours.
            </p>
          ))}
          {state.step === 'mapping' && state.error && (
            <div className="error-box" role="alert">
              {state.error}
            </div>
          )}
          <details className="preview">
            <summary>First rows of the file</summary>
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Table (scrolls sideways)">
              <table className="data">
                <thead>
                  <tr>
                    {previewHeaders.map((h, i) => (
                      <th key={i} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {inspection.preview.map((row, r) => (
                    <tr key={r}>
                      {previewHeaders.map((_, i) => (
                        <td key={i}>{row[i] ?? ''}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            {inspection.headers.length > previewHeaders.length && (
              <p className="cell-meta">
                The first {previewHeaders.length} of the file&apos;s {inspection.headers.length.toLocaleString('en')} columns are shown.
              </p>
            )}
          </details>
          <div className="toolbar">
            <button type="button" className="button primary" data-testid="mapping-check" disabled={!canCheck} onClick={() => void check()}>
              {state.step === 'checking' ? 'Checking…' : 'Check every row'}
            </button>
            {state.step === 'checking' && (
              <span className="cell-meta" role="status" data-testid="check-progress">
                {checkingText(inspection.rowCount, state.progress)}
              </span>
            )}
          </div>
        </div>
      )}
      {state.step === 'report' && (
        <div data-testid="upload-report">
          <LoadCohortView output={state.output} />
          <div className="toolbar">
            <button
              type="button"
              className="button primary"
              data-testid="mapping-confirm"
              disabled={state.output.patients.length === 0}
              onClick={() => onConfirm(settings())}
            >
              Use this data ({state.output.patients.length.toLocaleString('en-US')} patients)
            </button>
            <button type="button" className="button" onClick={() => setState({ step: 'mapping' })}>
              Back to the mapping
            </button>
            {state.output.rejected.rows.length > 0 && (
              <button type="button" className="button" data-testid="download-rejected" onClick={() => downloadRejected(state.output, source.name)}>
                Download the {state.output.rejected.rows.length} rows not used (CSV)
              </button>
            )}
          </div>
          {state.output.patients.length === 0 && <p className="field-error">No patient has a valid row: check the mapping and the date format.</p>}
        </div>
      )}
    </section>
  );
}

function downloadRejected(output: LoadedCohort, fileName: string) {
  const artifact = loadCohort.artifacts?.(output, loadCohortParamsSchema.parse({}), {}).find((a) => a.type === 'table' && a.name === 'rejected_rows');
  if (artifact?.type !== 'table') return;
  downloadText(artifact.csv, `${fileName.replace(/\.[^.]+$/, '')}-rejected_rows.csv`, 'text/csv');
}
