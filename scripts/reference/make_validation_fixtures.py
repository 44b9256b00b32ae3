#!/usr/bin/python3
"""Reference answers for discrimination, Platt scaling, decision curves and sample size.

    /usr/bin/python3 scripts/reference/make_validation_fixtures.py
    Rscript scripts/reference/validation_reference.R

Writes, under tests/fixtures/reference/:
- validation_cases.json: the score/label and probability/outcome cases (drawn here with numpy's
  seeded generator; the SVM case from sklearn on inputs.json), read by the R script too;
- validation_sklearn.json: sklearn roc_auc_score, roc_curve(drop_intermediate=False),
  precision_recall_curve, average_precision_score; bootstrap percentile AUC CIs on given
  resamples; SVC decision_function per internal fold and sklearn's sigmoid fit
  (`_sigmoid_calibration`, BFGS) next to a tight optimum of the same objective (scipy, gtol
  1e-12); the decision curve by its formula; Riley et al.'s sample size criteria as pmsampsize
  computes them (the published test vectors) and the C-statistic to R²(Cox-Snell) integral by
  scipy.integrate.quad.

Debian's python3-sklearn (1.2.1), python3-scipy, python3-numpy only.
"""
import json
import math
import os
import sys

import numpy as np
import scipy.integrate
import scipy.optimize
import scipy.stats
from sklearn.calibration import _sigmoid_calibration
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from sklearn.svm import SVC

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_fixtures import FIXTURES, check, fit_standardizer, versions  # noqa: E402


def write(name, obj):
    """Compact JSON, one top-level key per line (the resample indices would be long otherwise)."""
    path = os.path.join(FIXTURES, name)
    with open(path, 'w') as f:
        f.write('{\n' + ',\n'.join(f'{json.dumps(k)}: {json.dumps(v, separators=(",", ":"))}' for k, v in obj.items()) + '\n}\n')
    print('wrote', os.path.relpath(path))


def score_cases(rng):
    """Label/score cases: ties, heavy imbalance (as the test part: few non-recovered), tiny."""
    y1 = (rng.random(60) < 0.4).astype(int)
    s1 = np.round(rng.normal(size=60) + 0.8 * y1, 1)  # rounded: many ties, some across classes
    y2 = np.ones(140, dtype=int)
    y2[rng.choice(140, 10, replace=False)] = 0
    s2 = rng.normal(size=140) + 1.2 * y2
    return {
        'ties': {'y': y1.tolist(), 'score': s1.tolist()},
        'imbalanced': {'y': y2.tolist(), 'score': s2.tolist()},
        'tiny': {'y': [0, 0, 1, 1, 0, 1], 'score': [0.1, 0.4, 0.35, 0.8, 0.8, 0.2]},
    }


def probability_cases(rng):
    """Probability/outcome cases: miscalibrated (too extreme and too high), and nearly calibrated."""
    p1 = rng.beta(2, 3, size=200)
    true1 = 1 / (1 + np.exp(-(0.6 * np.log(p1 / (1 - p1)) - 0.4)))
    y1 = (rng.random(200) < true1).astype(int)
    p2 = np.clip(rng.beta(5, 2, size=150), 0.01, 0.99)
    y2 = (rng.random(150) < p2).astype(int)
    return {
        'miscalibrated': {'y': y1.tolist(), 'p': p1.tolist()},
        'calibrated': {'y': y2.tolist(), 'p': p2.tolist()},
    }


def curves(y, s):
    y, s = np.asarray(y), np.asarray(s, float)
    fpr, tpr, thr = roc_curve(y, s, drop_intermediate=False)
    prec, rec, pthr = precision_recall_curve(y, s)
    return {
        'auc': roc_auc_score(y, s),
        # sklearn 1.2 puts max(score) + 1 as the first threshold; we use +Infinity: left out.
        'roc': {'fpr': fpr.tolist(), 'tpr': tpr.tolist(), 'thresholds': thr[1:].tolist()},
        'pr': {'precision': prec.tolist(), 'recall': rec.tolist(), 'thresholds': pthr.tolist()},
        'averagePrecision': average_precision_score(y, s),
    }


