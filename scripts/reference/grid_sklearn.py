#!/usr/bin/python3
"""scikit-learn's grid search on given rows and folds, to compare with `cli/bench-grid-large.ts`.

    /usr/bin/python3 scripts/reference/grid_sklearn.py FILE.json [--jobs 2]

FILE.json: {"X": rows, "y": labels, "folds": fold index per row, "grid": {"C": [...], "gamma": [...]}}
(the features as the grid sees them: already standardized). Runs
GridSearchCV(SVC(kernel='rbf'), grid, cv=PredefinedSplit(folds), scoring='accuracy', refit=False).
Prints one JSON object: wall seconds, the best pair (ties as ours: smaller C, then smaller
gamma) and each cell's per-fold accuracies in C-major order.
"""
import json
import sys
import time

import numpy as np
import sklearn
from sklearn.model_selection import GridSearchCV, PredefinedSplit
from sklearn.svm import SVC


def main():
    path = sys.argv[1]
    jobs = int(sys.argv[sys.argv.index('--jobs') + 1]) if '--jobs' in sys.argv else 2
    with open(path) as f:
        data = json.load(f)
    X, y, folds, grid = np.asarray(data['X'], float), np.asarray(data['y']), data['folds'], data['grid']
    k = max(folds) + 1
    t0 = time.perf_counter()
    s = GridSearchCV(SVC(kernel='rbf'), {'C': grid['C'], 'gamma': grid['gamma']}, cv=PredefinedSplit(folds), scoring='accuracy', n_jobs=jobs, refit=False).fit(X, y)
    seconds = time.perf_counter() - t0
    r = s.cv_results_
    by = {}
    for i, p in enumerate(r['params']):
        by[(p['C'], p['gamma'])] = [float(r[f'split{f}_test_score'][i]) for f in range(k)]
    cells = [{'C': C, 'gamma': g, 'foldAccuracy': by[(C, g)], 'mean': float(np.mean(by[(C, g)]))} for C in grid['C'] for g in grid['gamma']]
    best = None
    for c in cells:
        if best is None or c['mean'] > best['mean'] or (c['mean'] == best['mean'] and (c['C'] < best['C'] or (c['C'] == best['C'] and c['gamma'] < best['gamma']))):
            best = c
    print(json.dumps({'sklearn': sklearn.__version__, 'jobs': jobs, 'seconds': round(seconds, 3), 'best': {'C': best['C'], 'gamma': best['gamma'], 'cv_accuracy': best['mean']}, 'cells': cells}))


if __name__ == '__main__':
    main()
