import { completedYears, daysBetween } from './calendar';
import { parseBoolean } from './parse-boolean';
import { parseDate } from './parse-date';
import { parseGrade } from './parse-grade';
import { parseNumber } from './parse-number';
import { parseSex } from './parse-sex';
import { FORMULA_REASON, isFormulaLike, parseText } from './parse-text';
import { UNCALCULATED_MARK, UNCALCULATED_REASON } from './xlsx-uncalculated';
import { valueMapLookup } from './value-map';
import {
  CANONICAL_COLUMNS,
  type CanonicalColumn,
  type ColumnMapping,
  type DateFormat,
  type IngestResult,
  type ParseResult,
  type Patient,
  type Problem,
  type Sex,
  type SourceTable,
  type ValueMaps,
  type Visit,
} from './types';

export interface IngestOptions {
  /** Canonical column -> source header (see `suggestMapping`). */
  mapping: ColumnMapping;
  /** How non-ISO dates are written (see `detectDateFormat`); ISO is always accepted. */
  dateFormat: DateFormat;
  valueMaps?: ValueMaps;
  /**
   * Implausible values (a visit after `today`, an onset before 1950): 'warn' (default) accepts
   * the row with a warning; 'reject' rejects it with the same reason.
   */
  plausibility?: 'warn' | 'reject';
  /** ISO date of "today" for the future-visit check (injected so results are reproducible). Absent: not checked. */
  today?: string;
}

/** Without these there is nothing to analyse: a missing one rejects the file. */
export const REQUIRED_COLUMNS = ['patient_id', 'visit_date', 'onset_date', 'hb_grade'] as const satisfies readonly CanonicalColumn[];
/** Steroid started more than this many days after onset = delayed treatment (PIPELINE.md §0). */
export const DELAYED_AFTER_DAYS = 7;
const MAX_AGE = 120;
/** Onsets before this year are almost surely placeholders (1900-01-01) or typos. */
export const EARLIEST_PLAUSIBLE_ONSET_YEAR = 1950;
// Zero-width spaces and joiners, word joiner, BOM: invisible, and never meant in an id.
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff\u00ad]/g;
// No-break and other fixed-width spaces read as a plain space.
const ODD_SPACE = /[\u00a0\u2007\u202f\u2000-\u200a\u3000]/g;
const MAX_ID_LENGTH = 100;
/** How much of an offending value a Problem repeats (a 10,000-character cell is not echoed). */
const SHOWN_VALUE_LENGTH = 80;

/** The patient-level fields of one accepted row; they must agree across a patient's rows. */
interface PatientFields {
  sex: Sex | null;
  age: number | null;
  diabetes: boolean | null;
  hypertension: boolean | null;
  onset_date: string;
  birth_date: string | null;
  treatment_start_date: string | null;
  delayed_treatment: boolean | null;
  site: string | null;
  diagnosis: string | null;
}

interface AcceptedRow {
  row: number;
  /** The visit date as written, for messages. */
  visitText: string;
  patientId: string;
  visit: Visit;
  fields: PatientFields;
}

const PATIENT_FIELDS = [
  'sex',
  'age',
  'diabetes',
  'hypertension',
  'onset_date',
  'birth_date',
  'treatment_start_date',
  'delayed_treatment',
  'site',
  'diagnosis',
] as const satisfies readonly (keyof PatientFields & CanonicalColumn)[];

/**
 * Validates a table against the input contract and groups its visits by patient. Never throws on
 * bad data: every rejected value, row or patient gets a `Problem`, and the counts add up
 * (rowsRead = rowsAccepted + rowsRejected + rowsOfRejectedPatients).
 *
 * - A bad or missing required value rejects its row; so does a visit before onset.
 * - Patient-level values (sex, age, diabetes, ..., onset) that disagree across a patient's rows
 *   reject the whole patient, with one Problem per column naming the conflicting values.
 * - Two rows of one patient on one date: one is kept if their grades agree, both are rejected if
 *   not.
 * - A missing required column (patient_id, visit_date, onset_date, hb_grade) rejects the file.
 *
 * @example
 *   const result = ingest(table, { mapping: suggestMapping(table.headers).mapping, dateFormat: 'dd/mm/yyyy' });
 *   result.patients[0].visits; // [{ row: 2, date: '2024-03-05', day: 2, grade: 3.5, gradeText: 'III-IV' }, ...]
 */