def bootstrap_auc(y, s, rng, resamples=200):
    y, s = np.asarray(y), np.asarray(s, float)
    idx = rng.integers(0, len(y), size=(resamples, len(y)))
    reps = [roc_auc_score(y[r], s[r]) for r in idx if 0 < y[r].sum() < len(r)]
    lo, hi = np.percentile(reps, [2.5, 97.5])
    return {'indices': idx.tolist(), 'used': len(reps), 'skipped': resamples - len(reps), 'lower': lo, 'upper': hi}


def sigmoid_objective(F, y):
    prior1 = float(np.sum(y > 0))
    prior0 = len(y) - prior1
    T = np.where(y > 0, (prior1 + 1) / (prior1 + 2), 1 / (prior0 + 2))

    def f(ab):
        z = ab[0] * F + ab[1]
        # -(T log P + (1-T) log(1-P)) with P = 1/(1+e^z), stable form
        return float(np.sum(T * z + np.logaddexp(0, -z)))

    def g(ab):
        z = ab[0] * F + ab[1]
        P = 1 / (1 + np.exp(z))
        d = T - P
        return np.array([np.dot(d, F), np.sum(d)])

    return f, g, np.array([0.0, math.log((prior0 + 1) / (prior1 + 1))])


def platt(inputs, C, gamma):
    X = inputs['X']
    y = np.asarray(inputs['y'])
    train, test = inputs['split']['train'], inputs['split']['test']
    transform = fit_standardizer([X[i] for i in train])
    Xtr, Xte = transform([X[i] for i in train]), transform([X[i] for i in test])
    check('train', Xtr, inputs['digests']['trainStandardized'])
    check('test', Xte, inputs['digests']['testStandardized'])
    ytr, yte = y[train], y[test]
    folds = np.asarray(inputs['folds'])
    cv = np.full(len(train), np.nan)
    for k in range(folds.max() + 1):
        m = SVC(kernel='rbf', C=C, gamma=gamma).fit(Xtr[folds != k], ytr[folds != k])
        cv[folds == k] = m.decision_function(Xtr[folds == k])
    A_sk, B_sk = _sigmoid_calibration(cv, ytr)
    f, g, ab0 = sigmoid_objective(cv, ytr)
    tight = scipy.optimize.minimize(f, ab0, jac=g, method='BFGS', options={'gtol': 1e-12, 'maxiter': 10000})
    final = SVC(kernel='rbf', C=C, gamma=gamma).fit(Xtr, ytr)
    dte = final.decision_function(Xte)
    A, B = tight.x
    return {
        'C': C,
        'gamma': gamma,
        'cvDecision': cv.tolist(),
        'sklearn': {'A': float(A_sk), 'B': float(B_sk), 'objective': f([A_sk, B_sk])},
        'tight': {'A': float(A), 'B': float(B), 'objective': float(tight.fun), 'gradient': g(tight.x).tolist()},
        'testDecision': dte.tolist(),
        'testLabel': yte.tolist(),
        'testProbability': (1 / (1 + np.exp(A * dte + B))).tolist(),
    }


def decision_curve(events, risk, thresholds):
    """Net benefit by its definition, one threshold at a time (independent of the TS loop)."""
    events, risk = np.asarray(events), np.asarray(risk, float)
    n = len(events)
    out = []
    for pt in thresholds:
        treat = risk >= pt
        tp = int(np.sum(treat & (events == 1)))
        fp = int(np.sum(treat & (events == 0)))
        w = pt / (1 - pt)
        out.append({'threshold': pt, 'tp': tp, 'fp': fp, 'model': tp / n - fp / n * w,
                    'treatAll': events.mean() - (1 - events.mean()) * w})
    return out


