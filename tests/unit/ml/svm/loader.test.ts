import { describe, expect, it } from 'vitest';
import { getEngine } from '@/lib/ml/svm/engines';
import { loadLibsvm } from '@/lib/ml/svm/load-libsvm';

describe('libsvm loader (Node, package path)', () => {
  it("loads through the package's own Node path when given nothing, once per realm", async () => {
    const a = await loadLibsvm();
    expect(a.build).toBe('wasm');
    expect(a.source).toBe('package');
    expect(await loadLibsvm()).toBe(a);
    const engine = await getEngine();
    expect(engine.name).toBe('libsvm');
    const model = engine.fit([[0], [0.2], [1], [1.2]], [0, 0, 1, 1], { C: 10, gamma: 1 });
    expect(engine.predict(model, [[0.1], [1.1]])).toEqual([0, 1]);
    model.free();
    expect((await getEngine('ml-svm')).name).toBe('ml-svm');
  });
});
