#!/usr/bin/env python3
"""The paper profile's heavy work with scikit-learn and PyTorch, on our exported windows: the
Python reference that `npm run bench` times the workbench against.

Inputs are the tables `npm run reproduce -- --profile paper` writes (`<run>/tables/`):

- windows_classification.csv: every window's raw features and label, our 8:2 split and 5 CV
  folds for all subjects (`split`, `fold`) and for the persistent subset (`split_persistent`,
  `fold_persistent`). The same rows, splits and folds as ours: no Python RNG is involved.
- windows_regression.csv: every regression sample with our LSTM split (`split`,
  `split_persistent`) and the temporal validation rows (`set = validation`).

What runs, as the paper profile does (PIPELINE steps 5-8):

1. RBF-SVM grid: 15 x 15 log-spaced C in [0.01, 30] and gamma in [0.001, 10] plus the paper's
   picks (C 2.7, 5.6; gamma 0.09), 5-fold CV on the training part of each subset
   (GridSearchCV with PredefinedSplit, n_jobs = --jobs); pick: best mean, ties to smaller C,
   then smaller gamma.
2. Permutation importance of the all-subjects SVM (picked C, gamma) fit on every window,
   100 repeats per feature (sklearn.inspection.permutation_importance, n_jobs = --jobs).
3. Evaluation of both subsets on the test part with 1,000 bootstrap resamples of accuracy,
   recall, precision and F1.
4. Six LSTM regressions (all subjects / persistent x M1, M2, M3): the workbench's network
   (scripts/reference/torch_lstm.py, KerasLikeLstmNet), its inputs (4 steps of day, grade,
   known flag and the model's 4 static features; day and age z-scored with training
   statistics), Adam lr 0.005, MSE, 10% of the training part held out, early stopping on
   the validation loss (patience 40 / 80 persistent, best weights restored), ReduceLROnPlateau
   (factor 0.5, patience 20 / 30, min 1e-6, min_delta 1e-4), batch 128 / 64, at most 500
   epochs. `--epochs-from <manifest.json>` instead trains each model for exactly the epochs our
   run did (`lstm.<subset>.<model>.epochs_run`): the same work, for timing. Then test and
   validation predictions with RMSE / MSE / MAE, 1,000 bootstrap resamples and the paired
   t-test. PyTorch uses one thread per model; --jobs models train at once (processes), as the
   workbench trains --jobs LSTMs at once in its workers.

Prints one JSON object: seconds per stage, end to end, and the headline numbers.

    /usr/bin/python3 scripts/reference/paper_pipeline.py --tables runs/paper/tables --jobs 2 \
        --epochs-from runs/paper/manifest.json
"""
import argparse
import csv
import json
import multiprocessing as mp
import os
import time

import numpy as np

FEATURES = ['sex', 'age', 'hypertension', 'diabetes', 'delayed_treatment', 'SAD1', 'SAD2', 'SAD4', 'SAG1', 'SAG2', 'SAG3']
MODEL_FEATURES = {
    'M1': ['sex', 'age', 'delayed_treatment', 'diabetes'],
    'M2': ['sex', 'age', 'delayed_treatment', 'hypertension'],
    'M3': ['sex', 'age', 'diabetes', 'hypertension'],
}
PAPER_PICKS = {'C': [2.7, 5.6], 'gamma': [0.09]}


def read_csv(path):
    with open(path, newline='') as f:
        return list(csv.DictReader(f))


def paper_grid(size=15):
    def uniq(xs):
        return sorted({float(f'{x:.12g}') for x in xs})
    return {
        'C': uniq(list(np.logspace(np.log10(0.01), np.log10(30), size)) + PAPER_PICKS['C']),
        'gamma': uniq(list(np.logspace(np.log10(0.001), np.log10(10), size)) + PAPER_PICKS['gamma']),
    }


