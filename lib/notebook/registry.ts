import type { AnyCellDefinition } from './define-cell';

export interface CellRegistry {
  readonly kinds: readonly string[];
  has(kind: string): boolean;
  /** The definition; throws naming the known kinds when there is none. */
  get(kind: string): AnyCellDefinition;
}

export function createRegistry(defs: readonly AnyCellDefinition[]): CellRegistry {
  const byKind = new Map<string, AnyCellDefinition>();
  for (const def of defs) {
    if (byKind.has(def.kind)) throw new Error(`Cell kind "${def.kind}" is registered twice`);
    byKind.set(def.kind, def);
  }
  return {
    kinds: [...byKind.keys()],
    has: (kind) => byKind.has(kind),
    get: (kind) => {
      const def = byKind.get(kind);
      if (!def) throw new Error(`Unknown cell kind "${kind}" (known: ${[...byKind.keys()].join(', ')})`);
      return def;
    },
  };
}