export function ingest(table: SourceTable, options: IngestOptions): IngestResult {
  const { mapping, dateFormat } = options;
  const problems: Problem[] = [];
  const rowsRead = table.rows.length;
  const counts: IngestResult['counts'] = {
    rowsRead,
    rowsAccepted: 0,
    rowsRejected: 0,
    patientsSeen: 0,
    patientsRejected: 0,
    rowsOfRejectedPatients: 0,
    patientsWithoutValidRows: 0,
  };
  const result: IngestResult = { patients: [], problems, counts, mapping, dateFormat };

  const columns = resolveColumns(table.headers, mapping, problems);
  if (problems.some((p) => p.scope === 'file')) {
    // Nothing can be read reliably; every row is rejected by the file-level problem.
    counts.rowsRejected = rowsRead;
    return result;
  }
  if (rowsRead === 0) problems.push({ row: 0, column: '(file)', value: '', reason: 'the file has a header but no data rows', scope: 'warning' });

  const valueOf = cellReader(columns, options.valueMaps ?? {});
  const parseErrors = new Map((table.parseErrors ?? []).map((e) => [e.row, e.message]));
  const byPatient = new Map<string, AcceptedRow[]>();
  const seen = new Set<string>();

  // Exports repeat the same few values on every row (a patient's onset date, "IV", "no"):
  // parse each distinct text once per column kind.
  const parsers = {
    id: memoize((raw) => parseText(normalizeId(raw), MAX_ID_LENGTH)),
    date: memoize((raw) => parseDate(raw, dateFormat)),
    grade: memoize(parseGrade),
    sex: memoize(parseSex),
    age: memoize((raw) => parseNumber(raw, { min: 0, max: MAX_AGE, label: 'age' })),
    flag: memoize(parseBoolean),
    text: memoize((raw) => parseText(raw)),
  };

  // The row being read; the helpers below are made once, not per row.
  let row = 0;
  let cells: readonly unknown[] = [];
  let rowProblems: Problem[] = [];
  const fail = (column: string, raw: string, reason: string) => {
    rowProblems.push({ row, column, value: shown(raw), reason, scope: 'row' });
  };
  const read = <T>(column: CanonicalColumn, parse: (raw: string) => ParseResult<T>): T | null => {
    const cell = valueOf(cells, column);
    if (cell === undefined) return null;
    const parsed = parse(cell.value);
    if (parsed.ok) return parsed.value;
    // Say plainly why a formula is refused, whatever the column expected.
    fail(column, cell.raw, cell.raw.endsWith(UNCALCULATED_MARK) ? UNCALCULATED_REASON : isFormulaLike(cell.raw.trim()) ? FORMULA_REASON : parsed.reason);
    return null;
  };
  const required = <T>(column: CanonicalColumn, what: string, parse: (raw: string) => ParseResult<T | null>): T | null => {
    const before = rowProblems.length;
    const value = read(column, parse);
    if (value === null && rowProblems.length === before) fail(column, '', `${what} is missing`);
    return value;
  };
  // Warnings of the row (kept only if the row is accepted; a rejected row's reasons say enough).
  let rowWarnings: Problem[] = [];
  const implausible = (column: string, raw: string, reason: string) => {
    if (options.plausibility === 'reject') fail(column, raw, reason);
    else rowWarnings.push({ row, column, value: shown(raw), reason, scope: 'warning' });
  };
  // Notes on the file that do not reject anything (one per distinct odd id).
  const notes: Problem[] = [];
  const idNotes = new Set<string>();
  // A spreadsheet leaves trailing empty cells out, so XLSX rows are never "short".
  const lastMappedColumn = Math.max(0, ...[...columns.values()].map((i) => i + 1));
  // In the order the user reads the row: left to right, whole-row problems first.
  const position = (p: Problem) => columns.get(p.column as CanonicalColumn) ?? -1;

  for (let i = 0; i < rowsRead; i++) {
    row = table.rowNumbers?.[i] ?? i + 2;
    cells = table.rows[i] ?? [];
    if (cells.every((c) => text(c).trim() === '')) {
      // One message is enough: listing every missing value of an empty row says nothing more.
      problems.push({ row, column: '(row)', value: '', reason: parseErrors.get(row) ?? 'the row is empty', scope: 'row' });
      counts.rowsRejected++;
      continue;
    }
    rowProblems = [];
    rowWarnings = [];

    const parseError = parseErrors.get(row);
    if (parseError !== undefined) fail('(row)', '', parseError);
    if (table.format !== 'xlsx' && cells.length < lastMappedColumn) {
      // Trailing unused columns may be left out (some exporters do); a CSV row that ends before a
      // column we read lost a delimiter or a value, and would read as an ungraded visit.
      fail('(row)', cells.map(text).join(' | '), `the row has ${cells.length} cells but the header has ${table.headers.length}: a delimiter or a value is probably missing`);
    }
    if (cells.length > table.headers.length) {
      const extra = cells.slice(table.headers.length).map(text).filter((c) => c.trim() !== '');
      if (extra.length > 0) {
        fail('(row)', extra.join(' | '), `the row has ${cells.length} cells but the header has ${table.headers.length}: a value probably contains an unquoted delimiter`);
      }
    }

    const patientId = required('patient_id', 'the patient id', parsers.id);
    if (patientId !== null) {
      seen.add(patientId);
      const rawId = valueOf(cells, 'patient_id')!.raw;
      if (rawId.trim() !== patientId && !idNotes.has(rawId)) {
        idNotes.add(rawId);
        notes.push({ row, column: 'patient_id', value: shown(visible(rawId)), reason: `the patient id contains invisible or non-breaking characters; read as "${patientId}"`, patientId, scope: 'warning' });
      }
    }
    const visitDate = required('visit_date', 'the visit date', parsers.date);
    const onsetDate = required('onset_date', 'the onset date', parsers.date);
    const grade = read('hb_grade', parsers.grade);
    const gradeText = valueOf(cells, 'hb_grade')?.raw.trim() ?? '';
    const sex = read('sex', parsers.sex);
    const ageValue = read('age', parsers.age);
    const birthDate = read('birth_date', parsers.date);
    const diabetes = read('diabetes', parsers.flag);
    const hypertension = read('hypertension', parsers.flag);
    const delayedFlag = read('delayed_treatment', parsers.flag);
    const treatmentStart = read('treatment_start_date', parsers.date);
    const site = read('site', parsers.text);
    const diagnosis = read('diagnosis', parsers.text);

    // Checks across values of the row, made only when the values themselves were readable.
    let age = ageValue;
    let delayed = delayedFlag;
    let day = 0;
    if (visitDate !== null && onsetDate !== null) {
      day = daysBetween(onsetDate, visitDate);
      if (day < 0) {
        fail('visit_date', valueOf(cells, 'visit_date')?.raw ?? '', `the visit (${visitDate}) is before onset (${onsetDate}), day ${day}`);
      }
    }
    if (onsetDate !== null && Number(onsetDate.slice(0, 4)) < EARLIEST_PLAUSIBLE_ONSET_YEAR) {
      implausible('onset_date', valueOf(cells, 'onset_date')?.raw ?? '', `the onset date ${onsetDate} is before ${EARLIEST_PLAUSIBLE_ONSET_YEAR}: probably a placeholder or a typo`);
    }
    if (visitDate !== null && options.today !== undefined && visitDate > options.today) {
      implausible('visit_date', valueOf(cells, 'visit_date')?.raw ?? '', `the visit date ${visitDate} is after today (${options.today})`);
    }
    if (onsetDate !== null && birthDate !== null) {
      const derived = completedYears(birthDate, onsetDate);
      if (derived < 0) fail('birth_date', valueOf(cells, 'birth_date')?.raw ?? '', `the birth date ${birthDate} is after onset (${onsetDate})`);
      else if (derived > MAX_AGE) fail('birth_date', valueOf(cells, 'birth_date')?.raw ?? '', `the birth date ${birthDate} gives an age at onset of ${derived}, above ${MAX_AGE}`);
      else if (age === null) age = derived;
      else if (Math.abs(age - derived) > 1) {
        fail('age', valueOf(cells, 'age')?.raw ?? '', `age ${age} disagrees with the birth date ${birthDate} (age at onset ${derived})`);
      }
    }
    if (onsetDate !== null && treatmentStart !== null) {
      const start = daysBetween(onsetDate, treatmentStart);
      const raw = valueOf(cells, 'treatment_start_date')?.raw ?? '';
      if (start < 0) fail('treatment_start_date', raw, `treatment started (${treatmentStart}) before onset (${onsetDate})`);
      else if (delayed === null) delayed = start > DELAYED_AFTER_DAYS;
      else if (delayed !== start > DELAYED_AFTER_DAYS) {
        fail('delayed_treatment', valueOf(cells, 'delayed_treatment')?.raw ?? '', `the delayed-treatment flag disagrees with the treatment start ${start} days after onset (delayed means > ${DELAYED_AFTER_DAYS} days)`);
      }
    }

    if (rowProblems.length > 0 || patientId === null || visitDate === null || onsetDate === null) {
      for (const p of rowProblems) if (patientId !== null) p.patientId = patientId;
      problems.push(...rowProblems.sort((a, b) => position(a) - position(b)));
      counts.rowsRejected++;
      continue;
    }
    for (const w of rowWarnings) {
      w.patientId = patientId;
      problems.push(w);
    }
    const accepted: AcceptedRow = {
      row,
      visitText: valueOf(cells, 'visit_date')?.raw ?? visitDate,
      patientId,
      visit: { row, date: visitDate, day, grade, gradeText },
      fields: {
        sex,
        age,
        diabetes,
        hypertension,
        onset_date: onsetDate,
        birth_date: birthDate,
        treatment_start_date: treatmentStart,
        delayed_treatment: delayed,
        site,
        diagnosis,
      },
    };
    const list = byPatient.get(patientId);
    if (list) list.push(accepted);
    else byPatient.set(patientId, [accepted]);
  }

  for (const [patientId, rows] of byPatient) {
    const conflicts = patientConflicts(patientId, rows);
    if (conflicts.length > 0) {
      problems.push(...conflicts);
      counts.patientsRejected++;
      counts.rowsOfRejectedPatients += rows.length;
      continue;
    }
    const kept = dropDuplicateVisits(patientId, rows, problems);
    counts.rowsRejected += rows.length - kept.length;
    if (kept.length === 0) continue;
    counts.rowsAccepted += kept.length;
    result.patients.push(toPatient(patientId, kept));
  }
  problems.push(...notes);
  counts.patientsSeen = seen.size;
  counts.patientsWithoutValidRows = seen.size - result.patients.length - counts.patientsRejected;
  // Stable: file problems (row 0) first, then in source order.
  problems.sort((a, b) => a.row - b.row);
  return result;
}