def subset_data(rows, subset):
    """Raw features, labels, train/test indices and the training rows' folds (0-based)."""
    split_col, fold_col = ('split', 'fold') if subset == 'all' else ('split_persistent', 'fold_persistent')
    rows = rows if subset == 'all' else [r for r in rows if r['persistent'] == '1']
    X = np.array([[float(r[f]) for f in FEATURES] for r in rows])
    y = np.array([int(r['label']) for r in rows])
    train = np.array([i for i, r in enumerate(rows) if r[split_col] == 'train'])
    test = np.array([i for i, r in enumerate(rows) if r[split_col] == 'test'])
    folds = np.array([int(rows[i][fold_col]) - 1 for i in train])
    return X, y, train, test, folds


def standardize(X, train):
    mean = X[train].mean(axis=0)
    sd = X[train].std(axis=0)
    return np.where(sd > 0, (X - mean) / np.where(sd > 0, sd, 1), 0.0)


def select_best(results):
    best = None
    for C, gamma, m in results:
        if best is None or m > best[2] or (m == best[2] and (C < best[0] or (C == best[0] and gamma < best[1]))):
            best = (C, gamma, m)
    return {'C': best[0], 'gamma': best[1], 'cv_accuracy': best[2]}


def svm_part(tables, jobs, repeats, resamples, grid_size):
    from sklearn.inspection import permutation_importance
    from sklearn.metrics import accuracy_score, f1_score, precision_score, recall_score
    from sklearn.model_selection import GridSearchCV, PredefinedSplit
    from sklearn.svm import SVC

    rows = read_csv(os.path.join(tables, 'windows_classification.csv'))
    grid = paper_grid(grid_size)
    out, seconds = {}, {}
    data = {}
    t0 = time.perf_counter()
    for subset in ('all', 'persistent'):
        X, y, train, test, folds = subset_data(rows, subset)
        Xs = standardize(X, train)
        data[subset] = (Xs, y, train, test)
        search = GridSearchCV(SVC(kernel='rbf'), grid, cv=PredefinedSplit(folds), scoring='accuracy', n_jobs=jobs, refit=False)
        search.fit(Xs[train], y[train])
        params = search.cv_results_['params']
        means = search.cv_results_['mean_test_score']
        out[subset] = {'best': select_best([(p['C'], p['gamma'], float(m)) for p, m in zip(params, means)]), 'cells': len(params)}
    seconds['svm_grid'] = time.perf_counter() - t0

    t0 = time.perf_counter()
    Xs, y, _, _ = data['all']
    best = out['all']['best']
    model = SVC(kernel='rbf', C=best['C'], gamma=best['gamma']).fit(Xs, y)
    imp = permutation_importance(model, Xs, y, scoring='accuracy', n_repeats=repeats, random_state=42, n_jobs=jobs)
    out['importance'] = {f: round(float(m), 6) for f, m in zip(FEATURES, imp.importances_mean)}
    seconds['importance'] = time.perf_counter() - t0

    t0 = time.perf_counter()
    rng = np.random.default_rng(42)
    for subset in ('all', 'persistent'):
        Xs, y, train, test = data[subset]
        b = out[subset]['best']
        pred = SVC(kernel='rbf', C=b['C'], gamma=b['gamma']).fit(Xs[train], y[train]).predict(Xs[test])
        actual = y[test]
        # Vectorized bootstrap (one index matrix), checked against sklearn's metrics on the
        # full test part: a loop of sklearn metric calls would cost seconds and flatter us.
        idx = rng.integers(0, len(actual), (resamples, len(actual)))
        a, p = actual[idx], pred[idx]
        tp, fp, fn_ = ((a == 1) & (p == 1)).sum(1), ((a == 0) & (p == 1)).sum(1), ((a == 1) & (p == 0)).sum(1)
        with np.errstate(divide='ignore', invalid='ignore'):
            rec, prec = np.where(tp + fn_ > 0, tp / (tp + fn_), 0), np.where(tp + fp > 0, tp / (tp + fp), 0)
            f1 = np.where(rec + prec > 0, 2 * rec * prec / (rec + prec), 0)
        boot = {'accuracy': (a == p).mean(1), 'recall': rec, 'precision': prec, 'f1': f1}
        full = {'accuracy': accuracy_score(actual, pred), 'recall': recall_score(actual, pred, zero_division=0),
                'precision': precision_score(actual, pred, zero_division=0), 'f1': f1_score(actual, pred, zero_division=0)}
        block = {k: {'value': float(full[k]), 'ci': [float(np.percentile(boot[k], 2.5)), float(np.percentile(boot[k], 97.5))]} for k in full}
        out[subset]['test'] = block
    seconds['evaluation'] = time.perf_counter() - t0
    return out, seconds


