#!/usr/bin/python3
"""Reference answers for the patient-level validation statistics (issue: validation part 1).

Reads tests/fixtures/reference/inputs.json and resampling_inputs.json (both written by our
TypeScript: make-inputs.ts, make-resampling-inputs.ts) and writes resampling.json next to them:

- StratifiedGroupKFold(n_splits=5) on the training part and on all rows of inputs.json: the
  unshuffled assignment (deterministic, so ours must equal it) and, for shuffle=True over 20
  random states, how far each fold's class shares stray from the whole (our shuffled folds are
  drawn with our RNG, so only these properties can be compared).
  Note: scikit-learn 1.2's shuffle=True shuffles the rows of the per-group class counts without
  the group ids that go with them (fixed upstream later), so its shuffled folds are less
  balanced than the algorithm can do; the unshuffled pass shows what the greedy achieves.
- scipy.stats.binomtest(k, n, p, alternative='greater') p-values.
- sklearn specificity (recall_score pos_label=0), NPV (precision_score pos_label=0),
  balanced_accuracy_score, and the no-information rate (majority share of the truth).
- Grid CV accuracy with the scaler fitted inside each fold: Pipeline(StandardScaler, SVC)
  under GridSearchCV(PredefinedSplit(folds of inputs.json)), on the test grid.
- Percentile CIs (numpy 'linear') of accuracy, balanced accuracy, MAE and the paired MAE
  difference over the given patient-clustered resamples.

    /usr/bin/python3 scripts/reference/make_resampling_fixtures.py
"""
import json
import os
import platform

import numpy as np
import scipy
import scipy.stats
import sklearn
from sklearn.metrics import balanced_accuracy_score, precision_score, recall_score
from sklearn.model_selection import GridSearchCV, PredefinedSplit, StratifiedGroupKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.svm import SVC

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.normpath(os.path.join(HERE, '..', '..', 'tests', 'fixtures', 'reference'))


def read(name):
    with open(os.path.join(FIXTURES, name)) as f:
        return json.load(f)


def fold_of_rows(splitter, y, groups):
    folds = np.full(len(y), -1)
    for f, (_, test) in enumerate(splitter.split(np.zeros(len(y)), y, groups)):
        folds[test] = f
    return folds


def balance(folds, y, k):
    """Largest |class share in a fold − class share overall| over folds and classes, and the
    greedy's objective: mean over classes of the SD over folds of each fold's share of the class."""
    y = np.asarray(y)
    worst = 0.0
    for f in range(k):
        in_fold = y[folds == f]
        for c in (0, 1):
            worst = max(worst, abs(float(np.mean(in_fold == c)) - float(np.mean(y == c))))
    shares = np.array([[np.sum((folds == f) & (y == c)) / np.sum(y == c) for c in (0, 1)] for f in range(k)])
    return {'maxShareDeviation': worst, 'objective': float(np.mean(np.std(shares, axis=0))), 'foldSizes': [int(np.sum(folds == f)) for f in range(k)]}


def group_folds(y, groups, k=5):
    unshuffled = fold_of_rows(StratifiedGroupKFold(n_splits=k, shuffle=False), y, groups)
    shuffled = [balance(fold_of_rows(StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=s), y, groups), y, k) for s in range(20)]
    return {
        'k': k,
        'unshuffled': unshuffled.tolist(),
        'unshuffledBalance': balance(unshuffled, y, k),
        'shuffledBalance': shuffled,
        'shuffledMaxShareDeviation': max(b['maxShareDeviation'] for b in shuffled),
    }


def percentile_ci(values, level):
    tail = (1 - level) / 2 * 100
    return [float(np.percentile(values, tail)), float(np.percentile(values, 100 - tail))]