/** Where each mapped column is, with a file-level Problem for every mapping that cannot work. */
function resolveColumns(headers: readonly string[], mapping: ColumnMapping, problems: Problem[]): Map<CanonicalColumn, number> {
  const columns = new Map<CanonicalColumn, number>();
  const usedBy = new Map<string, CanonicalColumn[]>();
  for (const column of CANONICAL_COLUMNS) {
    const header = Object.prototype.hasOwnProperty.call(mapping, column) ? mapping[column] : undefined;
    if (header === undefined || header === '') continue;
    const at = headers.flatMap((h, i) => (h === header ? [i] : []));
    if (at.length === 0) {
      problems.push({ row: 0, column, value: shown(header), reason: `the mapping puts ${column} in the column "${shown(header)}", but the file has no such column`, scope: 'file' });
    } else if (at.length > 1) {
      problems.push({ row: 0, column, value: shown(header), reason: `the header "${shown(header)}" appears ${at.length} times (columns ${at.map((i) => i + 1).join(', ')}), so ${column} cannot be read unambiguously; rename the duplicates`, scope: 'file' });
    } else {
      columns.set(column, at[0]!);
      usedBy.set(header, [...(usedBy.get(header) ?? []), column]);
    }
  }
  for (const column of REQUIRED_COLUMNS) {
    if (!Object.prototype.hasOwnProperty.call(mapping, column) || !mapping[column]) {
      problems.push({ row: 0, column, value: '', reason: `the required column ${column} is not mapped to any column of the file`, scope: 'file' });
    }
  }
  for (const key of Object.keys(mapping)) {
    if (!(CANONICAL_COLUMNS as readonly string[]).includes(key)) {
      problems.push({ row: 0, column: key, value: '', reason: `the mapping names an unknown column "${shown(key)}"; it is ignored`, scope: 'warning' });
    }
  }
  for (const [header, users] of usedBy) {
    if (users.length > 1) {
      problems.push({ row: 0, column: users.join(', '), value: shown(header), reason: `the column "${shown(header)}" is mapped to ${users.join(' and ')}`, scope: 'warning' });
    }
  }
  const missing = (column: CanonicalColumn, consequence: string) => {
    if (!columns.has(column)) problems.push({ row: 0, column, value: '', reason: `no ${column} column: ${consequence}`, scope: 'warning' });
  };
  missing('sex', 'sex is unknown for every patient, who will fail the inclusion step');
  missing('diabetes', 'diabetes is unknown for every patient, who will fail the inclusion step');
  missing('hypertension', 'hypertension is unknown for every patient, who will fail the inclusion step');
  if (!columns.has('age') && !columns.has('birth_date')) {
    problems.push({ row: 0, column: 'age', value: '', reason: 'neither an age nor a birth_date column: age is unknown for every patient', scope: 'warning' });
  }
  if (!columns.has('delayed_treatment') && !columns.has('treatment_start_date')) {
    problems.push({ row: 0, column: 'delayed_treatment', value: '', reason: 'neither delayed_treatment nor treatment_start_date: delayed treatment is unknown for every patient', scope: 'warning' });
  }
  return columns;
}

