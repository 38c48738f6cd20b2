#!/usr/bin/env python3
"""Reference fixtures for Netoscope's engine, computed with PyTorch (CPU).

Run with Debian's python3 and python3-torch:  /usr/bin/python3 scripts/torch/make_fixtures.py
It rewrites tests/fixtures/torch/*.json; CI only reads them.

Inputs are drawn in float32 and the references are computed in float64 from those same
float32 values, so a test measures the engine's float32 error against an exact answer.
Conventions (they are the engine's too, see docs/ENGINE.md):
  * Linear weights are [out, in]; y = x W^T + b.
  * Losses are summed over output units and averaged over the batch
    (softmax cross-entropy, MSE = 1/2 (y - t)^2, sigmoid binary cross-entropy).
  * BatchNorm1d: biased batch variance in the forward pass, unbiased in the running variance,
    running = (1 - momentum) running + momentum batch.
"""
import json
import math
import os

import torch
import torch.nn.functional as F

OUT = os.path.join(os.path.dirname(__file__), '..', '..', 'tests', 'fixtures', 'torch')
torch.set_num_threads(1)


def rand(gen, *shape, scale=1.0):
    return (torch.randn(*shape, generator=gen, dtype=torch.float32) * scale).double()


def t(x):
    """A tensor as {shape, data}: data flattened row-major, float32 values written exactly."""
    x = x.detach().double().contiguous()
    # Nine significant digits round-trip any float32 exactly.
    return {'shape': list(x.shape), 'data': [float('%.9g' % v) for v in x.reshape(-1).float().double().tolist()]}


def f64(x):
    x = x.detach().double().contiguous()
    # Ten significant digits: far below float32's resolution, which is what the tests compare at.
    return {'shape': list(x.shape), 'data': [float('%.10g' % v) for v in x.reshape(-1).tolist()]}


def write(name, payload):
    os.makedirs(OUT, exist_ok=True)
    with open(os.path.join(OUT, name + '.json'), 'w') as f:
        json.dump(payload, f, separators=(',', ':'))
        f.write('\n')


def dense_cases(gen):
    cases = []
    for batch, n_in, n_out, bias in [(1, 1, 1, True), (4, 3, 5, True), (7, 13, 6, False), (32, 50, 20, True)]:
        x = rand(gen, batch, n_in).requires_grad_()
        w = rand(gen, n_out, n_in, scale=1 / math.sqrt(n_in)).requires_grad_()
        b = rand(gen, n_out, scale=0.1).requires_grad_() if bias else None
        y = F.linear(x, w, b)
        dy = rand(gen, batch, n_out)
        y.backward(dy)
        case = {'name': f'{batch}x{n_in}->{n_out}{"" if bias else " no bias"}', 'bias': bias,
                'x': t(x), 'weight': t(w), 'dy': t(dy), 'y': f64(y), 'dx': f64(x.grad), 'dweight': f64(w.grad)}
        if bias:
            case['b'] = t(b)
            case['dbias'] = f64(b.grad)
        cases.append(case)
    write('dense', {'cases': cases})


ACTIVATIONS = {
    'sigmoid': ({}, torch.sigmoid),
    'tanh': ({}, torch.tanh),
    'relu': ({}, F.relu),
    'leaky-relu': ({'slope': 0.1}, lambda z: F.leaky_relu(z, 0.1)),
    'elu': ({'alpha': 1.0}, lambda z: F.elu(z, 1.0)),
    'softplus': ({}, F.softplus),
    'identity': ({}, lambda z: z),
}


def activation_cases(gen):
    cases = []
    for name, (params, fn) in ACTIVATIONS.items():
        z = rand(gen, 6, 9, scale=3.0)
        # Keep away from ReLU-family kinks, where a derivative is a convention, not a limit.
        z = torch.where(z.abs() < 1e-3, torch.full_like(z, 0.5), z).requires_grad_()
        y = fn(z)
        dy = rand(gen, 6, 9)
        y.backward(dy)
        cases.append({'fn': name, 'params': params, 'x': t(z), 'dy': t(dy), 'y': f64(y), 'dx': f64(z.grad)})
    write('activations', {'cases': cases})