# ---------------------------------------------------------------- LSTM regression (PyTorch)

def sequences(rows, statics, scaler):
    """[n, 4, 3 + len(statics)]: day (scaled), grade (0 for the unknown step 4), known flag, statics."""
    n = len(rows)
    x = np.zeros((n, 4, 3 + len(statics)), dtype=np.float32)
    y = np.zeros((n, 1), dtype=np.float32)
    day_mean, day_sd, age_mean, age_sd = scaler
    for i, r in enumerate(rows):
        for t, (d, g) in enumerate([('SAD1', 'SAG1'), ('SAD2', 'SAG2'), ('SAD3', 'SAG3'), ('SAD4', None)]):
            x[i, t, 0] = (float(r[d]) - day_mean) / day_sd
            x[i, t, 1] = float(r[g]) if g else 0.0
            x[i, t, 2] = 1.0 if g else 0.0
            for k, f in enumerate(statics):
                v = float(r[f])
                x[i, t, 3 + k] = (v - age_mean) / age_sd if f == 'age' else v
        y[i, 0] = float(r['SAG4'])
    return x, y


def fit_scaler(rows):
    days = np.array([float(r[d]) for r in rows for d in ('SAD1', 'SAD2', 'SAD3', 'SAD4')])
    ages = np.array([float(r['age']) for r in rows])
    sd = lambda v: v.std() if v.std() > 1e-12 * max(1, abs(v.mean())) else 1.0  # noqa: E731
    return days.mean(), sd(days), ages.mean(), sd(ages)


def regression_metrics(actual, predicted, resamples, rng):
    from scipy import stats
    err = predicted - actual
    block = {'rmse': float(np.sqrt(np.mean(err ** 2))), 'mse': float(np.mean(err ** 2)), 'mae': float(np.mean(np.abs(err)))}
    e = err[rng.integers(0, len(err), (resamples, len(err)))]
    mse = (e ** 2).mean(1)
    boot = {'rmse': np.sqrt(mse), 'mse': mse, 'mae': np.abs(e).mean(1)}
    for k, v in boot.items():
        block[f'{k}_ci'] = [float(np.percentile(v, 2.5)), float(np.percentile(v, 97.5))]
    block['p_value'] = float(stats.ttest_rel(actual, predicted).pvalue)
    return block


