'use client';
import { useParams } from 'next/navigation';
import { useEffect } from 'react';
import { setAsideSession } from '@/components/notebook/local-store';
import { RecoveryPanel } from '@/components/notebook/RecoveryPanel';

/** The route's last resort (an error outside the notebook's own boundary): the same ways out. */
export default function NotebookError({ error }: { error: Error & { digest?: string } }) {
  const params = useParams<{ id: string }>();
  const id = params?.id ?? '';
  useEffect(() => {
    if (id) void setAsideSession(id, `the page failed while showing it (${error.message})`).catch(() => undefined);
  }, [id, error]);
  return <RecoveryPanel notebookId={id} error={error} />;
}