/** Reads a mapped cell: the raw text (for messages) and the value after the user's value map. */
function cellReader(columns: ReadonlyMap<CanonicalColumn, number>, valueMaps: ValueMaps) {
  const maps = new Map<CanonicalColumn, (raw: string) => string>();
  for (const column of CANONICAL_COLUMNS) {
    const map = Object.prototype.hasOwnProperty.call(valueMaps, column) ? valueMaps[column] : undefined;
    if (map) maps.set(column, valueMapLookup(map));
  }
  return (cells: readonly unknown[], column: CanonicalColumn): { raw: string; value: string } | undefined => {
    const index = columns.get(column);
    if (index === undefined) return undefined;
    const raw = text(cells[index]);
    const read = maps.get(column);
    return { raw, value: read ? read(raw) : raw };
  };
}

/** One Problem per patient-level column whose non-empty values differ across the patient's rows. */
function patientConflicts(patientId: string, rows: readonly AcceptedRow[]): Problem[] {
  const conflicts: Problem[] = [];
  const allRows = rows.map((r) => r.row);
  for (const field of PATIENT_FIELDS) {
    const groups = new Map<string, number[]>();
    for (const r of rows) {
      const value = r.fields[field];
      if (value === null) continue;
      const key = String(value);
      const list = groups.get(key);
      if (list) list.push(r.row);
      else groups.set(key, [r.row]);
    }
    if (groups.size < 2) continue;
    const described = [...groups].map(([value, at]) => `${value} (${rowList(at)})`);
    conflicts.push({
      row: allRows[0]!,
      column: field,
      value: shown([...groups.keys()].join(' / ')),
      reason: `patient ${patientId} has conflicting ${field} values: ${described.join(', ')}; the whole patient is rejected`,
      patientId,
      scope: 'patient',
      rows: allRows,
    });
  }
  return conflicts;
}

