#!/usr/bin/python3
"""Reference answers from scipy / numpy / scikit-learn for the TypeScript unit tests.

Reads tests/fixtures/reference/inputs.json (written by make-inputs.ts) and writes
svm_grid.json, importance.json and stats.json next to it. Uses only Debian's python3-sklearn,
python3-scipy and python3-numpy:

    /usr/bin/python3 scripts/reference/make_fixtures.py [--quick]

--quick computes the SVM grid only on the test grid (seconds instead of a minute).
"""
import hashlib
import json
import math
import os
import platform
import sys
import time

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score, precision_score, recall_score
from sklearn.model_selection import GridSearchCV, PredefinedSplit
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.normpath(os.path.join(HERE, '..', '..', 'tests', 'fixtures', 'reference'))


def versions():
    return {
        'python': platform.python_version(),
        'numpy': np.__version__,
        'scipy': scipy.__version__,
        'sklearn': sklearn.__version__,
    }


def fit_standardizer(rows):
    """Same arithmetic, in the same order, as lib/stats/standardize.ts (so the bits agree)."""
    n, d = len(rows), len(rows[0])
    mean, scale, constant = [], [], []
    eps = sys.float_info.epsilon
    for j in range(d):
        s = 0.0
        for r in rows:
            s += r[j]
        m = s / n
        ss = 0.0
        for r in rows:
            e = r[j] - m
            ss += e * e
        v = ss / n
        c = v <= n * eps * v + (n * m * eps) ** 2
        mean.append(m)
        scale.append(1.0 if c else math.sqrt(v))
        constant.append(c)

    def transform(xs):
        return np.array([[0.0 if constant[j] else (r[j] - mean[j]) / scale[j] for j in range(d)] for r in xs], dtype='<f8')

    return transform


def digest(a):
    return hashlib.sha256(np.ascontiguousarray(a, dtype='<f8').tobytes()).hexdigest()


def check(name, a, expected):
    got = digest(a)
    if got != expected:
        sys.exit(f'{name}: standardized matrix differs from the TypeScript one ({got} != {expected})')


def select_best(cells):
    """Highest mean CV accuracy; ties -> smaller C, then smaller gamma."""
    best = None
    for c in cells:
        key = (-c['mean'], c['C'], c['gamma'])
        if best is None or key < best[0]:
            best = (key, c)
    c = best[1]
    return {'C': c['C'], 'gamma': c['gamma'], 'cv_accuracy': c['mean']}


def svm_grid(X, y, folds, grid):
    folds = np.asarray(folds)
    k = folds.max() + 1
    cells = []
    t0 = time.perf_counter()
    for C in grid['C']:
        for gamma in grid['gamma']:
            acc = []
            for f in range(k):
                tr, te = folds != f, folds == f
                model = SVC(C=C, gamma=gamma, kernel='rbf').fit(X[tr], y[tr])
                acc.append(float(accuracy_score(y[te], model.predict(X[te]))))
            cells.append({'C': C, 'gamma': gamma, 'foldAccuracy': acc, 'mean': float(np.average(acc))})
    seconds = time.perf_counter() - t0
    return cells, seconds


def grid_search_cv_agrees(X, y, folds, grid, cells):
    """GridSearchCV with the same folds must give the same means as the manual loop."""
    search = GridSearchCV(SVC(kernel='rbf'), {'C': grid['C'], 'gamma': grid['gamma']}, cv=PredefinedSplit(folds), scoring='accuracy', n_jobs=1)
    search.fit(X, y)
    by_key = {(c['C'], c['gamma']): c['mean'] for c in cells}
    for params, score in zip(search.cv_results_['params'], search.cv_results_['mean_test_score']):
        if by_key[(params['C'], params['gamma'])] != score:
            return False
    return True


def importance(X, y, spec):
    model = SVC(C=spec['C'], gamma=spec['gamma'], kernel='rbf').fit(X, y)
    baseline = float(accuracy_score(y, model.predict(X)))
    features = []
    for j_text, perms in sorted(spec['permutations'].items(), key=lambda kv: int(kv[0])):
        j = int(j_text)
        imps = []
        for perm in perms:
            # sklearn's permutation_importance shuffles the column in place repeatedly; with
            # explicit permutations we apply each to the original column (same distribution).
            Xp = X.copy()
            Xp[:, j] = X[np.asarray(perm), j]
            imps.append(baseline - float(accuracy_score(y, model.predict(Xp))))
        features.append({'feature': j, 'mean': float(np.mean(imps)), 'sd': float(np.std(imps)), 'importances': imps})
    return {
        'C': spec['C'],
        'gamma': spec['gamma'],
        'baseline': baseline,
        'features': features,
        'skipped': spec['skipped'],
        'model': {
            # libsvm's own convention (sklearn flips the sign of both for binary problems).
            'rho': float(model.intercept_[0]),
            'coef': [float(-v) for v in model.dual_coef_[0]],
            'support': [int(i) for i in model.support_],
            'nSupport': [int(v) for v in model.n_support_],
            'decisionFirst50': [float(-v) for v in model.decision_function(X[:50])],
        },
    }


