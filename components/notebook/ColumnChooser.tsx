'use client';
import { useEffect, useState } from 'react';

/**
 * Above this many columns, a file's columns are chosen by typing (one shared list the browser
 * filters) instead of a menu per field: thirteen menus of 10,000 options each froze the page for
 * over a second at every mapping change.
 */
export const MANY_COLUMNS = 300;

/** Columns of the preview table shown at most; the rest are named as a count. */
export const PREVIEW_COLUMNS = 60;

/**
 * Chooses one column of the file for one of ours: a menu for ordinary files, a text field with
 * the file's columns as suggestions (`listId`, a `<datalist>` rendered once) for very wide ones.
 * A typed name that is not a column of the file is said so and leaves the field unmapped.
 */
export function ColumnChooser({
  testId,
  value,
  headers,
  listId,
  placeholder,
  onChange,
  describedBy,
}: {
  testId: string;
  value: string;
  headers: readonly string[];
  listId: string;
  placeholder: string;
  onChange: (header: string) => void;
  describedBy?: string;
}) {
  const [draft, setDraft] = useState(value);
  // Follow the mapping when it changes from outside (a suggestion, another sheet), but keep a
  // name being typed that matches no column (the mapping is cleared meanwhile).
  useEffect(() => {
    setDraft((current) => (value !== '' || headers.includes(current) ? value : current));
  }, [value, headers]);
  if (headers.length <= MANY_COLUMNS) {
    return (
      <select data-testid={testId} value={value} onChange={(e) => onChange(e.target.value)} aria-describedby={describedBy}>
        <option value="">{placeholder}</option>
        {headers.map((h, i) =>
          h.trim() === '' ? null : (
            <option key={`${h}-${i}`} value={h}>
              {h}
            </option>
          ),
        )}
      </select>
    );
  }
  const unknown = draft.trim() !== '' && !headers.includes(draft);
  return (
    <>
      <input
        data-testid={testId}
        list={listId}
        value={draft}
        placeholder="type a column name"
        aria-invalid={unknown}
        aria-describedby={describedBy}
        onChange={(e) => {
          const text = e.target.value;
          setDraft(text);
          // A name that is not a column maps nothing (the field says so), never the previous column.
          onChange(headers.includes(text) ? text : '');
        }}
      />
      {unknown && (
        <small className="field-error" role="status">
          The file has no column named “{draft}”.
        </small>
      )}
    </>
  );
}

/** The file's columns as one suggestion list for every ColumnChooser of a very wide file. */
export function ColumnList({ id, headers }: { id: string; headers: readonly string[] }) {
  if (headers.length <= MANY_COLUMNS) return null;
  return (
    <datalist id={id}>
      {headers.map((h, i) => (h.trim() === '' ? null : <option key={`${h}-${i}`} value={h} />))}
    </datalist>
  );
}
