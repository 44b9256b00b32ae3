import type { AnyCellDefinition } from './define-cell';

/** A text as a sentence: trimmed, with a full stop when it has no closing punctuation. */
function sentence(text: string): string {
  const t = text.trim();
  return /[.!?…:]$/.test(t) ? t : `${t}.`;
}

/** “A”, “A and B”, “A, B and C”. */
function list(items: string[], last = 'and'): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} ${last} ${items[items.length - 1]}`;
}

/**
 * What a step computes, in two or three sentences written from its definition (for the
 * step's "Details"): what it does (`description`), what it works on (the data file and the
 * steps whose results it takes, by their titles), and when it runs (heavy steps wait for Run,
 * quick ones run again by themselves). `titleOf` names a step kind (undefined: the kind
 * itself is shown).
 */
export function cellDetails(def: AnyCellDefinition, titleOf: (kind: string) => string | undefined): string[] {
  const optional = new Set<string>(def.optionalInputs ?? []);
  const feeds = Object.entries(def.inputs as Record<string, readonly string[]>).map(([name, kinds]) => {
    const titles = [...new Set(kinds.map((k) => `“${titleOf(k) ?? k}”`))];
    return `${list(titles, 'or')}${optional.has(name) ? ' (when there is one)' : ''}`;
  });
  const uniqueFeeds = [...new Set(feeds)];
  const works = [...(def.usesSource ? ['the loaded data file'] : []), ...(uniqueFeeds.length ? [`the results of ${list(uniqueFeeds)}`] : []), ...(def.freeInputs ? ['the results of the steps the notebook gives it'] : [])];
  const what = works.length ? `It works on ${list(works)}` : 'It needs no data file and no other step';
  const when = def.heavy
    ? 'it is a heavy step, so it runs only when asked (its Run, Run all, or the Run of a step that needs it)'
    : `it is a quick step, so it runs again by itself when its parameters${works.length ? ' or inputs' : ''} change`;
  return [sentence(def.description), `${what}; ${when}.`];
}
