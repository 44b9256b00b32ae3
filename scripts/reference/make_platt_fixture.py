#!/usr/bin/python3
"""Reference for fitSigmoid (lib/ml/svm/platt.ts) as tests/unit/teaching/platt-interval.test.ts uses it: scikit-learn's Platt fit (sklearn.calibration._sigmoid_calibration,
Platt's regularized targets, P = 1 / (1 + exp(a*f + b))) on fixed decision values.

Run: /usr/bin/python3 scripts/reference/make_platt_fixture.py > tests/fixtures/reference/platt.json
"""
import json
import numpy as np
from sklearn.calibration import _sigmoid_calibration
import sklearn

rng = np.random.default_rng(7)
cases = []
for n, shift in [(40, 0.8), (120, 1.5), (300, 0.3)]:
    y = (rng.random(n) < 0.6).astype(int)
    f = rng.normal(0, 1, n) + shift * (2 * y - 1)
    a, b = _sigmoid_calibration(f, y)
    cases.append({"f": [round(float(v), 6) for v in f], "y": [int(v) for v in y]})
    # refit on the rounded values, which are what the test feeds
    fr = np.array(cases[-1]["f"])
    a, b = _sigmoid_calibration(fr, y)
    cases[-1].update({"A": float(a), "B": float(b)})
print(json.dumps({"sklearn": sklearn.__version__, "cases": cases}))
