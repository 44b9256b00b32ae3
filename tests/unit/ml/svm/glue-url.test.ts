import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createLibsvmEngine } from '@/lib/ml/svm/libsvm-engine';
import { loadLibsvm } from '@/lib/ml/svm/load-libsvm';
import { glueAsModule } from '@/scripts/libsvm-glue-module.mjs';

const asset = (name: string) => readFileSync(fileURLToPath(new URL(`../../../../node_modules/libsvm-js/out/wasm/${name}`, import.meta.url)));

// The browser-worker path, exercised in Node: the glue, wrapped as an ES module as
// scripts/copy-assets.mjs serves it, is imported from a URL (here a data: URL; no eval), and its
// request for libsvm.wasm is answered by the loader.
describe('libsvm loader (glue from a URL, as in a browser worker)', () => {
  it('imports the glue module and answers its libsvm.wasm request from wasmUrl', async () => {
    const glueUrl = `data:text/javascript;base64,${Buffer.from(glueAsModule(asset('libsvm.js').toString('utf8'))).toString('base64')}`;
    const wasmUrl = `data:application/octet-stream;base64,${asset('libsvm.wasm').toString('base64')}`;
    const libsvm = await loadLibsvm({ glueUrl, wasmUrl });
    expect(libsvm.source).toBe('wasmUrl');
    expect(libsvm.glueUrl).toBe(glueUrl);
    const engine = createLibsvmEngine(libsvm);
    const model = engine.fit([[0], [0.2], [1], [1.2]], [0, 0, 1, 1], { C: 10, gamma: 1 });
    expect(engine.predict(model, [[0.1], [1.1]])).toEqual([0, 1]);
    expect(model.rbf().supportVectors.length).toBeGreaterThan(0);
    model.free();
  });
});