def train_lstm(job):
    """One (subset, model): returns its metrics, epochs and seconds. Runs in a worker process."""
    import torch
    from torch import nn
    from torch_lstm import KerasLikeLstmNet

    torch.set_num_threads(1)
    subset, model_name, tables, fixed_epochs, resamples = job['subset'], job['model'], job['tables'], job['epochs'], job['resamples']
    t0 = time.perf_counter()
    torch.manual_seed(42)
    rng = np.random.default_rng(42)
    rows = read_csv(os.path.join(tables, 'windows_regression.csv'))
    dev = [r for r in rows if r['set'] == 'development' and (subset == 'all' or r['persistent'] == '1')]
    split_col = 'split' if subset == 'all' else 'split_persistent'
    train = [r for r in dev if r[split_col] == 'train']
    test = [r for r in dev if r[split_col] == 'test']
    validation = [r for r in rows if r['set'] == 'validation']
    scaler = fit_scaler(train)
    statics = MODEL_FEATURES[model_name]
    x, y = sequences(train, statics, scaler)
    batch, patience, plateau = (128, 40, 20) if subset == 'all' else (64, 80, 30)
    n_fit = int(np.floor(len(x) * 0.9))
    order = rng.permutation(len(x))
    fit_idx, val_idx = order[:n_fit], order[n_fit:]
    xf, yf = torch.from_numpy(x[fit_idx]), torch.from_numpy(y[fit_idx])
    xv, yv = torch.from_numpy(x[val_idx]), torch.from_numpy(y[val_idx])
    net = KerasLikeLstmNet(x.shape[2])
    opt = torch.optim.Adam(net.parameters(), lr=0.005, eps=1e-7)
    sched = torch.optim.lr_scheduler.ReduceLROnPlateau(opt, factor=0.5, patience=plateau, min_lr=1e-6, threshold=1e-4, threshold_mode='abs')
    loss_fn = nn.MSELoss()
    best, best_state, best_epoch, since = float('inf'), None, 0, 0
    max_epochs = fixed_epochs or 500
    epochs = 0
    for epoch in range(1, max_epochs + 1):
        net.train()
        perm = torch.randperm(len(xf))
        for b in range(0, len(xf), batch):
            idx = perm[b:b + batch]
            opt.zero_grad()
            loss_fn(net(xf[idx]), yf[idx]).backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            val = loss_fn(net(xv), yv).item()
        sched.step(val)
        epochs = epoch
        if val < best:
            best, best_epoch, since = val, epoch, 0
            best_state = {k: v.clone() for k, v in net.state_dict().items()}
        else:
            since += 1
            if not fixed_epochs and since >= patience:
                break
    net.load_state_dict(best_state)
    net.eval()
    out = {'epochs_run': epochs, 'best_epoch': best_epoch}
    with torch.no_grad():
        for name, part in (('test', test), ('validation', validation)):
            if not part:
                continue
            xp, yp = sequences(part, statics, scaler)
            pred = net(torch.from_numpy(xp)).numpy()[:, 0].astype(float)
            out[name] = {'n': len(part), **regression_metrics(yp[:, 0].astype(float), pred, resamples, rng)}
    out['seconds'] = time.perf_counter() - t0
    return subset, model_name, out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--tables', required=True, help='the tables/ folder of a reproduce run')
    ap.add_argument('--jobs', type=int, default=2, help='sklearn n_jobs and LSTMs trained at once (default 2)')
    ap.add_argument('--grid-size', type=int, default=15, help='log-spaced values of C and of gamma (plus the paper picks)')
    ap.add_argument('--repeats', type=int, default=100, help='permutations per feature')
    ap.add_argument('--resamples', type=int, default=1000, help='bootstrap resamples')
    ap.add_argument('--epochs-from', help="a manifest.json: train each LSTM for exactly the epochs that run did")
    ap.add_argument('--max-epochs', type=int, default=0, help='cap every LSTM at this many epochs (quick runs)')
    args = ap.parse_args()

    started = time.perf_counter()
    svm, seconds = svm_part(args.tables, args.jobs, args.repeats, args.resamples, args.grid_size)

    epochs_from = None
    if args.epochs_from:
        with open(args.epochs_from) as f:
            epochs_from = json.load(f)['lstm']
    jobs = []
    for subset in ('all', 'persistent'):
        for model in ('M1', 'M2', 'M3'):
            fixed = epochs_from[subset][model]['epochs_run'] if epochs_from else 0
            if args.max_epochs:
                fixed = min(fixed or args.max_epochs, args.max_epochs)
            jobs.append({'subset': subset, 'model': model, 'tables': args.tables, 'epochs': fixed, 'resamples': args.resamples})
    t0 = time.perf_counter()
    lstm = {'all': {}, 'persistent': {}}
    # Longest first (by the epochs to run, when known), so the two processes end together.
    jobs.sort(key=lambda j: -j['epochs'])
    ctx = mp.get_context('fork')
    with ctx.Pool(args.jobs, initializer=_add_script_dir) as pool:
        for subset, model, res in pool.imap_unordered(train_lstm, jobs):
            lstm[subset][model] = res
    seconds['lstm'] = time.perf_counter() - t0
    seconds['total'] = time.perf_counter() - started

    import sklearn
    import torch
    print(json.dumps({
        'sklearn': sklearn.__version__,
        'torch': torch.__version__,
        'jobs': args.jobs,
        'lstmEpochs': 'fixed from ' + args.epochs_from if args.epochs_from else 'early stopping',
        'seconds': {k: round(v, 3) for k, v in seconds.items()},
        'svm': svm,
        'lstm': lstm,
    }, indent=1))


def _add_script_dir():
    import sys
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


if __name__ == '__main__':
    _add_script_dir()
    main()
