import { parseBoolean } from './parse-boolean';
import { parseGrade } from './parse-grade';
import { parseSex } from './parse-sex';
import type { CanonicalColumn, ParseResult } from './types';

/** The coded columns a value map is for: each reads a closed set of values. */
export const VALUE_MAP_FIELDS = ['sex', 'hb_grade', 'diabetes', 'hypertension', 'delayed_treatment'] as const satisfies readonly CanonicalColumn[];
export type ValueMapField = (typeof VALUE_MAP_FIELDS)[number];

const FLAG_TARGETS = [
  { value: 'yes', label: 'yes' },
  { value: 'no', label: 'no' },
  { value: '', label: 'unknown (empty)' },
];

/**
 * What a file's value can be read as, per coded column: the canonical values, in the words the
 * column's parser reads, and empty (unknown; for a grade, an ungraded visit).
 */
export const VALUE_MAP_TARGETS: Record<ValueMapField, readonly { value: string; label: string }[]> = {
  sex: [
    { value: 'M', label: 'M (male)' },
    { value: 'F', label: 'F (female)' },
    { value: '', label: 'unknown (empty)' },
  ],
  hb_grade: [
    ...['I', 'II', 'III', 'IV', 'V', 'VI'].map((g) => ({ value: g, label: `grade ${g}` })),
    ...['I-II', 'II-III', 'III-IV', 'IV-V', 'V-VI'].map((g) => ({ value: g, label: `grade ${g} (half grade)` })),
    { value: '', label: 'ungraded visit (empty)' },
  ],
  diabetes: FLAG_TARGETS,
  hypertension: FLAG_TARGETS,
  delayed_treatment: FLAG_TARGETS,
};

const PARSERS: Record<ValueMapField, (raw: string) => ParseResult<unknown>> = {
  sex: parseSex,
  hb_grade: parseGrade,
  diabetes: parseBoolean,
  hypertension: parseBoolean,
  delayed_treatment: parseBoolean,
};

export function isValueMapField(column: string): column is ValueMapField {
  return (VALUE_MAP_FIELDS as readonly string[]).includes(column);
}

/**
 * A value map as a lookup: the raw text (trimmed) matched exactly first, then ignoring case;
 * a value the map does not name reads as it is. Ingestion and the upload's mapping step use
 * this one lookup, so what the step shows as mapped is what the load step reads.
 */
export function valueMapLookup(map: Readonly<Record<string, unknown>>): (raw: string) => string {
  // Own entries into a Map: a key such as "__proto__" is just a key here.
  const entries = Object.entries(map).filter((e): e is [string, string] => typeof e[1] === 'string');
  const exact = new Map(entries.map(([k, v]) => [k.trim(), v]));
  const folded = new Map(entries.map(([k, v]) => [k.trim().toLowerCase(), v]));
  return (raw) => {
    const key = raw.trim();
    return exact.get(key) ?? folded.get(key.toLowerCase()) ?? raw;
  };
}

/** The distinct values of a column with how many rows hold each, or as many as `cap` of them. */
export interface ColumnValues {
  values: { value: string; rows: number }[];
  /** False when the column has more distinct values than were collected (an id or a date column). */
  complete: boolean;
}

/**
 * The distinct non-empty values (trimmed) of column `index`, in order of first appearance.
 * Collection stops at `cap` distinct values: a coded column has a handful, and an id column
 * need not be read to the end to know it is not one.
 */
export function distinctValues(rows: readonly (readonly unknown[])[], index: number, cap = 40): ColumnValues {
  const counts = new Map<string, number>();
  for (const row of rows) {
    const cell = row[index];
    const value = cell === null || cell === undefined ? '' : String(cell).trim();
    if (value === '') continue;
    const seen = counts.get(value);
    if (seen !== undefined) counts.set(value, seen + 1);
    else if (counts.size >= cap) return { values: [...counts].map(([v, n]) => ({ value: v, rows: n })), complete: false };
    else counts.set(value, 1);
  }
  return { values: [...counts].map(([v, n]) => ({ value: v, rows: n })), complete: true };
}

/**
 * The values of a coded column that its parser does not read as they are: the ones a value map
 * has to name, or their rows are rejected. With `map`, the values it maps are left out.
 *
 * @example
 *   unrecognizedValues('sex', ['m', 'w', 'F']); // ['w']
 */
export function unrecognizedValues(field: ValueMapField, values: readonly string[], map: Readonly<Record<string, unknown>> = {}): string[] {
  const read = valueMapLookup(map);
  const parse = PARSERS[field];
  return values.filter((raw) => {
    const mapped = read(raw);
    return mapped === raw && !parse(raw).ok;
  });
}