def cstat_to_r2cs(c, phi):
    """Population R2 (Cox-Snell) of the two-normal model, by adaptive quadrature."""
    mu = math.sqrt(2) * scipy.stats.norm.ppf(c)
    a = math.log(phi / (1 - phi)) - mu * mu / 2

    def log_sig(t):
        return -np.logaddexp(0, -t)

    ev = scipy.integrate.quad(lambda x: scipy.stats.norm.pdf(x, mu) * log_sig(a + mu * x), -np.inf, np.inf, epsabs=1e-14, epsrel=1e-13)[0]
    ne = scipy.integrate.quad(lambda x: scipy.stats.norm.pdf(x) * log_sig(-(a + mu * x)), -np.inf, np.inf, epsabs=1e-14, epsrel=1e-13)[0]
    ll = phi * ev + (1 - phi) * ne
    l0 = phi * math.log(phi) + (1 - phi) * math.log(1 - phi)
    return 1 - math.exp(-2 * (ll - l0))


def main():
    rng = np.random.default_rng(20260513)
    with open(os.path.join(FIXTURES, 'inputs.json')) as f:
        inputs = json.load(f)
    with open(os.path.join(FIXTURES, 'svm_grid.json')) as f:
        best = json.load(f)['best']
    sc = score_cases(rng)
    pc = probability_cases(rng)
    pl = platt(inputs, best['C'], best['gamma'])
    sc['svm'] = {'y': pl['testLabel'], 'score': pl['testDecision']}
    pc['platt'] = {'y': pl['testLabel'], 'p': pl['testProbability']}
    write('validation_cases.json', {
        'about': 'Cases for the validation fixtures: label/score (AUC, curves) and outcome/probability (calibration). Drawn by make_validation_fixtures.py (numpy default_rng(20260513)); svm = sklearn SVC on inputs.json (selected C, gamma) test part.',
        'scores': sc,
        'probabilities': pc,
    })
    thresholds = [round(0.05 * k, 2) for k in range(1, 20)]
    hand = {'events': [1, 0, 0, 1, 0, 0, 0, 1, 0, 0], 'risk': [0.9, 0.1, 0.3, 0.6, 0.2, 0.5, 0.05, 0.25, 0.7, 0.15]}
    # C statistic -> R2 (Cox-Snell) on a few (C, prevalence) pairs
    conversions = [{'c': c, 'prevalence': phi, 'r2cs': cstat_to_r2cs(c, phi)} for c, phi in [(0.81, 0.077), (0.7, 0.174), (0.75, 0.3), (0.9, 0.5), (0.65, 0.06)]]
    write('validation_sklearn.json', {
        'about': 'sklearn / scipy / numpy answers for validation_cases.json; see make_validation_fixtures.py.',
        'versions': versions(),
        'curves': {k: curves(v['y'], v['score']) for k, v in sc.items()},
        'bootstrap': {k: bootstrap_auc(sc[k]['y'], sc[k]['score'], rng) for k in ['ties', 'svm', 'tiny']},
        'platt': {k: v for k, v in pl.items() if k not in ('testLabel',)},
        'decisionCurve': {
            'thresholds': thresholds,
            'hand': {**hand, 'points': decision_curve(hand['events'], hand['risk'], thresholds)},
            # the event is "not recovered": events = 1 - label, risk = 1 - P(recovered)
            'platt': decision_curve(1 - np.asarray(pl['testLabel']), 1 - np.asarray(pl['testProbability']), thresholds),
        },
        'sampleSize': {
            'about': 'pmsampsize 1.1.3 tests/testthat/test_bin.R (published test vectors: n per criterion 1-3 and final, events per parameter).',
            'vectors': [
                {'rsquared': 0.288, 'parameters': 24, 'prevalence': 0.174, 'n': [623, 668, 221, 668], 'epp': [4.52, 4.84, 1.6, 4.84]},
                {'rsquared': 0.55, 'parameters': 24, 'prevalence': 0.174, 'n': [255, 532, 221, 532], 'epp': [1.85, 3.86, 1.6, 3.86]},
                {'rsquared': 0.288, 'parameters': 36, 'prevalence': 0.174, 'n': [934, 1002, 221, 1002], 'epp': [4.51, 4.84, 1.07, 4.84]},
                {'rsquared': 0.288, 'parameters': 24, 'prevalence': 0.25, 'n': [623, 583, 289, 623], 'epp': [6.49, 6.07, 3.01, 6.49]},
            ],
            'cstatistic': conversions,
        },
    })


if __name__ == '__main__':
    main()
