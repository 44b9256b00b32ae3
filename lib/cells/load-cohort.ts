import { z } from 'zod';
import { detectTableDateFormat, ingest, rejectedRowsTable, suggestMapping } from '../data';
import { readSourceTable } from '../data/read-source';
import { CANONICAL_COLUMNS, type ColumnMapping, type DateFormat, type IngestResult, type Patient, type Problem } from '../data/types';
import { defineCell } from '../notebook/define-cell';
import { InputError } from '../notebook/errors';
import Papa from 'papaparse';
import { REQUIRED_COLUMNS } from '../data/ingest';
import { sheetHint } from '../data/read-xlsx';
import { headerScore } from '../data/grid-to-table';
import { FILE_IDS_NOTE } from '../data/pseudonyms';
import type { SourceTable } from '../data/types';
import type { Artifact } from '../notebook/define-cell';

export const loadCohortParamsSchema = z.object({
  /** Canonical column -> header in the file. Empty: suggested from the headers (never guessed between two candidates). */
  mapping: z.partialRecord(z.enum(CANONICAL_COLUMNS), z.string().min(1).max(500, 'a column header of at most 500 characters')).default({}),
  /** How dates are written; `auto` detects it and asks (an error) when the file is ambiguous. */
  dateFormat: z.enum(['auto', 'iso', 'dd/mm/yyyy', 'mm/dd/yyyy', 'yyyy.mm.dd', 'excel-serial']).default('auto'),
  /** XLSX: the sheet to read (default: the first). */
  sheet: z.string().max(200, 'a sheet name of at most 200 characters (Excel allows 31)').optional(),
  /** Value maps for coded columns, e.g. { "sex": { "1": "M", "2": "F" } }. */
  valueMaps: z
    .partialRecord(
      z.enum(CANONICAL_COLUMNS),
      z.record(z.string().max(200), z.string().max(200, 'a value of at most 200 characters'), {
        error: (issue) => (issue.code === 'invalid_key' ? 'a coded value of at most 200 characters' : undefined),
      }),
    )
    .optional(),
  /** Implausible values (a visit after today, an onset before 1950): a warning, or a rejection of the row. */
  plausibility: z.enum(['warn', 'reject']).default('warn'),
  /** "Today" (ISO yyyy-mm-dd) for the future-visit check; absent: the day the cell runs. */
  today: z.iso.date().optional(),
});

/**
 * How this cell's messages name its parameters. The CLI replaces these exact phrases with its
 * own flags (--date-format, --map, --sheet), so each front end tells the user what to change.
 */
export const LOAD_PARAM_PHRASES = {
  dateFormat: 'the date format parameter',
  mapping: 'the column mapping',
  sheet: 'the sheet parameter',
  valueMaps: 'a value map',
} as const;
export type LoadCohortParams = z.infer<typeof loadCohortParamsSchema>;

export interface LoadedCohort {
  fileName: string;
  patients: Patient[];
  problems: Problem[];
  counts: IngestResult['counts'];
  mapping: ColumnMapping;
  dateFormat: DateFormat;
  /** How the mapping and date format were decided (shown to the user). */
  decisions: string[];
  rejected: { headers: string[]; rows: string[][] };
  /** The date visits were checked against (the `today` parameter, or the day the cell ran). */
  today: string;
}

/**
 * Reads the loaded file into patients and visits: maps columns, parses every value, and records
 * a problem for everything it rejects (row, column, value, reason). Nothing is dropped silently.
 */
