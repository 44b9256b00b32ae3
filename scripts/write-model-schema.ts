/**
 * Writes docs/prognosis-model.schema.json, the JSON Schema of the prognosis model file, from the
 * zod schema the workbench reads it with (tests/unit/prognosis/model-schema-doc.test.ts fails
 * when the two differ: run `npx tsx scripts/write-model-schema.ts`).
 */
import { writeFileSync } from 'node:fs';
import { modelFileJsonSchema } from '../lib/models/model-file';
import { prognosisModelJsonSchema } from '../lib/prognosis/model-file';

writeFileSync('docs/prognosis-model.schema.json', `${JSON.stringify(prognosisModelJsonSchema(), null, 2)}\n`);
process.stderr.write('wrote docs/prognosis-model.schema.json\n');
// The SVM, logistic-regression and LSTM model files (lib/models/model-file.ts; tests/unit/models/model-files.test.ts checks it).
writeFileSync('docs/model-file.schema.json', `${JSON.stringify(modelFileJsonSchema(), null, 2)}\n`);
process.stderr.write('wrote docs/model-file.schema.json\n');
