/**
 * The clinical facts the teaching notebook shows, each with its source. Written for this
 * workbench from the project's clinical reference; every statement names where it comes from,
 * and a unit test walks them (and the notebook's prose) for a citation. Educational content:
 * not advice for an individual patient.
 *
 * Deliberately absent: claims the clinical reference lists as unsupported (a high-dose steroid
 * "for refractory palsy"; Parry–Romberg syndrome treated as a facial palsy; an unverified
 * figure for patients who worsen after presentation) and figures whose study it does not name
 * (a kappa for House–Brackmann agreement).
 *
 * Steroid timing: teaching text uses the guideline's 72 hours. The 7-day cut is the reproduced
 * paper's "delayed treatment" feature and is named as such, never as a treatment window.
 */

/**
 * The named sources of the project's clinical reference: the only sources a clinical
 * statement may cite. Keys are source ids; values are the short names printed next to a
 * statement (a citation label starts with its source's short name).
 */
export const SOURCES = {
  'house-brackmann-1985': 'House & Brackmann 1985',
  'aao-hns-2013': 'AAO-HNS 2013',
  'peitersen-2002': 'Peitersen 2002',
  'sullivan-2007': 'Sullivan 2007',
  'engstrom-2008': 'Engström et al. 2008',
  'berg-2009': 'Berg et al. 2009',
  'han-park-2026': 'Han, Park et al. 2026',
} as const;

export type SourceId = keyof typeof SOURCES;

/** Not a clinical source: this workbench's own code, cited only by statements about the workbench. */
export const WORKBENCH_SOURCE = 'workbench';

export const CITATIONS = {
  'house-brackmann-1985': 'House JW, Brackmann DE. Facial nerve grading system. Otolaryngol Head Neck Surg 1985',
  'aao-hns-2013': 'Baugh RF et al. Clinical practice guideline: Bell’s palsy (AAO-HNS). Otolaryngol Head Neck Surg 2013',
  'aao-hns-2013-eye': 'Baugh RF et al. Clinical practice guideline: Bell’s palsy (AAO-HNS). Otolaryngol Head Neck Surg 2013 — eye protection when the eye does not close (strong recommendation)',
  'peitersen-2002': 'Peitersen E. Bell’s palsy: the spontaneous course of 2,500 peripheral facial nerve palsies of different etiologies. Acta Otolaryngol Suppl 2002',
  'sullivan-2007': 'Sullivan FM et al. Early treatment with prednisolone or acyclovir in Bell’s palsy. N Engl J Med 2007',
  'engstrom-2008': 'Engström M et al. Prednisolone and valaciclovir in Bell’s palsy: a randomised, double-blind, placebo-controlled, multicentre trial. Lancet Neurol 2008',
  'berg-2009': 'Berg T et al. Laryngoscope 2009 (doi 10.1002/lary.20626): recovery rates of the Scandinavian prednisolone trial under different outcome definitions',
  'han-park-2026': 'Han, Park et al. Prediction of recovery grade in Bell’s palsy using machine learning models. Sci Rep 2026 (doi 10.1038/s41598-025-34934-z)',
  'workbench-parse-grade': 'This workbench’s grade reader (lib/data/parse-grade.ts)',
} as const;

export type CitationKey = keyof typeof CITATIONS;

/** The source each citation points to: a named source of the clinical reference, or this workbench. */
export const CITATION_SOURCE: Record<CitationKey, SourceId | typeof WORKBENCH_SOURCE> = {
  'house-brackmann-1985': 'house-brackmann-1985',
  'aao-hns-2013': 'aao-hns-2013',
  'aao-hns-2013-eye': 'aao-hns-2013',
  'peitersen-2002': 'peitersen-2002',
  'sullivan-2007': 'sullivan-2007',
  'engstrom-2008': 'engstrom-2008',
  'berg-2009': 'berg-2009',
  'han-park-2026': 'han-park-2026',
  'workbench-parse-grade': WORKBENCH_SOURCE,
};

/** The short label printed next to a statement, e.g. "AAO-HNS 2013". */
export const CITATION_LABELS: Record<CitationKey, string> = {
  'house-brackmann-1985': 'House & Brackmann 1985',
  'aao-hns-2013': 'AAO-HNS 2013',
  'aao-hns-2013-eye': 'AAO-HNS 2013, eye protection',
  'peitersen-2002': 'Peitersen 2002',
  'sullivan-2007': 'Sullivan 2007',
  'engstrom-2008': 'Engström et al. 2008',
  'berg-2009': 'Berg et al. 2009',
  'han-park-2026': 'Han, Park et al. 2026',
  'workbench-parse-grade': 'this workbench',
};

