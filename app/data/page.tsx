import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Metadata } from 'next';
import Link from 'next/link';
import { Markdown } from '@/components/notebook/Markdown';

export const metadata: Metadata = { title: 'The synthetic cohort · Facial Palsy Prognosis Workbench' };

/**
 * How the bundled cohort was made, as a page of the app: the banner of every notebook links
 * here. The text is data/README.md itself (read when the site is built), so the page and the
 * repository never tell two stories.
 */
export default function SyntheticDataPage() {
  const text = readFileSync(join(process.cwd(), 'data', 'README.md'), 'utf8');
  return (
    <article className="data-page">
      <p className="cell-meta">
        <Link href="/">← Notebooks</Link> · Download the files:{' '}
        <a href="/data/synthetic-cohort.csv" download>
          synthetic-cohort.csv
        </a>
        ,{' '}
        <a href="/data/messy-emr-example.csv" download>
          messy-emr-example.csv
        </a>
      </p>
      <Markdown text={text} headingOffset={0} />
    </article>
  );
}
