import { cellKinds, isCellKind } from '../../cells';
import { CLAIMS } from './index';
import { obj, type CellRun, type Claims, type Json, type ModelFamily, type Rating, type Section } from './types';

/**
 * Runs every kind's claims over a manifest, in the order of the notebook's cells (the
 * manifest's `cells` keeps it): a kind speaks once, at its first cell that ran, for all its
 * cells that ran. What the methods paragraph, the TRIPOD+AI and the PROBAST+AI checklists are
 * written from.
 */
export interface Assembled {
  /** Methods sections in order of their first sentence; `sources`: the cell ids that wrote them. */
  sections: { heading: Section; sources: string[]; sentences: string[] }[];
  /** TRIPOD+AI answers by item: the parts in notebook order and the cells that wrote them. */
  tripod: Map<string, { parts: string[]; sources: string[] }>;
  /** PROBAST+AI answers by model family and question. */
  probast: Map<string, { rating: Rating; parts: string[]; sources: string[] }>;
  /** The model families this run developed or evaluated, in notebook order. */
  models: ModelFamily[];
  /** Compute cells that did not run (status other than fresh): said nothing. */
  notRun: string[];
  /** Kinds whose text could not be written from this manifest (an older or hand-made one), with why. */
  problems: string[];
}

/** The key of a PROBAST answer in `Assembled.probast`. */
export const probastKey = (model: ModelFamily, question: string) => `${model} ${question}`;

// The more severe of two answers is kept when several cells answer one question.
const SEVERITY: Record<Rating, number> = { Y: 0, PY: 1, NI: 2, PN: 3, N: 4 };

/** The model family a kind reports on, as its definition declares (`modelFamily`); none for a kind not registered. */
function modelOfKind(kind: string): ModelFamily | undefined {
  return isCellKind(kind) ? cellKinds[kind].modelFamily : undefined;
}

/**
 * A hidden copy made for an audit (`variantCells`: `<id>--<variant>`, same kind as `<id>`):
 * described by the cell it feeds, not as a step of its own. The manifest does not mark copies,
 * so they are recognized by that naming.
 */
export function isCopy(cells: Json, id: string): boolean {
  const at = id.indexOf('--');
  if (at <= 0) return false;
  const original = obj(cells[id.slice(0, at)]);
  return original.kind !== undefined && original.kind === obj(cells[id]).kind;
}

export function assembleClaims(manifest: Json, u: (v: unknown) => string): Assembled {
  const cells = obj(manifest.cells);
  const parameters = obj(manifest.parameters);
  const primary = Object.entries(cells).filter(([id]) => !isCopy(cells, id));
  const fresh: CellRun[] = primary.filter(([, c]) => obj(c).status === 'fresh').map(([id, c]) => ({ id, kind: String(obj(c).kind), params: obj(parameters[id]) }));
  const ran = (kind: string) => fresh.filter((c) => c.kind === kind);
  const out: Assembled = {
    sections: [],
    tripod: new Map(),
    probast: new Map(),
    models: [],
    notRun: primary.filter(([, c]) => obj(c).status !== 'fresh').map(([id]) => id),
    problems: [],
  };
  const done = new Set<string>();
  for (const cell of fresh) {
    const model = modelOfKind(cell.kind);
    if (model && !out.models.includes(model)) out.models.push(model);
    if (done.has(cell.kind)) continue;
    done.add(cell.kind);
    const claims = isCellKind(cell.kind) ? CLAIMS[cell.kind] : undefined;
    if (!claims) continue;
    const group = ran(cell.kind);
    const sources = group.map((c) => c.id);
    let said: Claims;
    try {
      said = claims({ manifest, cells: group, u, ran });
    } catch (err) {
      // A manifest the module cannot read (an older or hand-made one) must not stop the export.
      out.problems.push(`the text of step ${sources.map(u).join(', ')} (${u(cell.kind)}) could not be written: ${u((err as Error).message)}`);
      continue;
    }
    for (const m of said.methods ?? []) {
      let s = out.sections.find((x) => x.heading === m.section);
      if (!s) out.sections.push((s = { heading: m.section, sources: [], sentences: [] }));
      s.sentences.push(m.text);
      for (const id of sources) if (!s.sources.includes(id)) s.sources.push(id);
    }
    for (const t of said.tripod ?? []) {
      const entry = out.tripod.get(t.item) ?? { parts: [], sources: [] };
      entry.parts.push(t.text);
      for (const id of sources) if (!entry.sources.includes(id)) entry.sources.push(id);
      out.tripod.set(t.item, entry);
    }
    for (const q of said.probast ?? []) {
      for (const family of q.models) {
        const key = probastKey(family, q.question);
        const entry = out.probast.get(key) ?? { rating: q.rating, parts: [], sources: [] };
        if (SEVERITY[q.rating] > SEVERITY[entry.rating]) entry.rating = q.rating;
        entry.parts.push(q.text);
        for (const id of sources) if (!entry.sources.includes(id)) entry.sources.push(id);
        out.probast.set(key, entry);
      }
    }
  }
  return out;
}
