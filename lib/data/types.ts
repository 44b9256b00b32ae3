/**
 * The input contract after ingestion: what every analysis cell consumes.
 * Plain serializable data (it crosses the Web Worker boundary as is).
 */

export type Sex = 'M' | 'F';

/** One graded (or ungraded) clinic visit, as read from the source file. */
export interface Visit {
  /** 1-based row number in the source file (the header is row 1, the first data row is row 2). */
  row: number;
  /** ISO date yyyy-mm-dd. */
  date: string;
  /** Days since onset (visit date - onset date). */
  day: number;
  /** House-Brackmann grade 1..6 (a range such as III-IV is 3.5); null = ungraded visit. */
  grade: number | null;
  /** The grade as written in the source, for display and audit. */
  gradeText: string;
}

/** One patient with every accepted visit, sorted by date. */
export interface Patient {
  patientId: string;
  sex: Sex | null;
  /** Years at onset. */
  age: number | null;
  diabetes: boolean | null;
  hypertension: boolean | null;
  /** ISO date of onset (day 0). */
  onsetDate: string;
  /** Steroid started more than 7 days after onset; null when unknown. */
  delayedTreatment: boolean | null;
  /** ISO date the steroid was started, when the source gives it (delayedTreatment is derived from it). */
  treatmentStartDate?: string;
  site?: string;
  diagnosis?: string;
  visits: Visit[];
}

/** Why a value, a row or a patient was not accepted. Every rejection has one. */
export interface Problem {
  /** 1-based source row (0 = the file as a whole, e.g. a missing required column). */
  row: number;
  /** Canonical column name (or the source header when unmapped). */
  column: string;
  value: string;
  reason: string;
  patientId?: string;
  /** What was rejected because of it. */
  scope: 'file' | 'row' | 'patient' | 'warning';
  /** Scope 'patient': every source row the rejection takes out (added for the rejected-rows export). */
  rows?: number[];
}

/** Our column names (the input contract, PIPELINE.md section 0). */
export const CANONICAL_COLUMNS = [
  'patient_id',
  'sex',
  'age',
  'birth_date',
  'diabetes',
  'hypertension',
  'onset_date',
  'treatment_start_date',
  'delayed_treatment',
  'visit_date',
  'hb_grade',
  'site',
  'diagnosis',
] as const;
export type CanonicalColumn = (typeof CANONICAL_COLUMNS)[number];

/** Canonical column -> source header (absent: not in the file). Stored with the notebook. */
export type ColumnMapping = Partial<Record<CanonicalColumn, string>>;

export type DateFormat = 'iso' | 'dd/mm/yyyy' | 'mm/dd/yyyy' | 'yyyy.mm.dd' | 'excel-serial';

/** The result of reading and validating one file. Nothing is dropped without a Problem. */
export interface IngestResult {
  patients: Patient[];
  problems: Problem[];
  counts: {
    /** Data rows in the file (header excluded). */
    rowsRead: number;
    rowsAccepted: number;
    /** Rows rejected on their own (bad value) — each has at least one Problem with scope 'row'. */
    rowsRejected: number;
    /** Patients seen in any row, accepted or not. */
    patientsSeen: number;
    /** Patients rejected as a whole (conflicting patient-level values); their rows are not in rowsAccepted. */
    patientsRejected: number;
    rowsOfRejectedPatients: number;
    /**
     * Patients none of whose rows survived row-level validation (so neither in `patients` nor
     * rejected as a whole). patientsSeen = patients.length + patientsRejected + this.
     */
    patientsWithoutValidRows?: number;
  };
  mapping: ColumnMapping;
  dateFormat: DateFormat;
}

/**
 * A table as read from a file, before any validation: every cell is text.
 * (Added for ingestion; `rowNumbers[i]` is the 1-based source row of `rows[i]`, so messages can
 * point at the row a user sees in the spreadsheet. Absent: row i is source row i + 2.)
 */
export interface SourceTable {
  headers: string[];
  rows: string[][];
  rowNumbers?: number[];
  /** 1-based source row of the header (absent: 1). */
  headerRow?: number;
  format?: 'csv' | 'tsv' | 'xlsx';
  /** CSV/TSV read from bytes: the encoding the text was decoded from. */
  encoding?: 'utf-8' | 'utf-8 with BOM' | 'utf-16le' | 'utf-16be';
  /** Rows above the header that were taken as titles (the header was found further down). */
  titleRows?: { row: number; text: string }[];
  /** XLSX: the sheet read and every sheet in the workbook. */
  sheet?: string;
  sheetNames?: string[];
  /** XLSX: sheets (other than the one read) whose first rows name every required column. */
  sheetsWithVisitTable?: string[];
  /** Rows the reader could not parse cleanly (e.g. a malformed quote); ingestion rejects them. */
  parseErrors?: { row: number; message: string }[];
}

/** The outcome of reading one value: the value, or a reason a person can act on. */
export type ParseResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Per-column maps from a raw value to the value the parser should see, e.g.
 * `{ sex: { '1': 'M', '2': 'F' }, hb_grade: { 'NA': '' } }`. Keys are matched after trimming,
 * exactly first and then case-insensitively.
 */
export type ValueMaps = Partial<Record<CanonicalColumn, Record<string, string>>>;
