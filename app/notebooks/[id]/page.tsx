import { notFound } from 'next/navigation';
import { findNotebook, notebooks } from '@/notebooks';
import { NotebookView } from '@/components/notebook/NotebookView';
import { NotebookErrorBoundary } from '@/components/notebook/RecoveryPanel';

export function generateStaticParams() {
  return notebooks.map((nb) => ({ id: nb.id }));
}

export default async function NotebookPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const notebook = findNotebook(id);
  if (!notebook) notFound();
  return (
    <NotebookErrorBoundary notebookId={notebook.id}>
      <NotebookView notebook={notebook} />
    </NotebookErrorBoundary>
  );
}
