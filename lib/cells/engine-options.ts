import type { ExecutionEnv } from '../notebook/define-cell';
import type { EngineOptions } from '../ml/svm/engines';

/** How the SVM engines load on this host: the libsvm build and where its binary is served. */
export function libsvmOptions(env: ExecutionEnv): EngineOptions {
  if (env.libsvmBuild === 'asm') return { libsvm: { build: 'asm' } };
  if (env.libsvmGlueUrl) return { libsvm: { glueUrl: env.libsvmGlueUrl } };
  if (env.libsvmWasmBinary) return { libsvm: { wasmBinary: env.libsvmWasmBinary } };
  return env.libsvmWasmUrl ? { libsvm: { wasmUrl: env.libsvmWasmUrl } } : {};
}