def stats(s, X_train, X_test):
    out = {}
    out['independent'] = []
    for case in s['independent']:
        a, b = np.asarray(case['a'], float), np.asarray(case['b'], float)
        st = scipy.stats.ttest_ind(a, b, equal_var=True)
        we = scipy.stats.ttest_ind(a, b, equal_var=False)
        out['independent'].append({
            'name': case['name'],
            'student': {'statistic': float(st.statistic), 'pValue': float(st.pvalue)},
            'welch': {'statistic': float(we.statistic), 'pValue': float(we.pvalue)},
        })
    out['paired'] = []
    for case in s['paired']:
        r = scipy.stats.ttest_rel(np.asarray(case['a'], float), np.asarray(case['b'], float))
        out['paired'].append({'name': case['name'], 'statistic': float(r.statistic), 'pValue': float(r.pvalue)})
    td = s['tDistribution']
    out['tDistribution'] = [
        {'t': t, 'df': df, 'cdf': float(scipy.stats.t.cdf(t, df)), 'twoSidedP': float(2 * scipy.stats.t.sf(abs(t), df))}
        for df in td['df'] for t in td['t']
    ]
    out['descriptive'] = []
    for v in s['descriptive']['vectors']:
        a = np.asarray(v, float)
        out['descriptive'].append({
            'mean': float(np.mean(a)),
            'sd': float(np.std(a, ddof=1)) if len(a) > 1 else None,
            'quantiles': [float(np.quantile(a, p)) for p in s['descriptive']['quantiles']],
        })
    out['classification'] = []
    for case in s['classification']:
        t, p = np.asarray(case['yTrue']), np.asarray(case['yPred'])
        out['classification'].append({
            'name': case['name'],
            'accuracy': float(accuracy_score(t, p)),
            'recall': float(recall_score(t, p, zero_division=0)),
            'precision': float(precision_score(t, p, zero_division=0)),
            'f1': float(f1_score(t, p, zero_division=0)),
            'confusion': confusion_matrix(t, p, labels=[0, 1]).tolist(),
        })
    act, pred = np.asarray(s['regression']['actual']), np.asarray(s['regression']['predicted'])
    mse = float(np.mean((act - pred) ** 2))
    out['regression'] = {'mse': mse, 'rmse': math.sqrt(mse), 'mae': float(np.mean(np.abs(act - pred)))}
    # Bootstrap percentile CIs of the first classification case and of the regression MAE.
    case = s['classification'][0]
    t, p = np.asarray(case['yTrue']), np.asarray(case['yPred'])
    reps = {'accuracy': [], 'recall': [], 'precision': [], 'f1': [], 'mae': []}
    for idx in s['bootstrap']['indices']:
        idx = np.asarray(idx)
        reps['accuracy'].append(accuracy_score(t[idx], p[idx]))
        reps['recall'].append(recall_score(t[idx], p[idx], zero_division=0))
        reps['precision'].append(precision_score(t[idx], p[idx], zero_division=0))
        reps['f1'].append(f1_score(t[idx], p[idx], zero_division=0))
        reps['mae'].append(float(np.mean(np.abs(act[idx] - pred[idx]))))
    tail = (1 - s['bootstrap']['level']) / 2 * 100
    out['bootstrap'] = {
        name: {'lower': float(np.percentile(v, tail)), 'upper': float(np.percentile(v, 100 - tail)), 'replicatesFirst5': [float(x) for x in v[:5]]}
        for name, v in reps.items()
    }
    scaler = StandardScaler().fit(X_train)
    out['standardScaler'] = {
        'mean': scaler.mean_.tolist(),
        'scale': scaler.scale_.tolist(),
        'testFirst10': scaler.transform(X_test[:10]).tolist(),
    }
    return out


def write(name, obj):
    path = os.path.join(FIXTURES, name)
    with open(path, 'w') as f:
        json.dump(obj, f, indent=1)
        f.write('\n')
    print('wrote', os.path.relpath(path))


def main():
    quick = '--quick' in sys.argv
    with open(os.path.join(FIXTURES, 'inputs.json')) as f:
        inputs = json.load(f)
    X = inputs['X']
    y = np.asarray(inputs['y'])
    train, test = inputs['split']['train'], inputs['split']['test']
    Xtr_raw = [X[i] for i in train]
    Xte_raw = [X[i] for i in test]
    transform = fit_standardizer(Xtr_raw)
    Xtr, Xte = transform(Xtr_raw), transform(Xte_raw)
    Xall = fit_standardizer(X)(X)
    check('train', Xtr, inputs['digests']['trainStandardized'])
    check('test', Xte, inputs['digests']['testStandardized'])
    check('all', Xall, inputs['digests']['allStandardized'])
    ytr = y[train]

    grid = inputs['testGrid'] if quick else inputs['grid']
    cells, seconds = svm_grid(Xtr, ytr, inputs['folds'], grid)
    test_cells = [c for c in cells if c['C'] in inputs['testGrid']['C'] and c['gamma'] in inputs['testGrid']['gamma']]
    write('svm_grid.json', {
        'about': 'sklearn SVC(kernel="rbf") 5-fold CV accuracy on the folds of inputs.json (training part, standardized).',
        'versions': versions(),
        'grid': grid,
        'isFullGrid': not quick,
        'seconds': seconds,
        'gridSearchCvAgrees': grid_search_cv_agrees(Xtr, ytr, inputs['folds'], inputs['testGrid'], test_cells),
        'best': select_best(cells),
        'testGridBest': select_best(test_cells),
        'cells': cells,
    })
    write('importance.json', {
        'about': 'Permutation importance (accuracy drop) of sklearn SVC fit on all rows (standardized on all rows), with the permutations of inputs.json.',
        'versions': versions(),
        **importance(Xall, y, inputs['importance']),
    })
    st = stats(inputs['stats'], np.asarray(Xtr_raw, float), np.asarray(Xte_raw, float))
    st['logspace'] = {
        'C': np.logspace(math.log10(0.01), math.log10(30), 15).tolist(),
        'gamma': np.logspace(-3, 1, 15).tolist(),
    }
    write('stats.json', {'about': 'scipy / numpy / sklearn answers for the inputs.json stats cases.', 'versions': versions(), **st})


if __name__ == '__main__':
    main()