export interface Statement {
  text: string;
  cite: CitationKey;
}

export interface GradeCard {
  grade: number;
  roman: string;
  name: string;
  overall: string;
  rest: string;
  forehead: string;
  eye: string;
  mouth: string;
  cite: CitationKey;
}

export const HB_GRADES: readonly GradeCard[] = [
  { grade: 1, roman: 'I', name: 'Normal', overall: 'Normal function in every area of the face.', rest: 'Normal', forehead: 'Normal', eye: 'Normal', mouth: 'Normal', cite: 'house-brackmann-1985' },
  { grade: 2, roman: 'II', name: 'Mild dysfunction', overall: 'Weakness seen only on close inspection; perhaps very slight synkinesis.', rest: 'Symmetric, normal tone', forehead: 'Moderate to good movement', eye: 'Closes fully with minimal effort', mouth: 'Slightly asymmetric', cite: 'house-brackmann-1985' },
  { grade: 3, roman: 'III', name: 'Moderate dysfunction', overall: 'An obvious but not disfiguring difference between the sides; synkinesis, contracture or spasm can be noticed.', rest: 'Normal symmetry and tone', forehead: 'Slight to moderate movement', eye: 'Closes fully, with effort', mouth: 'Slightly weak at maximum effort', cite: 'house-brackmann-1985' },
  { grade: 4, roman: 'IV', name: 'Moderately severe dysfunction', overall: 'Obvious weakness, disfiguring asymmetry, or both.', rest: 'Normal symmetry and tone', forehead: 'No movement', eye: 'Does not close completely', mouth: 'Asymmetric at maximum effort', cite: 'house-brackmann-1985' },
  { grade: 5, roman: 'V', name: 'Severe dysfunction', overall: 'Motion is barely perceptible.', rest: 'Asymmetric', forehead: 'No movement', eye: 'Does not close completely', mouth: 'Slight movement only', cite: 'house-brackmann-1985' },
  { grade: 6, roman: 'VI', name: 'Total paralysis', overall: 'No movement at all.', rest: 'Tone lost', forehead: 'No movement', eye: 'No movement', mouth: 'No movement', cite: 'house-brackmann-1985' },
];

export const HB_NOTES: readonly Statement[] = [
  { text: 'What separates grade III from grade IV is whether the eye closes completely: at III it still closes with effort, from IV on it does not.', cite: 'house-brackmann-1985' },
  { text: 'Records do not always settle on one grade: in the cohort of the paper this workbench reproduces, some grades were written as a range, and its table of initial grades counts a range as the more severe grade.', cite: 'han-park-2026' },
  { text: 'This workbench reads a range of two adjacent grades (“III–IV”, “3/4”) or a written half grade (“3.5”) as the lower grade plus one half, so III–IV becomes 3.5; ranges that span more than one grade are rejected with a message naming the row.', cite: 'workbench-parse-grade' },
  { text: 'The analysis treats these half grades as numbers between the two whole grades: the classifier and the LSTM see 3.5, and “recovered” means a grade of II or better (2 or lower).', cite: 'workbench-parse-grade' },
];

export interface GuidelineStatement extends Statement {
  strength: 'Strong recommendation' | 'Recommendation' | 'Option' | 'No recommendation';
}

export const GUIDELINE: readonly GuidelineStatement[] = [
  { strength: 'Strong recommendation', text: 'Take a history and examine the patient to rule out other, identifiable causes of facial weakness.', cite: 'aao-hns-2013' },
  { strength: 'Strong recommendation', text: 'Give oral steroids within 72 hours of onset to patients aged 16 or older (for example prednisolone 50 mg daily for 10 days, or prednisone 60 mg daily for 5 days followed by a taper).', cite: 'aao-hns-2013' },
  { strength: 'Strong recommendation', text: 'Do not prescribe an antiviral on its own.', cite: 'aao-hns-2013' },
  { strength: 'Strong recommendation', text: 'Protect the eye when it does not close.', cite: 'aao-hns-2013-eye' },
  { strength: 'Recommendation', text: 'Do not order routine laboratory tests or routine imaging.', cite: 'aao-hns-2013' },
  { strength: 'Recommendation', text: 'Do not perform electrodiagnostic tests in an incomplete palsy.', cite: 'aao-hns-2013' },
  { strength: 'Recommendation', text: 'Reassess or refer when new neurological signs or eye symptoms appear, or when recovery is incomplete at 3 months.', cite: 'aao-hns-2013' },
  { strength: 'Option', text: 'An antiviral may be added to the steroid within 72 hours of onset.', cite: 'aao-hns-2013' },
  { strength: 'Option', text: 'Electrodiagnostic testing (ENoG, between days 3 and 14) may be offered in a complete palsy.', cite: 'aao-hns-2013' },
  { strength: 'No recommendation', text: 'The guideline makes no recommendation on surgical decompression.', cite: 'aao-hns-2013' },
];

