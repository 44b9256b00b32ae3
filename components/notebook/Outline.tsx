'use client';
import { memo, useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';

/** One entry of the outline: a step's title and the id of the element it jumps to. */
export interface OutlineItem {
  anchor: string;
  title: string;
}

/** Where the outline is a side column (CSS: the same width in app/globals.css). */
export const WIDE_OUTLINE = '(min-width: 1200px)';

function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const list = window.matchMedia(query);
      list.addEventListener('change', onChange);
      return () => list.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/**
 * The step whose section crosses a line near the top of the viewport (just under the sticky
 * header): the one being read. Between steps (prose, a gap) the last one stays current. A jump
 * from the outline marks its step at once; at the bottom of the page it stays marked (the last
 * steps can never scroll up to the line, and the one that does cross it is not the one asked for).
 */
function useCurrentAnchor(anchors: readonly string[]): [string | undefined, (anchor: string) => void] {
  const [current, setCurrent] = useState<string>();
  const jumped = useRef(false);
  const jump = useCallback((anchor: string) => {
    jumped.current = true;
    setCurrent(anchor);
  }, []);
  useEffect(() => {
    if (typeof IntersectionObserver === 'undefined') return;
    const observer = new IntersectionObserver(
      (entries) => {
        const hit = entries.filter((e) => e.isIntersecting).pop();
        if (!hit) return;
        const atBottom = window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 4;
        if (jumped.current && atBottom) return;
        jumped.current = false;
        setCurrent(hit.target.id);
      },
      { rootMargin: '-12% 0px -87% 0px', threshold: 0 },
    );
    // Steps are on the page from the start; a section that appears later (the explorer, once the
    // session is up) is picked up by a short poll.
    let missing = [...anchors];
    const observeFound = () => {
      missing = missing.filter((anchor) => {
        const el = document.getElementById(anchor);
        if (el) observer.observe(el);
        return !el;
      });
    };
    observeFound();
    let tries = 0;
    const poll = setInterval(() => {
      observeFound();
      if (missing.length === 0 || ++tries >= 60) clearInterval(poll);
    }, 1000);
    return () => {
      clearInterval(poll);
      observer.disconnect();
    };
  }, [anchors]);
  return [current, jump];
}

/**
 * The notebook's table of contents: a navigation landmark ("Outline") with a link to each step,
 * the step being read marked (aria-current) as the page scrolls. At 1200 px and wider it is a
 * sticky side column, open; narrower (a phone) a closed disclosure at the top that closes again
 * after a jump. A jump moves focus to the step, so Tab continues from there.
 */
export const Outline = memo(function Outline({ items }: { items: readonly OutlineItem[] }) {
  const wide = useMedia(WIDE_OUTLINE);
  const [userOpen, setUserOpen] = useState<boolean>();
  const open = userOpen ?? wide;
  const anchors = useMemo(() => items.map((i) => i.anchor), [items]);
  const [current, setCurrent] = useCurrentAnchor(anchors);
  if (items.length === 0) return null;
  return (
    <nav className="outline" aria-label="Outline" data-testid="outline">
      <details open={open} onToggle={(e) => setUserOpen(e.currentTarget.open)}>
        <summary>Outline</summary>
        <ol>
          {items.map((item) => (
            <li key={item.anchor}>
              <a
                href={`#${item.anchor}`}
                aria-current={current === item.anchor ? 'location' : undefined}
                data-testid={`outline-${item.anchor}`}
                onClick={(e) => {
                  setCurrent(item.anchor);
                  const target = document.getElementById(item.anchor);
                  if (!target) return;
                  if (!wide) {
                    // On a phone the open list sits above the step: close it first, then jump, so the
                    // step is not pushed out of view when the list folds away.
                    e.preventDefault();
                    setUserOpen(false);
                    requestAnimationFrame(() => {
                      target.scrollIntoView({ block: 'start' });
                      target.focus({ preventScroll: true });
                      history.replaceState(history.state, '', `#${item.anchor}`);
                    });
                    return;
                  }
                  // After the browser has followed the link: focus the step (it has tabIndex -1), so Tab goes on from there.
                  requestAnimationFrame(() => target.focus({ preventScroll: true }));
                }}
              >
                {item.title}
              </a>
            </li>
          ))}
        </ol>
      </details>
    </nav>
  );
});

