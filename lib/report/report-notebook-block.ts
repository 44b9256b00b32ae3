/**
 * The saved notebook inside an HTML report: a `<script type="application/json" id="notebook">`
 * data block (never run), written by lib/report/html-report.ts and read back by "Open
 * notebook…" (components/notebook/notebook-file.ts), so a report reopens as the recipe it shows.
 */
export const NOTEBOOK_BLOCK_ID = 'notebook';

/** The notebook file's text in a report's data block, or undefined when the text holds none. */
export function reportNotebookText(html: string): string | undefined {
  const m = new RegExp(`<script type="application/json" id="${NOTEBOOK_BLOCK_ID}">([\\s\\S]*?)</script>`).exec(html);
  return m ? m[1]!.trim() : undefined;
}
