import { CANONICAL_COLUMNS, type CanonicalColumn, type ColumnMapping } from './types';

/** Header spellings (after `headerKey`) that mean each canonical column. */
const SYNONYMS: Record<CanonicalColumn, readonly string[]> = {
  patient_id: ['id', 'patient', 'patientno', 'patientnumber', 'pt', 'ptno', 'ptid', 'ptnumber', 'mrn', 'subject', 'subjectid', 'caseid', 'chartno', 'chartnumber', 'hospitalno', 'registrationno'],
  sex: ['gender'],
  age: ['ageyrs', 'ageyears', 'ageatonset'],
  birth_date: ['dob', 'birthdate', 'dateofbirth', 'birthday'],
  diabetes: ['dm', 'diabetesmellitus', 'diabetic'],
  hypertension: ['htn', 'ht', 'hbp', 'highbloodpressure'],
  onset_date: ['onset', 'dateofonset', 'onsetdate', 'symptomonset', 'dateofsymptomonset'],
  treatment_start_date: ['steroidstart', 'steroidstartdate', 'treatmentstart', 'dateofsteroidstart', 'txstart', 'txstartdate', 'treatmentdate'],
  delayed_treatment: ['delayedtx', 'delayed', 'latetreatment', 'delayedsteroid'],
  visit_date: ['visit', 'dateofvisit', 'examdate', 'dateofexam', 'examinationdate'],
  hb_grade: ['hb', 'hbgrade', 'housebrackmann', 'housebrackmanngrade', 'hbscore', 'grade'],
  site: ['center', 'centre', 'hospital', 'clinic'],
  diagnosis: ['dx'],
};

const LOOKUP: ReadonlyMap<string, CanonicalColumn> = (() => {
  const map = new Map<string, CanonicalColumn>();
  for (const column of CANONICAL_COLUMNS) {
    map.set(headerKey(column), column);
    for (const synonym of SYNONYMS[column]) map.set(synonym, column);
  }
  return map;
})();

/**
 * How a header is compared: lower case, compatibility-normalized, with spaces, underscores,
 * dashes, dots and other punctuation removed ("H-B grade" → "hbgrade").
 */
export function headerKey(header: string): string {
  return header.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

export interface MappingSuggestion {
  mapping: ColumnMapping;
  /** Canonical columns that more than one header could mean: left unmapped for the user to pick. */
  ambiguous: { column: CanonicalColumn; candidates: string[] }[];
  /** Non-blank headers that match no canonical column (kept as they are, unused). */
  unmapped: string[];
}

/**
 * Suggests which header holds each canonical column: by name or a known synonym, ignoring
 * case, spaces, underscores, dashes and dots, and a trailing unit in brackets ("Age (yrs)").
 * Never picks silently: when two headers match one column, neither is mapped and the pair is
 * reported in `ambiguous`.
 *
 * @example
 *   suggestMapping(['Pt No', 'Gender', 'H-B grade']).mapping;
 *   // { patient_id: 'Pt No', sex: 'Gender', hb_grade: 'H-B grade' }
 */
export function suggestMapping(headers: readonly string[]): MappingSuggestion {
  const matches = new Map<CanonicalColumn, string[]>();
  const unmapped: string[] = [];
  for (const header of headers) {
    if (header.trim() === '') continue;
    const column = matchHeader(header);
    if (column === undefined) unmapped.push(header);
    else matches.set(column, [...(matches.get(column) ?? []), header]);
  }
  const mapping: ColumnMapping = {};
  const ambiguous: MappingSuggestion['ambiguous'] = [];
  for (const column of CANONICAL_COLUMNS) {
    const candidates = matches.get(column);
    if (!candidates) continue;
    if (candidates.length === 1) mapping[column] = candidates[0]!;
    else ambiguous.push({ column, candidates });
  }
  return { mapping, ambiguous, unmapped };
}

/** The canonical column a header means, if any. */
export function matchHeader(header: string): CanonicalColumn | undefined {
  const whole = LOOKUP.get(headerKey(header));
  if (whole) return whole;
  // A unit or note in brackets ("Age (yrs)", "Onset [date]") does not change the meaning.
  const stripped = header.replace(/\s*[([{][^)\]}]*[)\]}]\s*/g, ' ');
  return stripped === header ? undefined : LOOKUP.get(headerKey(stripped));
}
