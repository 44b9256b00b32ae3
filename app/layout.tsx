import type { Metadata, Viewport } from 'next';
import Link from 'next/link';
import { connection } from 'next/server';
import './globals.css';
import './code-cells.css';

export const metadata: Metadata = {
  title: 'Facial Palsy Prognosis Workbench',
  description: "Re-run a Bell's palsy prognosis analysis (SVM and LSTM on serial House–Brackmann grades) in your browser. Data never leave your machine.",
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  // Render per request: Next.js puts the request's CSP nonce (proxy.ts) on its inline scripts,
  // which a page prerendered at build time could not carry.
  await connection();
  return (
    <html lang="en">
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        <header className="site-header">
          <Link href="/" className="brand">
            Facial Palsy Prognosis Workbench
          </Link>
          <nav aria-label="Main">
            <Link href="/">Notebooks</Link>
          </nav>
        </header>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </body>
    </html>
  );
}
