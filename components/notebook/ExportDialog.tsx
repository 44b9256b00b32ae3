'use client';
import { useEffect, useId, useMemo, useRef, useState, type CSSProperties } from 'react';
import { registry } from '@/lib/cells';
import { MAX_FIGURE_HEIGHT_MM } from '@/lib/figures/compose-figure';
import { WIDTH_PRESETS_MM } from '@/lib/figures/theme';
import type { NotebookState } from '@/lib/notebook/state';
import { FIGURE_FORMATS, type FigureFormat } from '@/lib/report/export-files';
import { downloadBlob } from './download';
import { askedWidthMm, exportedFigures, planFigure, planWidths, prefillChoices, readPageChoices, type ExportChoices, type FigurePlan, type PageFigureChoice, type WidthChoice } from './export-all';
import type { NotebookSession, SessionSnapshot } from './session';

/** The last export's choices in this page: the dialog opens with its formats (width and dpi come from the figures). */
let lastChoices: ExportChoices | undefined;

const FORMAT_LABELS: Record<FigureFormat, string> = { svg: 'SVG (vector)', pdf: 'PDF (vector)', png: 'PNG', tiff: 'TIFF (LZW)' };

/**
 * The toolbar's "Export all…": opens the export dialog; the zip is made with the choices
 * made there (figure width, dpi, formats) and saved as `fileName`. `exporting` is the
 * toolbar's state (its other export buttons wait while a zip is made).
 */
export function ExportAllButton({
  session,
  snapshot,
  fileName,
  exporting,
  onExporting,
}: {
  session: NotebookSession | null;
  snapshot: SessionSnapshot;
  fileName: string;
  exporting: boolean;
  onExporting: (busy: boolean) => void;
}) {
  const [open, setOpen] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const { state, data } = snapshot;
  const close = () => {
    setOpen(false);
    trigger.current?.focus();
  };
  const run = async (choices: ExportChoices, widths: Map<string, number | undefined>) => {
    close();
    if (!session) return;
    onExporting(true);
    try {
      const zip = await session.exportAll({ dpi: choices.dpi, formats: choices.formats, figureWidths: widths });
      downloadBlob(zip, fileName);
    } catch (err) {
      session.showMessage({ kind: 'error', text: `Export failed: ${(err as Error).message}` });
    } finally {
      onExporting(false);
    }
  };
  return (
    <>
      <button ref={trigger} type="button" className="button" data-testid="export-all" aria-haspopup="dialog" disabled={!state || !data || exporting} onClick={() => setOpen(true)}>
        {exporting ? 'Exporting…' : 'Export all…'}
      </button>
      {open && state && <ExportDialog state={state} onCancel={close} onExport={(c, w) => void run(c, w)} />}
    </>
  );
}

const dialogStyle: CSSProperties = { maxWidth: '34rem', width: 'calc(100% - 2rem)', border: '1px solid var(--line)', borderRadius: 8, padding: '1rem 1.25rem' };
const fieldsetStyle: CSSProperties = { border: 'none', padding: 0, margin: '0 0 0.8rem', display: 'flex', flexDirection: 'column', gap: '0.2rem' };

/**
 * The choices of an export, in a modal `<dialog>` (focus stays inside, Escape cancels, focus
 * returns to the button): figure width (each figure's own, as chosen on each figure, 89 mm or
 * 183 mm; a figure taller than 170 mm at its width at 183 mm), dpi and figure formats. Opens
 * with the choices made on the page's figures.
 */
