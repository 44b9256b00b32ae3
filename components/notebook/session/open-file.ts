import type { openNotebookFile } from '../notebook-file';
import { BUNDLED_DATA } from './data-files';
import type { DataInfo, MessageAction, SessionMessage } from './snapshot';

/** A notebook file read and checked by "Open notebook…" (schema, kinds, wiring, profile, hidden steps). */
export type OpenedFile = ReturnType<typeof openNotebookFile>;

/**
 * What the page says once a notebook file is open: nothing when it was saved with the data now
 * loaded; otherwise a warning (not an error: the parameters still apply) with the next steps,
 * the data it was saved with (the bundled cohort, or the user's file by name).
 */
export function openedFileMessage(opened: Pick<OpenedFile, 'dataWarning' | 'data'>, current: DataInfo | undefined): SessionMessage | undefined {
  const warning = opened.dataWarning(current?.sha256);
  if (!warning) return undefined;
  const actions: MessageAction[] = [];
  if (opened.data?.name === BUNDLED_DATA.name && !current?.isBundled) actions.push({ kind: 'use-bundled' });
  else if (opened.data) {
    actions.push({ kind: 'open-data', name: opened.data.name });
    if (!current?.isBundled) actions.push({ kind: 'use-bundled' });
  }
  return { kind: 'warning', text: warning, actions };
}
