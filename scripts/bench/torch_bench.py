#!/usr/bin/env python3
"""PyTorch (CPU, one thread) side of `npm run bench`: steps per second for each workload.

Reads the workload list as JSON on stdin (written by scripts/bench/bench.mjs, so both sides
train the same nets) and prints one JSON line per workload: {"id", "stepsPerSecond"}, steps
per CPU-second.
"""
import json
import sys
import time

import torch
import torch.nn as nn

torch.set_num_threads(1)
torch.manual_seed(0)

ACTIVATIONS = {'sigmoid': nn.Sigmoid, 'relu': nn.ReLU, 'tanh': nn.Tanh}


def build(workload):
    layers = []
    sizes = workload['sizes']
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        hidden = i < len(sizes) - 2
        layers.append(nn.Linear(n_in, n_out, bias=not (hidden and workload['batchNorm'])))
        if hidden:
            if workload['batchNorm']:
                layers.append(nn.BatchNorm1d(n_out, momentum=0.1, eps=1e-5))
            layers.append(ACTIVATIONS[workload['activation']]())
    return nn.Sequential(*layers)


def measure(workload):
    model = build(workload)
    optimizer = torch.optim.SGD(model.parameters(), lr=workload['learningRate'])
    loss_fn = nn.CrossEntropyLoss()
    batch = workload['batch']
    x = torch.rand(batch, workload['sizes'][0])
    y = torch.randint(0, workload['sizes'][-1], (batch,))

    def step():
        optimizer.zero_grad(set_to_none=True)
        loss = loss_fn(model(x), y)
        loss.backward()
        optimizer.step()

    for _ in range(workload['warmup']):
        step()
    best = 0.0
    for _ in range(workload['repeats']):
        # CPU time, as on every side of the benchmark: the shared machine's other processes
        # do not count against a run.
        start = time.process_time()
        for _ in range(workload['steps']):
            step()
        best = max(best, workload['steps'] / (time.process_time() - start))
    return best


if __name__ == '__main__':
    for workload in json.load(sys.stdin):
        print(json.dumps({'id': workload['id'], 'stepsPerSecond': measure(workload)}), flush=True)
