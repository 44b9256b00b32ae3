#!/usr/bin/python3
"""scikit-learn timings to compare with `npx tsx cli/bench-svm.ts` (same data, same folds).

    /usr/bin/python3 scripts/reference/bench_sklearn.py [--grid 15|default] [--repeats 3]

Grid: GridSearchCV(SVC(kernel='rbf'), cv=PredefinedSplit(folds)) on the standardized training
part, n_jobs=1 and n_jobs=2. Permutation importance: sklearn.inspection.permutation_importance
(scoring='accuracy', n_repeats=100, n_jobs=1) of SVC(C=2.7, gamma=0.09) fit on all rows.
Prints one JSON object; wall and CPU seconds are the minimum over the repeats.
"""
import json
import os
import sys
import time

import numpy as np
import sklearn
from sklearn.inspection import permutation_importance
from sklearn.model_selection import GridSearchCV, PredefinedSplit
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))
INPUTS = os.path.normpath(os.path.join(HERE, '..', '..', 'tests', 'fixtures', 'reference', 'inputs.json'))


def arg(name, default):
    return sys.argv[sys.argv.index(name) + 1] if name in sys.argv else default


def best_of(repeats, fn):
    """Minimum wall and CPU seconds (CPU of this process only: meaningless for n_jobs > 1)."""
    times, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return round(min(times), 3), round(min(cpu), 3), [round(t, 3) for t in times], result


def main():
    grid_arg, repeats = arg('--grid', '15'), int(arg('--repeats', '3'))
    with open(INPUTS) as f:
        inputs = json.load(f)
    X, y = np.asarray(inputs['X'], float), np.asarray(inputs['y'])
    train = inputs['split']['train']
    Xtr = StandardScaler().fit_transform(X[train])
    ytr = y[train]
    if grid_arg == 'default':
        grid = inputs['grid']
    else:
        k = int(grid_arg)
        grid = {'C': np.logspace(np.log10(0.01), np.log10(30), k).tolist(), 'gamma': np.logspace(-3, 1, k).tolist()}
    out = {'sklearn': sklearn.__version__, 'cpus': os.cpu_count(), 'grid': {'rows': len(train), 'cells': len(grid['C']) * len(grid['gamma'])}}
    for n_jobs in (1, 2):
        def run():
            s = GridSearchCV(SVC(kernel='rbf'), grid, cv=PredefinedSplit(inputs['folds']), scoring='accuracy', n_jobs=n_jobs, refit=False)
            return s.fit(Xtr, ytr)
        secs, cpu, runs, s = best_of(repeats, run)
        out['grid'][f'nJobs{n_jobs}Seconds'] = secs
        if n_jobs == 1:
            out['grid']['nJobs1CpuSeconds'] = cpu
        out['grid'][f'nJobs{n_jobs}Runs'] = runs
        out['grid']['best'] = {**s.best_params_, 'cv_accuracy': float(s.best_score_)}
    Xall = StandardScaler().fit_transform(X)
    model = SVC(C=2.7, gamma=0.09, kernel='rbf').fit(Xall, y)
    secs, cpu, runs, _ = best_of(repeats, lambda: permutation_importance(model, Xall, y, scoring='accuracy', n_repeats=100, random_state=42, n_jobs=1))
    out['importance'] = {'rows': len(y), 'features': Xall.shape[1], 'repeatsPerFeature': 100, 'supportVectors': int(model.support_.size), 'nJobs1Seconds': secs, 'nJobs1CpuSeconds': cpu, 'runs': runs}
    print(json.dumps(out, indent=2))


if __name__ == '__main__':
    main()