/** Keeps one row per visit date when grades agree; rejects every row of the date when they do not. */
function dropDuplicateVisits(patientId: string, rows: readonly AcceptedRow[], problems: Problem[]): AcceptedRow[] {
  const byDate = new Map<string, AcceptedRow[]>();
  for (const r of rows) {
    const list = byDate.get(r.visit.date);
    if (list) list.push(r);
    else byDate.set(r.visit.date, [r]);
  }
  const kept: AcceptedRow[] = [];
  for (const [date, group] of byDate) {
    const first = group[0]!;
    if (group.length === 1) {
      kept.push(first);
    } else if (group.every((r) => r.visit.grade === first.visit.grade)) {
      kept.push(first);
      for (const r of group.slice(1)) {
        problems.push({
          row: r.row,
          column: 'visit_date',
          value: shown(r.visitText),
          reason: `duplicate visit: patient ${patientId} already has a visit on ${date} with the same grade (row ${first.row}, which is kept)`,
          patientId,
          scope: 'row',
        });
      }
    } else {
      const grades = group.map((r) => `${r.visit.gradeText || 'ungraded'} (row ${r.row})`).join(', ');
      for (const r of group) {
        problems.push({
          row: r.row,
          column: 'visit_date',
          value: shown(r.visitText),
          reason: `patient ${patientId} has ${group.length} visits on ${date} with different grades: ${grades}; none is kept`,
          patientId,
          scope: 'row',
        });
      }
    }
  }
  return kept;
}

