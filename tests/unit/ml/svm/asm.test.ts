import { describe, expect, it } from 'vitest';
import { createLibsvmEngine } from '@/lib/ml/svm/libsvm-engine';
import { loadLibsvm } from '@/lib/ml/svm/load-libsvm';
import { type ImportanceFixture, readReference, referenceData } from './fixtures';

// Its own file: loadLibsvm loads one build per JS realm (each vitest file runs in its own).
describe('libsvm asm.js build (no WebAssembly)', () => {
  it('loads without a binary and fits the same model as the wasm build / sklearn', async () => {
    const libsvm = await loadLibsvm({ build: 'asm' });
    expect(libsvm.source).toBe('asm');
    await expect(loadLibsvm()).rejects.toThrow(/already loading the asm build/);
    const engine = createLibsvmEngine(libsvm);
    const data = referenceData();
    const ref = readReference<ImportanceFixture>('importance.json');
    const model = engine.fit(data.Xall, data.yall, { C: ref.C, gamma: ref.gamma });
    expect(model.rbf().supportIndices).toEqual(ref.model.support);
    expect(Math.abs(model.rbf().rho - ref.model.rho)).toBeLessThanOrEqual(1e-12);
    model.free();
  });
});
