/**
 * Public API of the derived-feature expression language: a user writes a per-window feature
 * as text (e.g. `change(0, 14)`, `first_improvement_day()`, `grade_at(14)`); we parse it with a
 * hand-written parser and walk the tree (no eval, so it runs under the page's strict CSP).
 *
 *   const expr = parseExpression('slope(0, present_day)');   // throws ExpressionError
 *   evaluateExpression(expr, ctx);                             // one patient, one present visit
 *   deriveFeature(expr, patients, windows);                    // every window, with problems
 */
export { ExpressionError, MAX_EXPRESSION_LENGTH, caretPointer, type ExpressionErrorPhase } from './tokenize';
export { MAX_NESTING_DEPTH, expressionFunctions, expressionVariables, parseExpression, type Expression, type ExpressionNode } from './parse';
export { evaluateExpression, explainNonFinite } from './evaluate';
export { FUNCTIONS, VARIABLES, type ExpressionContext, type ExpressionStatics, type FunctionSpec, type VariableSpec } from './functions';
export { deriveFeature, windowContext, type DerivedFeatureProblem, type DerivedFeatureResult, type DerivedFeatureWindow } from './derived-feature';
