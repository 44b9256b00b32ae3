import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { prognosisModelJsonSchema } from '@/lib/prognosis/model-file';

describe('docs/prognosis-model.schema.json', () => {
  it('is the schema the workbench reads model files with (regenerate: npx tsx scripts/write-model-schema.ts)', () => {
    expect(JSON.parse(readFileSync('docs/prognosis-model.schema.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(prognosisModelJsonSchema())));
  });
});
