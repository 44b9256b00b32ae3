export * from './landmark-rows';
export * from './features';
export * from './constrained-logistic';
export * from './censoring';
export * from './fit';
export * from './predict';
