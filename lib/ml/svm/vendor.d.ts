// libsvm-js 0.2.1 and ml-svm 2.1.2 are untyped CommonJS; their shapes live next to the engines, which cast.

declare module 'libsvm-js/out/wasm/libsvm.js' {
  const module: unknown;
  export default module;
}

declare module 'libsvm-js/out/asm/libsvm.js' {
  const module: unknown;
  export default module;
}

declare module 'libsvm-js/src/loadSVM.js' {
  const loadSVM: (module: unknown) => unknown;
  export default loadSVM;
}

declare module 'ml-svm' {
  const MlSvm: unknown;
  export default MlSvm;
}