function toPatient(patientId: string, rows: readonly AcceptedRow[]): Patient {
  // After the conflict check every non-null value of a field is the same: take the first.
  const pick = <K extends keyof PatientFields>(field: K): PatientFields[K] | null => {
    for (const r of rows) if (r.fields[field] !== null) return r.fields[field];
    return null;
  };
  const visits = rows.map((r) => r.visit).sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.row - b.row));
  const patient: Patient = {
    patientId,
    sex: pick('sex'),
    age: pick('age'),
    diabetes: pick('diabetes'),
    hypertension: pick('hypertension'),
    onsetDate: rows[0]!.fields.onset_date,
    delayedTreatment: pick('delayed_treatment'),
    visits,
  };
  const treatmentStart = pick('treatment_start_date');
  if (treatmentStart !== null) patient.treatmentStartDate = treatmentStart;
  const site = pick('site');
  const diagnosis = pick('diagnosis');
  if (site !== null) patient.site = site;
  if (diagnosis !== null) patient.diagnosis = diagnosis;
  return patient;
}

/** A parser that answers repeated texts from a cache (bounded: a pathological file just stops caching). */
function memoize<T>(parse: (raw: string) => ParseResult<T>): (raw: string) => ParseResult<T> {
  const cache = new Map<string, ParseResult<T>>();
  return (raw) => {
    let parsed = cache.get(raw);
    if (parsed === undefined) {
      parsed = parse(raw);
      if (cache.size < 20_000 && raw.length <= 100) cache.set(raw, parsed);
    }
    return parsed;
  };
}

/** A patient id without invisible characters, with odd spaces as plain ones. */
function normalizeId(raw: string): string {
  return raw.replace(INVISIBLE, '').replace(ODD_SPACE, ' ');
}

/** Invisible characters written out (U+200B), so a message can show what was in the cell. */
function visible(raw: string): string {
  return raw.replace(new RegExp(`${INVISIBLE.source}|${ODD_SPACE.source}`, 'g'), (c) => `<U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

function text(cell: unknown): string {
  return typeof cell === 'string' ? cell : cell === null || cell === undefined ? '' : String(cell);
}

function shown(value: string): string {
  return value.length > SHOWN_VALUE_LENGTH ? `${value.slice(0, SHOWN_VALUE_LENGTH)}… (${value.length} characters)` : value;
}

function rowList(rows: readonly number[]): string {
  const head = rows.slice(0, 8).join(', ');
  return `${rows.length === 1 ? 'row' : 'rows'} ${head}${rows.length > 8 ? `, … ${rows.length - 8} more` : ''}`;
}
