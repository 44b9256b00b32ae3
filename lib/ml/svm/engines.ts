import { createLibsvmEngine } from './libsvm-engine';
import { loadLibsvm, type LoadLibsvmOptions } from './load-libsvm';
import { createMlSvmEngine, type MlSvmEngineOptions } from './ml-svm-engine';
import type { SvmEngine } from './types';

/**
 * The SVM engines by name. libsvm (WebAssembly) is the default and the one that matches
 * scikit-learn; ml-svm is pure JS and differs (see ml-svm-engine.ts). Engines are created
 * asynchronously because libsvm has to instantiate its WebAssembly module first.
 *
 * @example
 *   const engine = await getEngine();            // libsvm
 *   const js = await getEngine('ml-svm');
 */
export type EngineName = 'libsvm' | 'ml-svm';

export interface EngineOptions {
  libsvm?: LoadLibsvmOptions;
  mlSvm?: MlSvmEngineOptions;
}

export const engines: Record<EngineName, (options?: EngineOptions) => Promise<SvmEngine>> = {
  libsvm: async (options) => createLibsvmEngine(await loadLibsvm(options?.libsvm)),
  'ml-svm': async (options) => createMlSvmEngine(options?.mlSvm),
};

export const defaultEngineName: EngineName = 'libsvm';

export function getEngine(name: EngineName = defaultEngineName, options?: EngineOptions): Promise<SvmEngine> {
  const make = engines[name];
  if (!make) throw new Error(`unknown SVM engine '${name}' (known: ${Object.keys(engines).join(', ')})`);
  return make(options);
}
