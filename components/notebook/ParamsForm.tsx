'use client';
import { useMemo, useState } from 'react';
import { paramsJsonSchema as libParamsJsonSchema } from '@/lib/notebook/parameters-document';
import type { AnyCellDefinition } from '@/lib/notebook/define-cell';
import { optionText, paramText } from './param-labels';

interface JsonSchema {
  type?: string | string[];
  enum?: unknown[];
  items?: JsonSchema;
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  description?: string;
  properties?: Record<string, JsonSchema>;
  anyOf?: JsonSchema[];
}

/** The cell's parameter schema as JSON Schema (also what the JSON editor validates against). */
export function paramsJsonSchema(def: AnyCellDefinition): JsonSchema {
  return libParamsJsonSchema(def) as JsonSchema;
}

const labelOf = (key: string) => key.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').replace(/^./, (c) => c.toUpperCase());

/**
 * A form generated from a cell's zod schema: numbers, selects, checkboxes for feature lists,
 * comma lists for number grids, a group of fields for a nested block (the LSTM settings), and
 * JSON behind a disclosure for anything else. Every control shows the value the cell will use
 * (`values`: resolved, defaults and profile values included); a value the schema rejects is
 * shown as typed with one plain message at its field (`problems`, by dot path), and the other
 * fields keep theirs. Changes are applied when a field is committed (change for selects and
 * checkboxes, blur or Enter for typed values).
 */
export function ParamsForm({
  cellId,
  def,
  values,
  raw,
  problems = {},
  onChange,
  derivedFeatures = [],
}: {
  cellId: string;
  def: AnyCellDefinition;
  values: Record<string, unknown>;
  /** The parameters as the document holds them (a nested block's edit keeps what the user set). */
  raw?: Record<string, unknown>;
  problems?: Readonly<Record<string, string>>;
  onChange: (key: string, value: unknown) => void;
  /** Names of the notebook's derived features, offered beside the built-in ones in a feature list that accepts them. */
  derivedFeatures?: readonly string[];
}) {
  const schema = useMemo(() => paramsJsonSchema(def), [def]);
  // Parameters its own view edits (a code step's code, in its editor) are not repeated here.
  const properties = Object.entries(schema.properties ?? {}).filter(([key]) => !(Array.isArray(def.paramsInView) && def.paramsInView.includes(key)));
  if (properties.length === 0) return <p className="cell-meta">This step has no parameters.</p>;
  return (
    <div className="params-form">
      {properties.map(([key, prop]) => (
        <Field
          key={key}
          id={`${cellId}-${key}`}
          path={key}
          name={key}
          prop={prop}
          value={values[key]}
          raw={raw?.[key]}
          problems={problems}
          derivedFeatures={derivedFeatures}
          onCommit={(v) => onChange(key, v)}
        />
      ))}
    </div>
  );
}