export const loadCohort = defineCell<Record<string, never>, LoadCohortParams, LoadedCohort>({
  kind: 'load-cohort',
  // 2: the output (and the manifest's ingest.today) records the date the future-visit check used.
  version: 2,
  title: 'Load and validate visits',
  description: 'Reads the visit table, maps its columns to the input contract and validates every value; rejected rows are listed with the reason.',
  inputs: {},
  params: loadCohortParamsSchema,
  heavy: false,
  usesSource: true,
  fileSettings: true,
  async *run(_inputs, params, ctx) {
    const source = ctx.source!;
    yield { fraction: 0.1, message: 'reading file' };
    const table = await readSourceTable(source, params.sheet);
    const decisions: string[] = [];
    if (table.titleRows?.length) {
      decisions.push(`The header is row ${table.headerRow}; the row(s) above it look like titles and were not read as data: ${table.titleRows.map((t) => `row ${t.row} "${t.text}"`).join(', ')}.`);
    }
    if (table.rows.length === 0) {
      throw new InputError(
        `The ${table.sheet ? `sheet "${table.sheet}"` : 'file'} has a header (row ${table.headerRow ?? 1}: ${table.headers.filter((h) => h !== '').slice(0, 12).map((h) => `"${h}"`).join(', ')}) but no data rows.${sheetHint(table.sheetsWithVisitTable ?? [])}`,
      );
    }
    let mapping: ColumnMapping = params.mapping;
    if (Object.keys(mapping).length === 0) {
      const suggestion = suggestMapping(table.headers);
      if (suggestion.ambiguous.length) {
        const list = suggestion.ambiguous.map((a) => `${a.column}: ${a.candidates.map((c) => `"${c}"`).join(' or ')}`).join('; ');
        throw new InputError(`Column mapping needed: more than one column could be ${list}. Choose one in ${LOAD_PARAM_PHRASES.mapping}.`);
      }
      mapping = suggestion.mapping;
      const missing = REQUIRED_COLUMNS.filter((c) => mapping[c] === undefined);
      if (missing.length > 0) throw new InputError(missingColumnsMessage(table, missing));
      decisions.push(`Columns mapped by name: ${Object.entries(mapping).map(([k, v]) => (k === v ? k : `${k} ← "${v}"`)).join(', ')}.`);
      if (suggestion.unmapped.length) decisions.push(`Columns not used: ${suggestion.unmapped.map((h) => `"${h}"`).join(', ')}.`);
    } else {
      decisions.push(`Columns mapped as set: ${Object.entries(mapping).map(([k, v]) => `${k} ← "${v}"`).join(', ')}.`);
    }
    let dateFormat: DateFormat;
    if (params.dateFormat === 'auto') {
      const detected = detectTableDateFormat(table, mapping);
      if (detected.ambiguous) {
        throw new InputError(`Date format needed: ${detected.reason}. Set ${LOAD_PARAM_PHRASES.dateFormat} to one of: ${detected.candidates.join(', ')}.`);
      }
      dateFormat = detected.format;
      decisions.push(`Dates read as ${dateFormat} (${detected.evidence}).`);
    } else dateFormat = params.dateFormat;
    const valueMaps = Object.entries(params.valueMaps ?? {}).filter(([, m]) => m && Object.keys(m).length > 0);
    if (valueMaps.length) {
      decisions.push(`Value maps applied: ${valueMaps.map(([column, m]) => `${column} ${Object.entries(m!).map(([raw, value]) => `"${raw}" → "${value}"`).join(', ')}`).join('; ')}.`);
    }
    yield { fraction: 0.5, message: 'validating rows' };
    const today = params.today ?? new Date().toISOString().slice(0, 10);
    const result = ingest(table, { mapping, dateFormat, valueMaps: params.valueMaps, plausibility: params.plausibility, today });
    const fileProblems = result.problems.filter((p) => p.scope === 'file');
    if (fileProblems.length) {
      const hint = fileProblems.some((p) => p.reason.includes('no such column') || p.reason.includes('not mapped')) ? sheetHint(table.sheetsWithVisitTable ?? []) : '';
      throw new InputError(fileProblems.map((p) => `${p.column}: ${p.reason}`).join('; ') + (hint ? `.${hint}` : ''));
    }
    return {
      fileName: source.name,
      patients: result.patients,
      problems: result.problems,
      counts: result.counts,
      mapping,
      dateFormat,
      decisions,
      rejected: rejectedRowsTable(result, table),
      today,
    };
  },
  headline: (out) => ({
    ingest: {
      rows_read: out.counts.rowsRead,
      rows_accepted: out.counts.rowsAccepted,
      rows_rejected: out.counts.rowsRejected,
      patients_seen: out.counts.patientsSeen,
      patients_rejected: out.counts.patientsRejected,
      rows_of_rejected_patients: out.counts.rowsOfRejectedPatients,
      patients_without_valid_rows: out.counts.patientsWithoutValidRows ?? 0,
      mapping: out.mapping,
      date_format: out.dateFormat,
      today: out.today,
    },
  }),
  artifacts: (out) => [rejectedRowsArtifact(out.rejected)],
});

/**
 * Why no visit table was found under the suggested mapping: the missing required columns, the
 * header as read, and where a header or a visit table may be instead (a lower row, another sheet).
 */
function missingColumnsMessage(table: SourceTable, missing: readonly string[]): string {
  const where = table.sheet ? `the sheet "${table.sheet}"` : 'the file';
  const shownHeaders = table.headers.filter((h) => h !== '').slice(0, 12).map((h) => `"${h}"`).join(', ');
  let message = `No column of ${where} could be matched to ${missing.join(', ')} (the header read is row ${table.headerRow ?? 1}: ${shownHeaders || 'blank'}).`;
  const sheets = table.sheetsWithVisitTable ?? [];
  if (sheets.length > 0) {
    message += `${sheetHint(sheets)} Choose it with ${LOAD_PARAM_PHRASES.sheet}.`;
  } else {
    // A row further down that names some known columns is probably the real header.
    const at = table.rows.slice(0, 20).findIndex((r) => headerScore(r) >= 2);
    if (at >= 0) message += ` Row ${table.rowNumbers?.[at] ?? at + 2} looks like a header; remove the rows above it.`;
    message += ` Name the columns in ${LOAD_PARAM_PHRASES.mapping}.`;
  }
  return message;
}

/**
 * rejected_rows.csv, written by position: the user's columns keep their place and their
 * headers, duplicate and blank ones included, and our own columns (source_row first,
 * rejection_scope and rejection_reasons last) can never be overwritten by a user column of
 * the same name. The cells are already neutralized against formulas by rejectedRowsTable.
 */
export function rejectedRowsArtifact(rejected: LoadedCohort['rejected']): Extract<Artifact, { type: 'table' }> {
  return {
    type: 'table',
    name: 'rejected_rows',
    preview: false,
    caption: `The file's rejected rows as read, each with its source row and why. ${FILE_IDS_NOTE}`,
    csv: `${Papa.unparse([rejected.headers, ...rejected.rows], { newline: '\n' })}\n`,
  };
}
