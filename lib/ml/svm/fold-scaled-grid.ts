import { fitStandardizer } from '../../stats/standardize';
import type { Grid } from './default-grid';
import { gridSearch, selectBest, type GridCell, type GridSearchOptions, type GridSearchResult } from './grid-search';
import type { FeatureRows, SvmEngine } from './types';

/**
 * Grid search with the scaler fitted inside each CV fold (scikit-learn's
 * `Pipeline([StandardScaler(), SVC()])` under `GridSearchCV`): for held-out fold f, the
 * features are standardized with the mean and SD of the other folds' rows only, so the
 * held-out fold never shapes its own scaling. Takes the *raw* training features.
 * Same cells layout as `gridSearch`.
 */
export async function foldScaledGridSearch(
  rawX: FeatureRows,
  y: readonly number[],
  folds: readonly number[],
  grid: Grid,
  engine: SvmEngine,
  options: Omit<GridSearchOptions, 'scoreFolds' | 'onProgress'> = {},
): Promise<GridSearchResult> {
  const k = Math.max(...folds) + 1;
  const perFold: GridCell[][] = [];
  for (let f = 0; f < k; f++) {
    const fitRows = rawX.filter((_, i) => folds[i] !== f);
    const X = fitStandardizer(fitRows).transform(rawX);
    perFold.push((await gridSearch(X, y, folds, grid, engine, { ...options, scoreFolds: [f] })).cells);
  }
  const cells = perFold[0]!.map((cell, c) => {
    const foldAccuracy = perFold.map((cellsOfFold) => cellsOfFold[c]!.foldAccuracy[0]!);
    return { C: cell.C, gamma: cell.gamma, foldAccuracy, mean: foldAccuracy.reduce((s, a) => s + a, 0) / k };
  });
  return { cells, best: selectBest(cells) };
}
