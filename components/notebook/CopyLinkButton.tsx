'use client';
import { useRef, useState } from 'react';
import { registry } from '@/lib/cells';
import { describeChange, encodeRecipe, type EncodedRecipe } from '@/lib/notebook/share-link';
import type { NotebookSession, SessionSnapshot } from './session';

/** What a link holds and what it leaves out, in a sentence or three. */
export function linkContents(encoded: EncodedRecipe): string {
  const { recipe, changes, leftOut } = encoded;
  const n = changes.length;
  const holds = [
    `notebook ${recipe.notebook}`,
    recipe.profile ? `profile ${recipe.profile}` : 'no profile',
    ...(recipe.seed !== undefined ? [`seed ${recipe.seed}`] : []),
    n === 0 ? 'no changed parameter' : `${n} changed parameter${n === 1 ? '' : 's'} (${changes.slice(0, 4).map(describeChange).join('; ')}${n > 4 ? '; …' : ''})`,
  ];
  const other = leftOut.filter((l) => !/every setting \(it describes your file/.test(l));
  return [
    `It holds the recipe: ${holds.join(', ')}.`,
    'No data, no file name and no load settings: the column mapping and value maps are left out, as they may hold values from your file.',
    ...(other.length ? [`Also left out: ${other.join('; ')}.`] : []),
  ].join(' ');
}

/**
 * "Copy link": the notebook's recipe (lib/notebook/share-link.ts) in the address's fragment,
 * copied to the clipboard. The link is also shown in a read-only field (selected when the
 * clipboard is not available), and what happened is announced (aria-live).
 */
export function CopyLinkButton({ session, snapshot }: { session: NotebookSession | null; snapshot: SessionSnapshot }) {
  const [link, setLink] = useState<{ url: string; copied: boolean | undefined; contents: string }>();
  const [announcement, setAnnouncement] = useState('');
  const input = useRef<HTMLInputElement>(null);
  const state = snapshot.state;
  const copy = async () => {
    if (!session || !state) return;
    // The document as it is this instant (the snapshot the view renders may be a task behind an edit).
    const doc = session.document ?? state.notebook;
    const encoded = encodeRecipe(session.notebook, registry, doc, session.snapshot.profile);
    const url = `${window.location.origin}${window.location.pathname}#${encoded.fragment}`;
    const contents = linkContents(encoded);
    // The link is shown at once; the clipboard may refuse (no permission, not a secure page) or never answer.
    setLink({ url, copied: undefined, contents });
    const copied = await Promise.race([
      (async () => {
        if (!navigator.clipboard) return false;
        await navigator.clipboard.writeText(url);
        return true;
      })().catch(() => false),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000)),
    ]);
    setLink((l) => (l?.url === url ? { ...l, copied } : l));
    setAnnouncement(copied ? `Link copied. ${contents}` : `The link could not be copied here: it is in the field below, selected; copy it from there. ${contents}`);
    if (!copied) requestAnimationFrame(() => input.current?.select());
  };
  return (
    <>
      <button type="button" className="button" data-testid="copy-link" disabled={!state || !session} onClick={() => void copy()} title="A link to this notebook with its profile and changed parameters (never your data)">
        Copy link
      </button>
      <span className="visually-hidden" role="status" aria-live="polite" data-testid="copy-link-status">
        {announcement}
      </span>
      {link && (
        <span className="copy-link" data-testid="copy-link-panel">
          <label className="field inline">
            <span>{link.copied ? 'Copied:' : link.copied === false ? 'Copy this link:' : 'Link:'}</span>
            <input ref={input} readOnly value={link.url} data-testid="copy-link-input" onFocus={(e) => e.currentTarget.select()} />
          </label>
          <button
            type="button"
            className="button small"
            onClick={() => {
              setLink(undefined);
              setAnnouncement('');
            }}
          >
            Close
          </button>
          <span className="cell-meta copy-link-contents">{link.contents}</span>
        </span>
      )}
    </>
  );
}