function Field({
  id,
  path,
  name,
  prop,
  value,
  raw,
  problems,
  derivedFeatures = [],
  onCommit,
}: {
  id: string;
  path: string;
  name: string;
  prop: JsonSchema;
  value: unknown;
  raw: unknown;
  problems: Readonly<Record<string, string>>;
  derivedFeatures?: readonly string[];
  onCommit: (v: unknown) => void;
}) {
  const label = paramText(path)?.label ?? labelOf(name);
  // A choice's help is the selected option's line; otherwise the schema's description.
  const help = (prop.enum && optionText(path, String(value ?? '')).help) || prop.description;
  const problem = problems[path];
  const type = Array.isArray(prop.type) ? prop.type[0] : prop.type;
  const note = problem ? (
    <small id={`${id}-help`} className="field-error" data-testid={`problem-${id}`}>
      {problem}
    </small>
  ) : help ? (
    <small id={`${id}-help`}>{help}</small>
  ) : null;
  if (prop.enum) {
    // Named by the label alone, described by the help line (inside the label it would become part of the name).
    return (
      <label className="field" htmlFor={id}>
        <span id={`${id}-label`}>{label}</span>
        <select
          id={id}
          value={String(value ?? '')}
          aria-labelledby={`${id}-label`}
          aria-describedby={note ? `${id}-help` : undefined}
          aria-invalid={problem ? true : undefined}
          onChange={(e) => onCommit(e.target.value)}
        >
          {!prop.enum.map(String).includes(String(value ?? '')) && <option value={String(value ?? '')}>{String(value ?? '')}</option>}
          {prop.enum.map((o) => (
            <option key={String(o)} value={String(o)}>
              {optionText(path, String(o)).label}
            </option>
          ))}
        </select>
        {note}
      </label>
    );
  }
  if (type === 'object' && prop.properties) {
    // A nested block (the LSTM settings): its own fields, each showing the resolved value; an
    // edit writes into the user's own overrides only, so defaults that follow another parameter
    // (the persistent subset's batch size) are not frozen into the document.
    const own = raw && typeof raw === 'object' && !Array.isArray(raw) ? (raw as Record<string, unknown>) : {};
    const shown = value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
    return (
      <fieldset className="field group">
        <legend>{label}</legend>
        {problem && <small className="field-error" data-testid={`problem-${id}`}>{problem}</small>}
        <div className="params-form">
          {Object.entries(prop.properties).map(([key, sub]) => (
            <Field
              key={key}
              id={`${id}-${key}`}
              path={`${path}.${key}`}
              name={key}
              prop={sub}
              value={shown[key]}
              raw={own[key]}
              problems={problems}
              onCommit={(v) => {
                const next = { ...own, [key]: v };
                if (v === undefined) delete next[key];
                onCommit(next);
              }}
            />
          ))}
        </div>
      </fieldset>
    );
  }
  if (type === 'boolean') {
    return (
      <label className="field inline" htmlFor={id}>
        <input id={id} type="checkbox" checked={Boolean(value)} onChange={(e) => onCommit(e.target.checked)} />
        <span>{label}</span>
        {problem && note}
      </label>
    );
  }
  // A feature list: the built-in options as checkboxes; where the list also accepts names
  // (items: built-in enum or a name), the notebook's derived features and any name already
  // selected are offered too, after the built-in ones.
  const builtIn = type === 'array' ? (prop.items?.enum ?? prop.items?.anyOf?.find((s) => s.enum)?.enum) : undefined;
  if (builtIn) {
    const selectedList = Array.isArray(value) ? (value as unknown[]).map(String) : [];
    const selected = new Set(selectedList);
    const acceptsNames = !prop.items?.enum;
    const options = [...new Set([...builtIn.map(String), ...(acceptsNames ? [...derivedFeatures, ...selectedList] : [])])];
    return (
      <fieldset className="field checkboxes" data-testid={`field-${id}`}>
        <legend>{label}</legend>
        {problem && note}
        {options.map((option) => (
          <label key={option} className="inline">
            <input
              type="checkbox"
              name={`${id}-${option}`}
              checked={selected.has(option)}
              onChange={(e) => onCommit(options.filter((x) => (x === option ? e.target.checked : selected.has(x))))}
            />
            {option}
          </label>
        ))}
      </fieldset>
    );
  }
  if (type === 'number' || type === 'integer') {
    return (
      <TextField
        id={id}
        label={label}
        help={help ?? rangeHelp(prop)}
        problem={problem}
        inputMode="decimal"
        initial={value === undefined ? '' : String(value)}
        parse={(text) => {
          if (text.trim() === '') return { ok: true, value: undefined };
          const n = Number(text);
          return Number.isFinite(n) ? { ok: true, value: n } : { ok: false, error: `"${text}" is not a number` };
        }}
        onCommit={onCommit}
      />
    );
  }
  if (type === 'array' && (prop.items?.type === 'number' || prop.items?.type === 'integer')) {
    return (
      <TextField
        id={id}
        label={label}
        help={help ?? 'Comma-separated numbers'}
        problem={problem}
        initial={Array.isArray(value) ? value.join(', ') : ''}
        parse={(text) => {
          const parts = text.split(/[,\s]+/).filter(Boolean);
          const nums = parts.map(Number);
          const bad = parts.find((_, i) => !Number.isFinite(nums[i]));
          return bad === undefined ? { ok: true, value: nums } : { ok: false, error: `"${bad}" is not a number` };
        }}
        onCommit={onCommit}
      />
    );
  }
  if (type === 'array' && prop.items?.type === 'string') {
    // A list of names (e.g. the patients Fig. 6 shows): comma-separated; empty = the default.
    return (
      <TextField
        id={id}
        label={label}
        help={help ?? 'Comma-separated; empty for the default'}
        initial={Array.isArray(value) ? value.join(', ') : ''}
        parse={(text) => {
          const parts = text.split(',').map((t) => t.trim()).filter(Boolean);
          return { ok: true, value: parts.length ? parts : undefined };
        }}
        onCommit={onCommit}
      />
    );
  }
  if (type === 'string') {
    return (
      <TextField id={id} label={label} help={help} problem={problem} initial={value === undefined ? '' : String(value)} parse={(t) => ({ ok: true, value: t === '' ? undefined : t })} onCommit={onCommit} />
    );
  }
  // Anything else (a column mapping, value maps): a summary, and the JSON behind a disclosure.
  const entries = value && typeof value === 'object' ? Object.keys(value as object).length : 0;
  return (
    <details className="field raw-json" open={problem !== undefined}>
      <summary>
        {label}: {entries === 0 ? 'none set' : `${entries} set`} <span className="cell-meta">(details as JSON)</span>
      </summary>
      <TextField
        id={id}
        label={label}
        help={help ?? 'JSON'}
        problem={problem}
        multiline
        initial={JSON.stringify(value ?? null)}
        parse={(text) => {
          try {
            return { ok: true, value: JSON.parse(text) };
          } catch (err) {
            return { ok: false, error: (err as Error).message };
          }
        }}
        onCommit={onCommit}
      />
    </details>
  );
}

