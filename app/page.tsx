import Link from 'next/link';
import { notebooks } from '@/notebooks';

export default function GalleryPage() {
  return (
    <>
      <h1>Notebooks</h1>
      <p className="banner privacy">
        Everything runs in this browser tab: files you open are read locally and are never uploaded.
      </p>
      <div className="gallery">
        {notebooks.map((nb) => (
          <article className="card" key={nb.id} data-testid={`notebook-card-${nb.id}`}>
            {nb.presentation === 'teaching' && <span className="tag teaching-tag">Teaching notebook</span>}
            <h2>{nb.title}</h2>
            <p>{nb.description}</p>
            <span className="meta">
              {nb.presentation === 'teaching' ? 'For teaching residents; educational, not for decisions about an individual patient' : `${nb.cells.filter((c) => c.kind !== 'markdown').length} analysis steps`}
            </span>
            <Link className="open button primary" href={`/notebooks/${nb.id}`}>
              Open
            </Link>
          </article>
        ))}
      </div>
    </>
  );
}
