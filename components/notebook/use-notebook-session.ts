'use client';
import { useEffect, useState, useSyncExternalStore } from 'react';
import type { Notebook } from '@/lib/notebook/notebook-schema';
import { NotebookSession, type SessionSnapshot } from './session';

const EMPTY: SessionSnapshot = { state: undefined, profile: undefined, data: undefined, message: undefined, timings: {}, batch: undefined, live: {}, storage: undefined };
const noop = () => () => {};

/**
 * The page's one session for a notebook: made when the page mounts (workers cannot exist on the
 * server), disposed when it unmounts. Returns the session (for its methods) and its snapshot.
 */
export function useNotebookSession(notebook: Notebook): { session: NotebookSession | null; snapshot: SessionSnapshot } {
  const [session, setSession] = useState<NotebookSession | null>(null);
  useEffect(() => {
    const s = new NotebookSession(notebook);
    setSession(s);
    void s.start();
    return () => s.dispose();
  }, [notebook]);
  const snapshot = useSyncExternalStore(session?.subscribe ?? noop, () => session?.snapshot ?? EMPTY, () => EMPTY);
  return { session, snapshot };
}