function rangeHelp(p: JsonSchema): string | undefined {
  // zod's integers carry the safe-integer bounds: those are no limit a person needs to read.
  const bound = (x: number | undefined) => (x === undefined || Math.abs(x) >= Number.MAX_SAFE_INTEGER ? undefined : x);
  const lo = bound(p.minimum) ?? bound(p.exclusiveMinimum);
  const hi = bound(p.maximum) ?? bound(p.exclusiveMaximum);
  if (lo === undefined && hi === undefined) return undefined;
  if (hi === undefined) return p.exclusiveMinimum !== undefined && p.minimum === undefined ? `more than ${lo}` : `${lo} or more`;
  if (lo === undefined) return `up to ${hi}`;
  return `${lo} to ${hi}`;
}

function TextField({
  id,
  label,
  help,
  problem,
  initial,
  parse,
  onCommit,
  multiline,
  inputMode,
}: {
  id: string;
  label: string;
  help?: string;
  /** The schema's objection to the value the document holds, in plain words. */
  problem?: string;
  initial: string;
  parse: (text: string) => { ok: true; value: unknown } | { ok: false; error: string };
  onCommit: (v: unknown) => void;
  multiline?: boolean;
  inputMode?: 'decimal';
}) {
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string>();
  const [lastInitial, setLastInitial] = useState(initial);
  if (initial !== lastInitial) {
    // The document changed elsewhere (JSON editor, import): show the new value.
    setLastInitial(initial);
    setText(initial);
  }
  const commit = () => {
    if (text === initial) return;
    const parsed = parse(text);
    if (!parsed.ok) return setError(parsed.error);
    setError(undefined);
    onCommit(parsed.value);
  };
  const shownError = error ?? problem;
  const common = {
    id,
    value: text,
    'aria-invalid': shownError ? true : undefined,
    // Named by the label alone; the help or the error describes it.
    'aria-labelledby': `${id}-label`,
    'aria-describedby': shownError || help ? `${id}-help` : undefined,
    onBlur: commit,
  };
  return (
    <label className="field" htmlFor={id}>
      <span id={`${id}-label`}>{label}</span>
      {multiline ? (
        <textarea {...common} rows={2} onChange={(e) => setText(e.target.value)} />
      ) : (
        <input {...common} inputMode={inputMode} onChange={(e) => setText(e.target.value)} onKeyDown={(e) => e.key === 'Enter' && commit()} />
      )}
      {(shownError || help) && (
        <small id={`${id}-help`} className={shownError ? 'field-error' : undefined} data-testid={shownError ? `problem-${id}` : undefined}>
          {shownError ?? help}
        </small>
      )}
    </label>
  );
}