export const EYE_CARE: readonly Statement[] = [
  { text: 'From grade IV on, the eye no longer closes completely.', cite: 'house-brackmann-1985' },
  { text: 'An eye that does not close leaves the cornea exposed; the guideline strongly recommends eye protection whenever the eye does not close.', cite: 'aao-hns-2013-eye' },
];

export const REASSESS: readonly Statement[] = [
  { text: 'Reassess or refer at new neurological signs, at new eye symptoms, and when recovery is incomplete 3 months after onset.', cite: 'aao-hns-2013' },
];

export const PROGNOSIS: readonly Statement[] = [
  { text: 'In Peitersen’s series of facial palsies followed without treatment (1,701 of them Bell’s palsy), 85% began to improve within 3 weeks and the rest after 3 to 6 months.', cite: 'peitersen-2002' },
  { text: 'In that untreated series 71% recovered completely: 94% of incomplete palsies but only 61% of complete palsies.', cite: 'peitersen-2002' },
  { text: 'How severe the palsy is at the start is the strongest single predictor of the outcome: an incomplete palsy recovers completely far more often than a complete one.', cite: 'peitersen-2002' },
  { text: 'In a randomized trial of 551 patients, prednisolone started within 72 hours raised complete recovery from 64% to 83% at 3 months and from 82% to 94% at 9 months; acyclovir added nothing.', cite: 'sullivan-2007' },
  { text: 'In a Scandinavian trial of 829 patients, 72% recovered completely by 12 months with prednisolone against 57% without, when “recovered” means a Sunnybrook score of 100.', cite: 'engstrom-2008' },
  { text: 'Counted as House–Brackmann grade I instead, the same trial’s rates are 78% against 64%: a recovery rate means little without the definition of “recovered” it uses.', cite: 'berg-2009' },
  { text: 'The paper this workbench reproduces uses delayed treatment, diabetes and hypertension as model features because earlier studies it cites report them as risk factors for poor recovery.', cite: 'han-park-2026' },
  { text: 'In that paper “delayed treatment” means a steroid started more than 7 days after onset. This 7-day cut is the paper’s feature for describing its patients, not a treatment window.', cite: 'han-park-2026' },
  { text: 'For when to treat, the guideline recommends oral steroids within 72 hours of onset (patients aged 16 or older).', cite: 'aao-hns-2013' },
];

export const EDUCATIONAL_LABEL = 'Educational use only: not for decisions about an individual patient.';
export const SYNTHETIC_LABEL = 'The bundled data are synthetic (simulated patients).';

/** "Text [AAO-HNS 2013]" — how a statement is printed. */
export function cited(s: Statement): string {
  return `${s.text} [${CITATION_LABELS[s.cite]}]`;
}

/** Every statement with its citation, for the citation test and the handout. */
export function allStatements(): Statement[] {
  const cards = HB_GRADES.flatMap((g) => [g.overall, g.rest, g.forehead, g.eye, g.mouth].map((text) => ({ text, cite: g.cite })));
  return [...cards, ...HB_NOTES, ...GUIDELINE, ...EYE_CARE, ...REASSESS, ...PROGNOSIS];
}

/** Published anchors for the natural-history figure (share completely recovered, grade I). */
export interface PublishedAnchor {
  label: string;
  /** Day since onset the figure refers to; null = the series' final outcome. */
  day: number | null;
  percent: number;
  group: string;
  cite: CitationKey;
}

export const NATURAL_HISTORY_ANCHORS: readonly PublishedAnchor[] = [
  { label: 'Untreated, final outcome', day: null, percent: 71, group: 'untreated (Peitersen)', cite: 'peitersen-2002' },
  { label: 'Prednisolone, 3 months', day: 90, percent: 83, group: 'prednisolone (Sullivan)', cite: 'sullivan-2007' },
  { label: 'No prednisolone, 3 months', day: 90, percent: 64, group: 'no prednisolone (Sullivan)', cite: 'sullivan-2007' },
  { label: 'Prednisolone, 9 months', day: 270, percent: 94, group: 'prednisolone (Sullivan)', cite: 'sullivan-2007' },
  { label: 'No prednisolone, 9 months', day: 270, percent: 82, group: 'no prednisolone (Sullivan)', cite: 'sullivan-2007' },
];
