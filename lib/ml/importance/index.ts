export { permutationImportance } from './permutation-importance';
export { naivePermutationImportance } from './naive-permutation-importance';
export { drawPermutations, planPermutations, isConstantColumn } from './permutation-plan';
export type { Permutation, PermutationOptions, PermutationPlan } from './permutation-plan';
export type { FeatureImportance, PermutationImportanceResult } from './importance-result';
