#!/usr/bin/env python3
"""Float64 PyTorch twin of the LSTM network, for the gradient check of the wasm engine.

Writes tests/fixtures/reference/lstm_gradients.json: random weights (Keras layout), inputs,
targets and dropout masks, and PyTorch's float64 results for them: the training-mode MSE and
its gradient with respect to every trainable weight, and the inference-mode outputs (BatchNorm
on given moving statistics). The network is PyTorch's own nn.LSTM (weights transposed from the
Keras layout: weight_ih = Wᵀ, weight_hh = Uᵀ, bias_ih = b, bias_hh = 0; gate order i, f, g, o
= Keras's i, f, c, o), each LSTM followed by dropout (the given mask: 0 or 1 / (1 − rate)) and
BatchNorm over the feature axis of every row (training mode: batch mean and biased variance,
epsilon 1e-3), then Dense(1).

Units (8, 6, 4) keep the fixture small and put the kernel's non-multiple-of-4 paths (6) under
test as well as its SIMD blocks.

    /usr/bin/python3 scripts/reference/torch_lstm_float64.py
"""
import json
import os

import numpy as np
import torch
import torch.nn.functional as F

SEED = 20261201
B, T, C = 24, 4, 7
UNITS = (8, 6, 4)
RATE = 0.2
EPS = 1e-3

torch.set_default_dtype(torch.float64)
rng = np.random.default_rng(SEED)


def f32(a):
    """Values exactly representable in float32, so both sides start from the same numbers."""
    return np.asarray(a, dtype=np.float32).astype(np.float64)


x = f32(rng.normal(size=(B, T, C)))
y = f32(rng.integers(1, 7, size=(B, 1)))
weights = []  # Keras order: per layer W, U, b, gamma, beta; dense W, b; then moving mean, variance per layer
stats = []
masks = []
width = C
for k, u in enumerate(UNITS):
    weights.append(f32(rng.normal(scale=0.4, size=(width, 4 * u))))
    weights.append(f32(rng.normal(scale=0.4, size=(u, 4 * u))))
    weights.append(f32(rng.normal(scale=0.2, size=(4 * u,))))
    weights.append(f32(rng.uniform(0.5, 1.5, size=(u,))))
    weights.append(f32(rng.normal(scale=0.2, size=(u,))))
    stats.append(f32(rng.normal(scale=0.1, size=(u,))))
    stats.append(f32(rng.uniform(0.05, 0.3, size=(u,))))
    rows = (B, T, u) if k < len(UNITS) - 1 else (B, u)
    masks.append(f32((rng.uniform(size=rows) >= RATE) / (1 - RATE)))
    width = u
weights.append(f32(rng.normal(scale=0.5, size=(width, 1))))
weights.append(f32(rng.normal(scale=0.2, size=(1,))))

params = [torch.tensor(w, requires_grad=True) for w in weights]


def network(training):
    h = torch.tensor(x)
    last = len(UNITS) - 1
    for k, u in enumerate(UNITS):
        W, U, b, gamma, beta = params[5 * k:5 * k + 5]
        lstm = torch.nn.LSTM(h.shape[-1], u, batch_first=True)
        # Reuse our parameter tensors so the gradient lands on them.
        del lstm.weight_ih_l0, lstm.weight_hh_l0, lstm.bias_ih_l0, lstm.bias_hh_l0
        lstm.weight_ih_l0 = W.t()
        lstm.weight_hh_l0 = U.t()
        lstm.bias_ih_l0 = b
        lstm.bias_hh_l0 = torch.zeros(4 * u)
        out, _ = lstm(h)
        out = out if k < last else out[:, -1, :]
        if training:
            out = out * torch.tensor(masks[k])
        flat = out.reshape(-1, u)
        mean = torch.tensor(stats[2 * k]) if not training else None
        var = torch.tensor(stats[2 * k + 1]) if not training else None
        flat = F.batch_norm(flat, mean, var, gamma, beta, training=training, eps=EPS)
        h = flat.reshape(out.shape)
    Wd, bd = params[-2:]
    return h @ Wd + bd


pred = network(True)
loss = torch.mean((pred - torch.tensor(y)) ** 2)
loss.backward()
with torch.no_grad():
    inference = network(False)

out = {
    'script': 'scripts/reference/torch_lstm_float64.py',
    'torch': torch.__version__,
    'seed': SEED,
    'batch': B,
    'steps': T,
    'channels': C,
    'units': list(UNITS),
    'dropout': RATE,
    'batchNormEpsilon': EPS,
    'x': x.ravel().tolist(),
    'y': y.ravel().tolist(),
    'masks': [m.ravel().tolist() for m in masks],
    'weights': [w.ravel().tolist() for w in weights],
    'movingStats': [s.ravel().tolist() for s in stats],
    'loss': loss.item(),
    'grads': [p.grad.numpy().ravel().tolist() for p in params],
    'inference': inference.numpy().ravel().tolist(),
}
path = os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'fixtures', 'reference', 'lstm_gradients.json')
with open(path, 'w') as f:
    json.dump(out, f)
print(f'wrote {os.path.normpath(path)}: loss {out["loss"]:.6f}, {sum(len(g) for g in out["grads"])} gradient values')
