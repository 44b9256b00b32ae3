/**
 * Study pseudonyms: how figures, publication tables, captions and reports name a patient,
 * never by the file's own id (in a clinic export usually the hospital record number).
 *
 * P1, P2, … number the loaded file's patients in the order each first appears in the file
 * (the load step's patient order: the row of a patient's first accepted visit); a patient
 * whose every row was rejected gets none. The same file gives the same pseudonyms in every
 * step, on every run.
 *
 * @example
 *   const names = studyPseudonyms(data.patients.map((p) => p.patientId));
 *   names.get('MRN-0042'); // 'P1' when MRN-0042 is the file's first patient
 */
export function studyPseudonyms(patientIds: Iterable<string>): Map<string, string> {
  const names = new Map<string, string>();
  for (const id of patientIds) if (!names.has(id)) names.set(id, `P${names.size + 1}`);
  return names;
}

/** The order the pseudonyms follow, as a caption states it. */
export const PSEUDONYM_ORDER = 'P1, P2, … in the order each patient first appears in the data file';

/** The sentence a data table that keeps the file's patient ids (for re-analysis) carries in its caption. */
export const FILE_IDS_NOTE = "Contains the file's patient ids: not for publication.";
