#!/usr/bin/env python3
"""Reference for the linear baseline of the LSTM regression (lib/ml/lstm/baselines.ts).

Reads tests/fixtures/reference/linear_baseline_input.json (regression samples: train and test
rows with the window features, the static features and SAG4), fits ordinary least squares with
an intercept by numpy.linalg.lstsq on the columns SAD1, SAD2, SAD4, SAG1, SAG2, SAG3 + the
static features, and writes tests/fixtures/reference/linear_baseline.json: coefficients,
intercept, the constant part of the fit, predictions on the test rows, and the rank.

SAG1 is constant (anchored windowing), so the design is rank-deficient: lstsq returns the
minimum-norm split between the intercept and SAG1's coefficient. Only the fitted values, the
other coefficients and `constant_term` (intercept + the constant columns' contribution) are
unique; the TypeScript side drops constant columns instead, and the test compares those.

    /usr/bin/python3 scripts/reference/make_linear_fixture.py               # fixture from the input
    /usr/bin/python3 scripts/reference/make_linear_fixture.py --make-input  # (re)create the input first
"""
import argparse
import json
import pathlib

import numpy as np

ROOT = pathlib.Path(__file__).resolve().parents[2]
FIXTURES = ROOT / 'tests' / 'fixtures' / 'reference'
INPUT = FIXTURES / 'linear_baseline_input.json'
OUTPUT = FIXTURES / 'linear_baseline.json'
SEQUENCE_FEATURES = ['SAD1', 'SAD2', 'SAD4', 'SAG1', 'SAG2', 'SAG3']


def make_input(seed=20260101, n_train=120, n_test=40):
    rng = np.random.default_rng(seed)

    def sample(i):
        e1 = int(rng.integers(0, 15))
        present = e1 + int(rng.integers(2, 15))
        late = int(rng.integers(31, 301))
        g2 = float(rng.choice([2, 3, 3.5, 4, 5, 6]))
        g3 = float(np.clip(g2 + rng.choice([-1, -0.5, 0, 0.5, 1]), 1, 6))
        sex = int(rng.integers(0, 2))
        age = int(rng.integers(10, 90))
        htn, dm, delayed = (int(v) for v in rng.integers(0, 2, size=3))
        sag4 = 0.6 * g3 + 0.2 * g2 - 0.004 * (late - present) + 0.005 * age + 0.3 * dm + 0.2 * delayed + 0.5 + rng.normal(0, 0.4)
        return {
            'patient_id': f'P{i:03d}', 'window': 1, 'present_day': present,
            'sex': sex, 'age': age, 'hypertension': htn, 'diabetes': dm, 'delayed_treatment': delayed,
            'SAD1': -1 - present, 'SAD2': e1 - present, 'SAD3': 0, 'SAD4': late - present,
            'SAG1': 1, 'SAG2': g2, 'SAG3': g3, 'SAG4': round(float(np.clip(sag4, 1, 6)) * 2) / 2,
        }

    rows = [sample(i) for i in range(n_train + n_test)]
    data = {
        'description': 'Synthetic regression samples for the linear-baseline fixture (make_linear_fixture.py --make-input).',
        'static_features': ['sex', 'age', 'delayed_treatment', 'diabetes'],
        'train': rows[:n_train],
        'test': rows[n_train:],
    }
    INPUT.write_text(json.dumps(data, indent=1) + '\n')


def design(rows, features):
    return np.array([[float(r[f]) for f in features] for r in rows], dtype=np.float64)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--make-input', action='store_true')
    args = ap.parse_args()
    FIXTURES.mkdir(parents=True, exist_ok=True)
    if args.make_input or not INPUT.exists():
        make_input()
    data = json.loads(INPUT.read_text())
    features = SEQUENCE_FEATURES + data['static_features']
    X = design(data['train'], features)
    y = np.array([r['SAG4'] for r in data['train']], dtype=np.float64)
    A = np.hstack([X, np.ones((len(X), 1))])
    beta, _, rank, _ = np.linalg.lstsq(A, y, rcond=None)
    coef, intercept = beta[:-1], float(beta[-1])
    constant = [j for j in range(X.shape[1]) if np.ptp(X[:, j]) == 0]
    constant_term = intercept + sum(coef[j] * X[0, j] for j in constant)
    X_test = design(data['test'], features)
    out = {
        'description': 'numpy.linalg.lstsq reference for fitLinearBaseline (make_linear_fixture.py).',
        'numpy': np.__version__,
        'features': features,
        'coefficients': coef.tolist(),
        'intercept': intercept,
        'constant_features': [features[j] for j in constant],
        'constant_term': float(constant_term),
        'rank': int(rank),
        'train_predictions': (A @ beta).tolist(),
        'test_predictions': (X_test @ coef + intercept).tolist(),
    }
    OUTPUT.write_text(json.dumps(out, indent=1) + '\n')
    print(f'wrote {OUTPUT.relative_to(ROOT)} (rank {rank} of {A.shape[1]} columns)')


if __name__ == '__main__':
    main()
