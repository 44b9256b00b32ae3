'use client';
import { CITATION_LABELS, CITATIONS, type CitationKey } from '@/lib/teaching/clinical-facts';

/** A statement's source, printed next to it; the full reference on hover and for screen readers. */
export function Cite({ k }: { k: CitationKey }) {
  return (
    <cite className="teaching-cite" title={CITATIONS[k]}>
      [{CITATION_LABELS[k]}]<span className="visually-hidden"> {CITATIONS[k]}</span>
    </cite>
  );
}
