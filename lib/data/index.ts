// Ingestion of clinic exports: read a file, map its columns, validate it into patients.
export * from './types';
export { IngestError, type IngestErrorCode } from './ingest-error';
export { readTable, type TableInput } from './read-table';
export { parseDelimited } from './parse-delimited';
export { readXlsx } from './read-xlsx';
export { decodeText } from './decode-text';
export { suggestMapping, matchHeader, headerKey, type MappingSuggestion } from './column-mapping';
export { parseGrade } from './parse-grade';
export { parseBoolean } from './parse-boolean';
export { parseSex } from './parse-sex';
export { parseDate, type DateCell } from './parse-date';
export { parseNumber } from './parse-number';
export { parseText, isFormulaLike } from './parse-text';
export { detectDateFormat, detectTableDateFormat, type DateFormatDetection } from './detect-date-format';
export { ingest, REQUIRED_COLUMNS, DELAYED_AFTER_DAYS, type IngestOptions } from './ingest';
export { rejectedRowsTable } from './rejected-rows';
export { neutralizeFormula } from './neutralize-formula';
export { parseIngestSettings, ingestSettingsSchema } from './ingest-settings';
