import { author, numOf, obj, type KindClaims } from './types';

/**
 * The load step: the file, what its reader accepted and rejected, and how implausible values
 * were treated (`plausibility`). Reads `manifest.data` and the headline's `ingest` block.
 */
export const loadCohortClaims: KindClaims = ({ manifest, cells, u }) => {
  const p = cells[0]!.params;
  const data = obj(manifest.data);
  const ingest = obj(manifest.ingest);
  const read = numOf(ingest.rows_read);
  const rejectedRows = numOf(ingest.rows_rejected) ?? 0;
  const rejectedPatients = numOf(ingest.patients_rejected) ?? 0;
  const implausible = p.plausibility === 'reject' ? 'rejected' : 'kept with a warning';
  const counts =
    read !== undefined
      ? `The visit table ${u(data.name ?? '')} had ${u(read)} rows of ${u(ingest.patients_seen ?? '?')} patients; ${u(rejectedRows)} rows${rejectedPatients ? ` and ${u(rejectedPatients)} patients (conflicting patient-level values or no usable row)` : ''} were rejected while reading (listed in rejected_rows.csv), and rows with implausible values (a visit after the reading day, an onset before 1950) were ${implausible}.`
      : `Rows with implausible values (a visit after the reading day, an onset before 1950) were ${implausible}.`;
  const label = typeof manifest.label === 'string' ? ` Note: ${u(manifest.label)}` : '';
  return {
    methods: [{ section: 'Study population', text: counts }],
    tripod: [
      { item: '5a', text: `${u(ingest.rows_accepted ?? '?')} rows accepted, ${u(rejectedRows)} rejected while reading.${label} ${author('where, when and how the data were collected; representativeness')}` },
      { item: '7', text: `Rows the reader could not parse were rejected and listed (rejected_rows.csv); implausible values were ${implausible}.` },
      { item: '11', text: `${u(rejectedRows)} rows were rejected while reading (unparseable or missing required values), not imputed.` },
    ],
    probast: [
      { models: ['svm', 'lstm', 'prognosis', 'external'], question: '1.1', rating: 'NI', text: `One visit table (${u(data.name ?? '')}); its origin (cohort, registry, trial) is not in the run. ${author('data source and design')}` },
    ],
  };
};
