/**
 * Writes docs/prognosis-model.schema.json, the JSON Schema of the prognosis model file, from the
 * zod schema the workbench reads it with (tests/unit/prognosis/model-schema-doc.test.ts fails
 * when the two differ: run `npx tsx scripts/write-model-schema.ts`).
 */
import { writeFileSync } from 'node:fs';
import { prognosisModelJsonSchema } from '../lib/prognosis/model-file';

writeFileSync('docs/prognosis-model.schema.json', `${JSON.stringify(prognosisModelJsonSchema(), null, 2)}\n`);
process.stderr.write('wrote docs/prognosis-model.schema.json\n');