export function ExportDialog({ state, onCancel, onExport }: { state: NotebookState; onCancel: () => void; onExport: (choices: ExportChoices, widths: Map<string, number | undefined>) => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  // The figures of the fresh cells: drawn again only when a result changes, not at every progress message.
  const latest = useRef(state);
  latest.current = state;
  const freshKey = Object.entries(state.cells)
    .map(([id, c]) => (c.status === 'fresh' ? `${id}:${c.key}` : ''))
    .join('|');
  const figures = useMemo(() => exportedFigures(latest.current, registry), [freshKey]);
  // Read once, as the page stands when the dialog opens.
  const [page] = useState<Map<string, PageFigureChoice>>(() => (typeof document === 'undefined' ? new Map() : readPageChoices(document)));
  const [choices, setChoices] = useState<ExportChoices>(() => prefillChoices(page, figures.map((f) => f.name), lastChoices));
  const [plans, setPlans] = useState<FigurePlan[] | undefined>();
  const pageWidths = figures.some((f) => page.get(f.name)?.widthMm !== undefined);

  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (!dialog.open) {
      if (typeof dialog.showModal === 'function') dialog.showModal();
      else dialog.setAttribute('open', '');
      // The focus on the width chosen, rather than on the first option.
      dialog.querySelector<HTMLInputElement>('input[type="radio"]:checked')?.focus();
    }
    // Escape (the dialog's cancel) and Cancel both end here.
    const closed = () => onCancel();
    dialog.addEventListener('close', closed);
    return () => dialog.removeEventListener('close', closed);
  }, [onCancel]);

  // Where each figure goes: measured one figure at a time, so the dialog stays responsive.
  const { width, twoColumnWhenTall } = choices;
  useEffect(() => {
    let cancelled = false;
    setPlans(undefined);
    void (async () => {
      const out: FigurePlan[] = [];
      for (const figure of figures) {
        if (cancelled) return;
        try {
          out.push(planFigure(figure, { width, twoColumnWhenTall }, page, document));
        } catch {
          out.push({ name: figure.name, widthMm: askedWidthMm(figure.name, { width }, page) }); // drawn (and its failure reported) by the export
        }
        if (twoColumnWhenTall) await new Promise((r) => setTimeout(r, 0));
      }
      if (!cancelled) setPlans(out);
    })();
    return () => {
      cancelled = true;
    };
  }, [figures, page, width, twoColumnWhenTall]);

  const set = (patch: Partial<ExportChoices>) => setChoices((c) => ({ ...c, ...patch }));
  const tall = plans?.filter((p) => p.tall) ?? [];
  const widthOptions: [WidthChoice, string][] = [
    ['default', 'Each figure’s own width'],
    ...(pageWidths ? [['page', 'As chosen on each figure'] as [WidthChoice, string]] : []),
    [WIDTH_PRESETS_MM.single, `Single column (${WIDTH_PRESETS_MM.single} mm)`],
    [WIDTH_PRESETS_MM.double, `Double column (${WIDTH_PRESETS_MM.double} mm)`],
  ];
  const submit = () => {
    if (!plans) return;
    lastChoices = choices;
    onExport(choices, planWidths(plans));
  };

  return (
    <dialog ref={ref} aria-labelledby={`${id}-title`} aria-describedby={`${id}-what`} data-testid="export-dialog" style={dialogStyle}>
      <form
        method="dialog"
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id={`${id}-title`} style={{ marginTop: 0 }}>
          Export all
        </h2>
        <p className="cell-meta" id={`${id}-what`}>
          One zip: the manifest, every table, the figures, the methods and the TRIPOD+AI and PROBAST+AI checklists.
        </p>
        <fieldset style={fieldsetStyle} className="field">
          <legend>Figure width</legend>
          {widthOptions.map(([value, label]) => (
            <label key={String(value)}>
              <input type="radio" name={`${id}-width`} value={String(value)} checked={choices.width === value} onChange={() => set({ width: value })} data-testid={`export-width-${value}`} /> {label}
            </label>
          ))}
          <label>
            <input type="checkbox" checked={choices.twoColumnWhenTall} onChange={(e) => set({ twoColumnWhenTall: e.target.checked })} data-testid="export-two-column" /> Double column ({WIDTH_PRESETS_MM.double} mm) for a figure taller than {MAX_FIGURE_HEIGHT_MM} mm at that width
          </label>
          <small aria-live="polite" data-testid="export-tall-figures">
            {!plans
              ? 'Checking figure heights…'
              : tall.length
                ? `At ${WIDTH_PRESETS_MM.double} mm: ${tall.map((p) => `${p.name} (${Math.round(p.tall!.heightMm)} mm tall at ${p.tall!.askedMm ? `${p.tall!.askedMm} mm` : 'its own width'})`).join(', ')}.`
                : ''}
          </small>
        </fieldset>
        <fieldset style={fieldsetStyle} className="field">
          <legend>Resolution of PNG and TIFF</legend>
          {([300, 600] as const).map((dpi) => (
            <label key={dpi}>
              <input type="radio" name={`${id}-dpi`} value={dpi} checked={choices.dpi === dpi} onChange={() => set({ dpi })} data-testid={`export-dpi-${dpi}`} /> {dpi} dpi
            </label>
          ))}
        </fieldset>
        <fieldset style={fieldsetStyle} className="field">
          <legend>Figure formats</legend>
          {FIGURE_FORMATS.map((f) => (
            <label key={f}>
              <input
                type="checkbox"
                checked={choices.formats.includes(f)}
                onChange={(e) => set({ formats: FIGURE_FORMATS.filter((g) => (g === f ? e.target.checked : choices.formats.includes(g))) })}
                data-testid={`export-format-${f}`}
              />{' '}
              {FORMAT_LABELS[f]}
            </label>
          ))}
          {choices.formats.length === 0 && <small>No figure files: tables and report only.</small>}
        </fieldset>
        <div style={{ display: 'flex', gap: '0.5rem', justifyContent: 'flex-end' }}>
          <button type="button" className="button" onClick={() => ref.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="button primary" disabled={!plans} data-testid="export-all-confirm">
            Export
          </button>
        </div>
      </form>
    </dialog>
  );
}
