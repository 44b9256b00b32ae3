/** The page's notebook session (notebook-session.ts) and the types views render. */
export { NotebookSession } from './notebook-session';
export { BUNDLED_DATA, dataSource, dataSourceAsync, ownDataMessage } from './data-files';
export type { DataInfo, EditsSnapshot, LiveRun, MessageAction, PendingTrust, RunBatch, SessionMessage, SessionSnapshot } from './snapshot';
