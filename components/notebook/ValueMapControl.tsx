'use client';
import { useState } from 'react';
import type { FileInspection } from '@/lib/data/inspect-file';
import type { ColumnMapping } from '@/lib/data/types';
import { unrecognizedValues, VALUE_MAP_FIELDS, VALUE_MAP_TARGETS, type ValueMapField } from '@/lib/data/value-map';

/** The load step's `valueMaps` parameter: per coded column, a value of the file -> the value it stands for. */
export type ValueMaps = Partial<Record<ValueMapField, Record<string, string>>>;

/**
 * The mapping step's value maps: for each coded column of ours (sex, grade, the yes/no flags)
 * mapped to a column of the file, the values there that the column does not read as they are
 * (German "w", a grade written "II-IV"), each with a choice of what it stands for. A value left
 * unmapped rejects its rows, which the check lists. Values the inspection did not list (a column
 * with very many distinct values) can be added by hand. It writes the same parameter as the
 * CLI's --value-map.
 */
export function ValueMapControl({ inspection, mapping, valueMaps, onChange }: { inspection: FileInspection; mapping: ColumnMapping; valueMaps: ValueMaps; onChange: (next: ValueMaps) => void }) {
  const [added, setAdded] = useState<Partial<Record<ValueMapField, string[]>>>({});
  const [draft, setDraft] = useState<Partial<Record<ValueMapField, string>>>({});
  const set = (field: ValueMapField, raw: string, target: string | undefined) => {
    const own = { ...(valueMaps[field] ?? {}) };
    if (target === undefined) delete own[raw];
    else own[raw] = target;
    const next = { ...valueMaps };
    if (Object.keys(own).length) next[field] = own;
    else delete next[field];
    onChange(next);
  };

  const fields = VALUE_MAP_FIELDS.flatMap((field) => {
    const header = mapping[field];
    if (!header) return [];
    const index = inspection.headers.indexOf(header);
    const column = index >= 0 ? inspection.values?.[index] : undefined;
    const rowsOf = new Map((column?.values ?? []).map((v) => [v.value, v.rows]));
    // What the file has that the column does not read, then what the user mapped or added by hand.
    const found = unrecognizedValues(field, column?.values.map((v) => v.value) ?? []);
    const raws = [...new Set([...found, ...Object.keys(valueMaps[field] ?? {}), ...(added[field] ?? [])])];
    return [{ field, header, raws, rowsOf, complete: column?.complete ?? false }];
  });
  const toMap = fields.filter((f) => f.raws.length > 0);

  return (
    <fieldset className="value-maps" data-testid="value-maps">
      <legend>Coded values</legend>
      {fields.length === 0 ? (
        <p className="cell-meta">No coded column (sex, grade, yes/no flags) is mapped yet.</p>
      ) : toMap.length === 0 ? (
        <p className="cell-meta" data-testid="value-maps-none">
          Every value of {fields.map((f) => f.field).join(', ')} reads as it is{fields.some((f) => !f.complete) ? ' (among the values listed; a column with many distinct values is only partly listed)' : ''}.
        </p>
      ) : (
        <p className="cell-meta">
          These values are not read as they are. Say what each stands for; a value left unmapped rejects its rows (listed after the check).
        </p>
      )}
      {fields.map(({ field, header, raws, rowsOf, complete }) => (
        <div key={field} className="value-map-field" data-testid={`value-map-${field}`}>
          {(raws.length > 0 || !complete) && (
            <p className="value-map-head">
              <strong>{field}</strong> <span className="cell-meta">from “{header}”{!complete ? ' · more distinct values than listed' : ''}</span>
            </p>
          )}
          {raws.map((raw) => {
            const target = valueMaps[field]?.[raw];
            const rows = rowsOf.get(raw);
            return (
              <label key={raw} className="field inline value-map-row">
                <span>
                  “{raw}”{rows !== undefined ? <span className="cell-meta"> · {rows === 1 ? '1 row' : `${rows} rows`}</span> : null} →
                </span>
                <select data-testid={`value-map-${field}-${raw}`} value={target === undefined ? '\u0000' : target} onChange={(e) => set(field, raw, e.target.value === '\u0000' ? undefined : e.target.value)}>
                  <option value={'\u0000'}>— not mapped: rows rejected —</option>
                  {VALUE_MAP_TARGETS[field].map((t) => (
                    <option key={t.value} value={t.value}>
                      {t.label}
                    </option>
                  ))}
                </select>
              </label>
            );
          })}
          {!complete && (
            <form
              className="value-map-add"
              onSubmit={(e) => {
                e.preventDefault();
                const raw = (draft[field] ?? '').trim();
                if (!raw) return;
                setAdded({ ...added, [field]: [...(added[field] ?? []), raw] });
                setDraft({ ...draft, [field]: '' });
              }}
            >
              <input aria-label={`Another value of ${field}`} placeholder="another value in the file" value={draft[field] ?? ''} onChange={(e) => setDraft({ ...draft, [field]: e.target.value })} />
              <button type="submit" className="button small">
                Add
              </button>
            </form>
          )}
        </div>
      ))}
    </fieldset>
  );
}
