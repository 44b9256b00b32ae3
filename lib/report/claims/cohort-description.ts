import { andList, obj, type KindClaims } from './types';

const ROWS: Record<string, string> = {
  age: 'age',
  sex: 'sex',
  diabetes: 'diabetes',
  hypertension: 'hypertension',
  initialGrade: 'initial grade',
  firstVisitDay: 'day of the first visit',
  followUpDays: 'follow-up',
  delayedTreatment: 'treatment timing',
};

/** Table 1 (development vs temporal validation) and the course figure. Reads the headline's `table1` block. */
export const cohortDescriptionClaims: KindClaims = ({ manifest, cells, u }) => {
  const p = cells[0]!.params;
  const t1 = obj(manifest.table1);
  const n = obj(t1.n);
  const rows = andList(Object.keys(ROWS).filter((k) => k in t1).map((k) => ROWS[k]!));
  const sizes = n.development !== undefined ? ` (${u(n.development)} and ${u(n.validation)} patients)` : '';
  const text = `Table 1 compares the development and temporal validation sets${sizes}${rows ? `: ${rows}` : ''}; Fig. 2 shows the grades of the ${p.set === 'all-included' ? 'included' : 'development'} patients up to day ${u(p.maxDay)}.`;
  return {
    methods: [{ section: 'Study population', text }],
    tripod: [{ item: '20b', text: `Table 1: development vs temporal validation set${sizes}${rows ? `, ${rows}` : ''}.` }],
  };
};
