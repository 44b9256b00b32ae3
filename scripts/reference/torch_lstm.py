#!/usr/bin/env python3
"""PyTorch twin of the workbench's LSTM regression network (lib/ml/lstm/model.ts), for timing.

Same layers as the tfjs model: LSTM(64, sequences) -> Dropout(0.2) -> BatchNorm -> LSTM(32,
sequences) -> Dropout -> BatchNorm -> LSTM(16, last state) -> Dropout -> BatchNorm -> Dense(1);
sigmoid gates and tanh, Keras initial weights (Glorot-uniform input kernels, orthogonal
recurrent kernels, forget-gate bias 1), BatchNorm as Keras (momentum 0.99 = PyTorch 0.01,
epsilon 1e-3, normalizing the feature axis of every time step), Adam(lr 0.005, eps 1e-7), MSE.

Prints one JSON line: the median time of a training epoch (forward, backward and Adam step on
every batch, rows reshuffled, plus the validation loss) over `--rows` synthetic rows of 4 steps
x `--channels` channels with batch `--batch`, single-threaded unless `--threads` says otherwise.

    /usr/bin/python3 scripts/reference/torch_lstm.py --rows 1000 --batch 128 --epochs 20
"""
import argparse
import json
import statistics
import time

import numpy as np
import torch
from torch import nn


class KerasLikeLstmNet(nn.Module):
    def __init__(self, channels, units=(64, 32, 16), dropout=0.2):
        super().__init__()
        self.lstms = nn.ModuleList()
        self.dropouts = nn.ModuleList()
        self.norms = nn.ModuleList()
        width = channels
        for u in units:
            lstm = nn.LSTM(width, u, batch_first=True)
            nn.init.xavier_uniform_(lstm.weight_ih_l0)  # (4u, in): same fans as Keras's (in, 4u)
            # Keras's Orthogonal on the (u, 4u) kernel = orthonormal rows; PyTorch stores its transpose.
            nn.init.orthogonal_(lstm.weight_hh_l0)
            nn.init.zeros_(lstm.bias_ih_l0)
            nn.init.zeros_(lstm.bias_hh_l0)
            with torch.no_grad():
                lstm.bias_ih_l0[u:2 * u] = 1.0  # gate order i, f, g, o as Keras's i, f, c, o
            self.lstms.append(lstm)
            self.dropouts.append(nn.Dropout(dropout))
            self.norms.append(nn.BatchNorm1d(u, momentum=0.01, eps=1e-3))
            width = u
        self.dense = nn.Linear(width, 1)
        nn.init.xavier_uniform_(self.dense.weight)
        nn.init.zeros_(self.dense.bias)

    def forward(self, x):
        last = len(self.lstms) - 1
        for k, (lstm, drop, norm) in enumerate(zip(self.lstms, self.dropouts, self.norms)):
            x, _ = lstm(x)
            if k == last:
                x = norm(drop(x[:, -1, :]))
            else:
                # BatchNorm1d wants (batch, features, time).
                x = norm(drop(x).transpose(1, 2)).transpose(1, 2)
        return self.dense(x)


def synthetic(rows, channels, rng):
    x = np.zeros((rows, 4, channels), dtype=np.float32)
    x[:, :, 0] = rng.normal(size=(rows, 4))
    x[:, :3, 1] = rng.integers(1, 7, size=(rows, 3))
    x[:, :3, 2] = 1
    x[:, :, 3:] = rng.normal(size=(rows, 4, channels - 3))
    y = rng.integers(1, 7, size=(rows, 1)).astype(np.float32)
    return torch.from_numpy(x), torch.from_numpy(y)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--rows', type=int, default=1000)
    ap.add_argument('--channels', type=int, default=7)
    ap.add_argument('--batch', type=int, default=128)
    ap.add_argument('--epochs', type=int, default=20)
    ap.add_argument('--threads', type=int, default=1)
    ap.add_argument('--seed', type=int, default=1)
    args = ap.parse_args()

    torch.set_num_threads(args.threads)
    torch.manual_seed(args.seed)
    rng = np.random.default_rng(args.seed)
    x, y = synthetic(args.rows, args.channels, rng)
    x_val, y_val = synthetic(max(1, args.rows // 9), args.channels, rng)
    net = KerasLikeLstmNet(args.channels)
    opt = torch.optim.Adam(net.parameters(), lr=0.005, eps=1e-7)
    loss_fn = nn.MSELoss()
    times = []
    for _ in range(args.epochs):
        start = time.perf_counter()
        net.train()
        order = torch.randperm(args.rows)
        for b in range(0, args.rows, args.batch):
            idx = order[b:b + args.batch]
            opt.zero_grad()
            loss = loss_fn(net(x[idx]), y[idx])
            loss.backward()
            opt.step()
        net.eval()
        with torch.no_grad():
            loss_fn(net(x_val), y_val).item()
        times.append((time.perf_counter() - start) * 1000)
    steady = times[1:] or times
    print(json.dumps({
        'framework': f'torch {torch.__version__}',
        'threads': torch.get_num_threads(),
        'rows': args.rows,
        'batch': args.batch,
        'channels': args.channels,
        'firstEpochMs': round(times[0], 1),
        'medianEpochMs': round(statistics.median(steady), 1),
        'minEpochMs': round(min(steady), 1),
    }))


if __name__ == '__main__':
    main()