def loss_cases(gen):
    cases = []
    batch, classes = 8, 5
    z = rand(gen, batch, classes, scale=4.0).requires_grad_()
    labels = torch.randint(0, classes, (batch,), generator=gen)
    loss = F.cross_entropy(z, labels)
    loss.backward()
    cases.append({'loss': 'softmax-cross-entropy', 'logits': t(z), 'labels': labels.tolist(),
                  'value': loss.item(), 'dlogits': f64(z.grad)})
    # Large logits: the stable form must not overflow.
    z = (rand(gen, batch, classes, scale=1.0) * 500).requires_grad_()
    loss = F.cross_entropy(z, labels)
    loss.backward()
    cases.append({'loss': 'softmax-cross-entropy', 'logits': t(z), 'labels': labels.tolist(),
                  'value': loss.item(), 'dlogits': f64(z.grad)})

    y = rand(gen, batch, classes).requires_grad_()
    target = rand(gen, batch, classes)
    loss = 0.5 * ((y - target) ** 2).sum() / batch
    loss.backward()
    cases.append({'loss': 'mse', 'outputs': t(y), 'targets': t(target), 'value': loss.item(), 'doutputs': f64(y.grad)})

    z = rand(gen, batch, classes, scale=3.0).requires_grad_()
    target = torch.rand(batch, classes, generator=gen, dtype=torch.float32).double()
    loss = F.binary_cross_entropy_with_logits(z, target, reduction='sum') / batch
    loss.backward()
    cases.append({'loss': 'sigmoid-binary-cross-entropy', 'logits': t(z), 'targets': t(target),
                  'value': loss.item(), 'dlogits': f64(z.grad)})
    write('losses', {'cases': cases})


def batchnorm_cases(gen):
    cases = []
    for batch, features, affine in [(2, 3, True), (16, 10, True), (60, 20, True), (8, 4, False)]:
        bn = torch.nn.BatchNorm1d(features, eps=1e-5, momentum=0.1, affine=affine).double()
        if affine:
            with torch.no_grad():
                bn.weight.copy_(1 + 0.2 * rand(gen, features))
                bn.bias.copy_(0.2 * rand(gen, features))
        steps = []
        for _ in range(3):
            x = (rand(gen, batch, features, scale=2.0) + 1.5).requires_grad_()
            bn.train()
            bn.zero_grad()
            y = bn(x)
            dy = rand(gen, batch, features)
            y.backward(dy)
            step = {'x': t(x), 'dy': t(dy), 'y': f64(y), 'dx': f64(x.grad),
                    'runningMean': f64(bn.running_mean), 'runningVar': f64(bn.running_var)}
            if affine:
                step['dgamma'] = f64(bn.weight.grad)
                step['dbeta'] = f64(bn.bias.grad)
            steps.append(step)
        probe = rand(gen, batch, features, scale=2.0) + 1.5
        bn.eval()
        case = {'name': f'{batch}x{features}{"" if affine else " no affine"}', 'eps': 1e-5, 'momentum': 0.1,
                'affine': affine, 'steps': steps, 'evalX': t(probe), 'evalY': f64(bn(probe))}
        if affine:
            case['gamma'] = t(bn.weight)
            case['beta'] = t(bn.bias)
        cases.append(case)
    write('batchnorm', {'cases': cases})