def main():
    inputs = read('inputs.json')
    v = read('resampling_inputs.json')
    y = np.asarray(inputs['y'])
    patient = np.asarray(inputs['patient'])
    train = np.asarray(inputs['split']['train'])

    out = {
        'about': 'Written by scripts/reference/make_resampling_fixtures.py from inputs.json and resampling_inputs.json. Do not edit by hand.',
        'versions': {'python': platform.python_version(), 'numpy': np.__version__, 'scipy': scipy.__version__, 'sklearn': sklearn.__version__},
        'groupFolds': {
            'train': group_folds(y[train], patient[train]),
            'all': group_folds(y, patient),
        },
        'binomial': [
            {'k': k, 'n': n, 'p': p, 'pValue': float(scipy.stats.binomtest(k, n, p, alternative='greater').pvalue)} for k, n, p in v['binomial']
        ],
    }

    metrics = []
    for case in v['classification'] + [{'name': 'no negatives in the truth', 'yTrue': [1, 1, 1, 1], 'yPred': [1, 0, 1, 1]}]:
        t, p = np.asarray(case['yTrue']), np.asarray(case['yPred'])
        metrics.append({
            'name': case['name'],
            'specificity': float(recall_score(t, p, pos_label=0, zero_division=0)),
            'npv': float(precision_score(t, p, pos_label=0, zero_division=0)),
            'balanced_accuracy': float(balanced_accuracy_score(t, p)),
            'no_information_rate': float(max(np.mean(t == 1), np.mean(t == 0))),
        })
    out['metrics'] = metrics

    level = v['clusterBootstrap']['level']
    idx = [np.asarray(r) for r in v['clusterBootstrap']['indices']]
    t, p = np.asarray(v['classification'][0]['yTrue']), np.asarray(v['classification'][0]['yPred'])
    a, pa, pb = (np.asarray(v['regression'][k]) for k in ('actual', 'predicted', 'predictedB'))
    acc = [float(np.mean(t[r] == p[r])) for r in idx]
    bal = [float(balanced_accuracy_score(t[r], p[r])) for r in idx]
    mae = [float(np.mean(np.abs(a[r] - pa[r]))) for r in idx]
    diff = [float(np.mean(np.abs(a[r] - pa[r]) - np.abs(a[r] - pb[r]))) for r in idx]
    out['clusterBootstrap'] = {
        'level': level,
        'accuracy': {'estimate': float(np.mean(t == p)), 'ci': percentile_ci(acc, level), 'replicatesFirst5': acc[:5]},
        'balanced_accuracy': {'estimate': float(balanced_accuracy_score(t, p)), 'ci': percentile_ci(bal, level), 'replicatesFirst5': bal[:5]},
        'mae': {'estimate': float(np.mean(np.abs(a - pa))), 'ci': percentile_ci(mae, level), 'replicatesFirst5': mae[:5]},
        'maeDifference': {
            'estimate': float(np.mean(np.abs(a - pa)) - np.mean(np.abs(a - pb))),
            'ci': percentile_ci(diff, level),
            'shareAbove': float(np.mean(np.asarray(diff) > 0)),
        },
        'resampleSizes': {'min': int(min(len(r) for r in idx)), 'max': int(max(len(r) for r in idx)), 'rows': int(len(t))},
    }

    # The scaler fitted inside each CV fold: Pipeline(StandardScaler, SVC) under GridSearchCV
    # with the committed folds, raw training features, the test grid.
    X = np.asarray(inputs['X'], dtype=float)
    folds = np.asarray(inputs['folds'])
    search = GridSearchCV(
        Pipeline([('scale', StandardScaler()), ('svc', SVC(kernel='rbf'))]),
        {'svc__C': inputs['testGrid']['C'], 'svc__gamma': inputs['testGrid']['gamma']},
        cv=PredefinedSplit(folds), scoring='accuracy', n_jobs=1,
    ).fit(X[train], y[train])
    k = int(folds.max()) + 1
    out['foldScaledGrid'] = [
        {'C': p['svc__C'], 'gamma': p['svc__gamma'], 'mean': float(search.cv_results_['mean_test_score'][i]),
         'foldAccuracy': [float(search.cv_results_[f'split{f}_test_score'][i]) for f in range(k)]}
        for i, p in enumerate(search.cv_results_['params'])
    ]

    with open(os.path.join(FIXTURES, 'resampling.json'), 'w') as f:
        json.dump(out, f, indent=1)
        f.write('\n')
    gf = out['groupFolds']['train']
    print(f"wrote resampling.json: grouped folds (train) unshuffled max share deviation {gf['unshuffledBalance']['maxShareDeviation']:.4f}, "
          f"shuffled (20 seeds) up to {gf['shuffledMaxShareDeviation']:.4f}")


if __name__ == '__main__':
    main()