def optimizer_cases(gen):
    """Parameters after 5 steps from fixed gradients; weight decay is the lecture's L2 (grad + lambda w)."""
    configs = [
        ('sgd', {'learningRate': 0.1}, lambda p: torch.optim.SGD(p, lr=0.1)),
        ('sgd', {'learningRate': 0.1, 'weightDecay': 0.01}, lambda p: torch.optim.SGD(p, lr=0.1, weight_decay=0.01)),
        ('momentum', {'learningRate': 0.05, 'momentum': 0.9}, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9)),
        ('nesterov', {'learningRate': 0.05, 'momentum': 0.9}, lambda p: torch.optim.SGD(p, lr=0.05, momentum=0.9, nesterov=True)),
        ('rmsprop', {'learningRate': 0.01, 'alpha': 0.99, 'eps': 1e-8}, lambda p: torch.optim.RMSprop(p, lr=0.01, alpha=0.99, eps=1e-8)),
        ('adam', {'learningRate': 0.01, 'beta1': 0.9, 'beta2': 0.999, 'eps': 1e-8}, lambda p: torch.optim.Adam(p, lr=0.01, betas=(0.9, 0.999), eps=1e-8)),
    ]
    cases = []
    for name, settings, make in configs:
        p0 = rand(gen, 4, 6)
        grads = [rand(gen, 4, 6) for _ in range(5)]
        p = p0.clone().requires_grad_()
        opt = make([p])
        for g in grads:
            opt.zero_grad()
            p.grad = g.clone()
            opt.step()
        cases.append({'optimizer': name, 'settings': settings, 'initial': t(p0), 'grads': [t(g) for g in grads],
                      'final': f64(p)})
    # L1 is not a torch optimizer option: the lecture's subgradient lambda * sign(w), added to the gradient.
    p0 = rand(gen, 4, 6)
    grads = [rand(gen, 4, 6) for _ in range(5)]
    p = p0.clone()
    for g in grads:
        p = p - 0.1 * (g + 0.01 * torch.sign(p))
    cases.append({'optimizer': 'sgd', 'settings': {'learningRate': 0.1, 'l1': 0.01}, 'initial': t(p0),
                  'grads': [t(g) for g in grads], 'final': f64(p)})
    write('optimizers', {'cases': cases})


def mlp_case(gen):
    """A 6-8-8-3 tanh/relu MLP, 5 SGD steps on fixed batches of 4; loss per step and final parameters."""
    sizes = [6, 8, 8, 3]
    layers = []
    for n_in, n_out in zip(sizes[:-1], sizes[1:]):
        layers.append({'weight': rand(gen, n_out, n_in, scale=1 / math.sqrt(n_in)), 'bias': rand(gen, n_out, scale=0.1)})
    initial = [{'weight': t(l['weight']), 'bias': t(l['bias'])} for l in layers]
    params = [l[k].clone().requires_grad_() for l in layers for k in ('weight', 'bias')]
    batches = [(rand(gen, 4, 6), torch.randint(0, 3, (4,), generator=gen)) for _ in range(5)]
    activations = ['tanh', 'relu']
    losses = []
    for x, labels in batches:
        h = x
        for i in range(len(layers)):
            h = F.linear(h, params[2 * i], params[2 * i + 1])
            if i < len(activations):
                h = torch.tanh(h) if activations[i] == 'tanh' else F.relu(h)
        loss = F.cross_entropy(h, labels)
        losses.append(loss.item())
        grads = torch.autograd.grad(loss, params)
        with torch.no_grad():
            for p, g in zip(params, grads):
                p -= 0.1 * g
    write('mlp', {'sizes': sizes, 'activations': activations, 'learningRate': 0.1, 'initial': initial,
                  'batches': [{'x': t(x), 'labels': l.tolist()} for x, l in batches], 'losses': losses,
                  'final': [{'weight': f64(params[2 * i]), 'bias': f64(params[2 * i + 1])} for i in range(len(layers))]})


if __name__ == '__main__':
    gen = torch.Generator().manual_seed(20170306)
    dense_cases(gen)
    activation_cases(gen)
    loss_cases(gen)
    batchnorm_cases(gen)
    optimizer_cases(gen)
    mlp_case(gen)
    print('wrote', sorted(os.listdir(OUT)))
