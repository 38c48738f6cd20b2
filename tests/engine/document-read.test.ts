import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import { readDocument, writeDocument, type DocumentProblem, type ReadDocumentResult } from '../../engine/document/read';
import { DOCUMENT_VERSION, type NetDocument } from '../../engine/document/types';

const V0_FIXTURE = new URL('../fixtures/documents/v0-spirals.netoscope', import.meta.url);

function problemsOf(result: ReadDocumentResult): DocumentProblem[] {
  if (result.ok) throw new Error('expected the document to be refused');
  return result.problems;
}

const DELETE = Symbol('delete');

/** Sets (or deletes) the value at a JSON path such as `graph.nodes[1].params.units` of a plain JSON value. */
function setAt(root: unknown, path: string, value: unknown): void {
  const keys = path.match(/[^.[\]]+/g)!.map((key) => (/^\d+$/.test(key) ? Number(key) : key));
  const parent = keys.slice(0, -1).reduce((node, key) => (node as Record<string | number, unknown>)[key], root) as Record<string | number, unknown>;
  const last = keys[keys.length - 1];
  if (value === DELETE) delete parent[last];
  else parent[last] = value;
}

/** The problems of newDocument() after setting these paths of its JSON to these values. */
function problemsWith(...edits: [path: string, value: unknown][]): DocumentProblem[] {
  const doc: unknown = JSON.parse(JSON.stringify(newDocument()));
  for (const [path, value] of edits) setAt(doc, path, value);
  return problemsOf(readDocument(JSON.stringify(doc)));
}

/** A document using every optional part of the format. */
function fullDocument(): NetDocument {
  const doc = newDocument();
  doc.description = 'Every optional field.';
  doc.display = ['loss', 'activation-histograms'];
  doc.graph.nodes[1].label = 'First hidden';
  doc.dataset = {
    kind: 'csv',
    fileName: 'table.csv',
    text: 'x,y,label\n1,2,a\n3,4,b\n5,6,a\n7,8,b\n9,1,a\n',
    labelColumn: 'label',
    featureColumns: ['y', 'x'],
    testFraction: 0.4,
    preprocessing: 'standardize',
    preprocessingEpsilon: 0.01,
  };
  doc.training = { ...doc.training, optimizer: 'adam', beta1: 0.8, beta2: 0.99, epsilon: 1e-6, schedule: 'cosine', scheduleMinFactor: 0.1, sampling: 'emphasize-errors', emphasisCap: 3 };
  doc.instruments = { every: 25, histogramBins: 40, percentiles: [15, 50, 85], weightHistograms: false };
  doc.variants = [
    { name: 'base', patches: [] },
    { name: 'he', patches: [{ op: 'set-params', nodes: { kind: 'dense' }, params: { init: 'he-normal', initFan: 'out' } }] },
    { name: 'shallow', patches: [{ op: 'remove-nodes', nodes: { ids: ['dense2', 'act2'] } }, { op: 'set-training', training: { learningRate: 0.01, batchSize: 8 } }] },
  ];
  return doc;
}

describe('readDocument and writeDocument', () => {
  it('round-trips documents: write, read, deep equal', () => {
    for (const doc of [newDocument(), fullDocument()]) {
      expect(readDocument(writeDocument(doc))).toEqual({ ok: true, document: doc });
    }
  });

  it('writes 2-space JSON with a final newline and keys in a fixed order, whatever order they were set in', () => {
    const doc = fullDocument();
    const text = writeDocument(doc);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.split('\n')[1]).toBe('  "format": "netoscope",');
    expect(Object.keys(JSON.parse(text) as object)).toEqual(['format', 'version', 'name', 'description', 'display', 'graph', 'dataset', 'training', 'instruments', 'variants']);
    expect(Object.keys((JSON.parse(text) as NetDocument).graph.nodes[1])).toEqual(['id', 'kind', 'label', 'position', 'params']);

    const reversed = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(reversed);
      if (typeof value !== 'object' || value === null) return value;
      return Object.fromEntries(Object.entries(value).reverse().map(([key, each]) => [key, reversed(each)]));
    };
    expect(writeDocument(reversed(doc) as NetDocument)).toBe(text);
  });

  it('migrates the version-0 fixture to the current version', () => {
    const result = readDocument(readFileSync(V0_FIXTURE, 'utf8'));
    const at = (x: number) => ({ x, y: 120 });
    expect(result).toEqual({
      ok: true,
      migratedFrom: 0,
      document: {
        format: 'netoscope',
        version: DOCUMENT_VERSION,
        name: 'Two spirals, version 0',
        graph: {
          nodes: [
            { id: 'input', kind: 'input', params: {}, position: at(0) },
            { id: 'dense1', kind: 'dense', params: { units: 16, bias: true }, position: at(200) },
            { id: 'act1', kind: 'activation', params: { fn: 'tanh' }, position: at(400), label: 'Hidden' },
            { id: 'logits', kind: 'dense', params: { units: 2 }, position: at(600) },
            { id: 'output', kind: 'output', params: { loss: 'softmax-cross-entropy' }, position: at(800) },
          ],
          edges: [
            { id: 'link-1', source: 'input', target: 'dense1' },
            { id: 'link-2', source: 'dense1', target: 'act1' },
            { id: 'link-3', source: 'act1', target: 'logits' },
            { id: 'link-4', source: 'logits', target: 'output' },
          ],
        },
        dataset: { kind: 'spirals', pointsPerClass: 100, noise: 0.1, testFraction: 0.2 },
        training: { optimizer: 'sgd', learningRate: 0.1, batchSize: 16, steps: 500, seed: 7, shuffle: true, reportEvery: 10 },
      },
    });
    expect(result.ok && compile(result.document).ok).toBe(true);
  });

  it('migrates a version-1 document, which version 2 only extends', () => {
    const result = readDocument(JSON.stringify({ ...newDocument(), version: 1 }));
    expect(result).toEqual({ ok: true, migratedFrom: 1, document: newDocument() });
  });

  it('reports what a version-0 document lacks with its own paths, and what it carries over with the new ones', () => {
    const v0 = JSON.parse(readFileSync(V0_FIXTURE, 'utf8')) as object;
    expect(problemsOf(readDocument(JSON.stringify({ ...v0, network: { layers: [] } })))).toEqual([
      { path: 'network', message: "A version-0 document keeps its graph in 'network', an object with 'layers' and 'links' lists (got an object)." },
    ]);
    setAt(v0, 'network.layers[1].type', 'conv');
    expect(problemsOf(readDocument(JSON.stringify(v0)))).toEqual([
      { path: 'graph.nodes[1].kind', nodeId: 'dense1', message: expect.stringContaining("Node 'dense1' has an unknown kind 'conv'") },
    ]);
  });

  it('refuses what is not a Netoscope document of a version it reads, with one problem', () => {
    const cases: [string, DocumentProblem][] = [
      ['{"format": "netos', { path: '', message: expect.stringMatching(/^The file is not valid JSON/) }],
      ['[1, 2]', { path: '', message: 'The file does not hold a Netoscope document (expected a JSON object, got a list).' }],
      [JSON.stringify({ ...newDocument(), format: 'keras' }), { path: 'format', message: "The file is not a Netoscope document (its format is 'keras', expected 'netoscope')." }],
      [JSON.stringify({ ...newDocument(), version: 3 }), { path: 'version', message: 'The document was written by a newer Netoscope (format version 3); this one reads versions up to 2. Update Netoscope to open it.' }],
      [JSON.stringify({ ...newDocument(), version: 1.5 }), { path: 'version', message: 'The document version must be a whole number from 0 to 2 (got 1.5).' }],
      [JSON.stringify({ ...newDocument(), version: -1 }), { path: 'version', message: 'The document version must be a whole number from 0 to 2 (got -1).' }],
    ];
    for (const [text, problem] of cases) expect(problemsOf(readDocument(text))).toEqual([problem]);
  });
});

describe('readDocument: problems, each with its JSON path and node', () => {
  it('reports missing required fields', () => {
    expect(
      problemsWith(
        ['name', DELETE],
        ['graph.nodes[1].position', DELETE],
        ['graph.edges[0].target', DELETE],
        ['dataset.noise', DELETE],
        ['training.learningRate', DELETE],
      ),
    ).toEqual([
      { path: 'name', message: "The document: 'name' is required." },
      { path: 'graph.nodes[1].position', nodeId: 'dense1', message: "Node 'dense1': 'position' is required." },
      { path: 'graph.edges[0].target', message: "Edge #1: 'target' is required." },
      { path: 'dataset.noise', message: "The spirals dataset: 'noise' is required." },
      { path: 'training.learningRate', message: "The training settings: 'learningRate' is required." },
    ]);
  });

  it('reports wrong types', () => {
    expect(
      problemsWith(
        ['name', 7],
        ['graph.nodes[0].position.x', '0'],
        ['graph.nodes[1].params.units', '32'],
        ['graph.nodes[2].label', null],
        ['graph.edges', {}],
        ['training.shuffle', 'yes'],
        ['instruments', []],
      ),
    ).toEqual([
      { path: 'name', message: 'The name must be a text (got 7).' },
      { path: 'graph.nodes[0].position.x', nodeId: 'input', message: "The position of node 'input': x must be a number (got '0')." },
      { path: 'graph.nodes[1].params.units', nodeId: 'dense1', message: "Dense 'dense1': Units must be a whole number from 1 to 4096 (got '32')." },
      { path: 'graph.nodes[2].label', nodeId: 'act1', message: "The label of node 'act1' must be a text (got null)." },
      { path: 'graph.edges', message: 'The graph’s edges must be a list (got an object).' },
      { path: 'training.shuffle', message: "Shuffle must be true or false (got 'yes')." },
      { path: 'instruments', message: 'The instrument settings must be an object (got a list).' },
    ]);
  });

  it('reports values out of range, and choices that do not exist', () => {
    expect(
      problemsWith(
        ['graph.nodes[1].params.units', 0],
        ['graph.nodes[2].params.fn', 'swish'],
        ['graph.nodes[7]', { id: 'drop', kind: 'dropout', params: { rate: 1 }, position: { x: 0, y: 0 } }],
        ['graph.nodes[8]', { id: 'conv', kind: 'conv2d', params: {}, position: { x: 0, y: 0 } }],
        ['dataset.testFraction', 1],
        ['training.learningRate', 0],
        ['training.optimizer', 'adamw'],
        ['display', ['loss', 'tensorboard', 'loss']],
      ),
    ).toEqual([
      { path: 'display[1]', message: expect.stringMatching(/^A display view must be one of loss, gradient-magnitude, .* \(got 'tensorboard'\)\.$/) },
      { path: 'display[2]', message: "The view 'loss' is listed twice." },
      { path: 'graph.nodes[1].params.units', nodeId: 'dense1', message: "Dense 'dense1': Units must be a whole number from 1 to 4096 (got 0)." },
      { path: 'graph.nodes[2].params.fn', nodeId: 'act1', message: "Activation 'act1': Function must be one of Sigmoid, Tanh, ReLU, Leaky ReLU, ELU, Softplus, Identity (got 'swish')." },
      { path: 'graph.nodes[7].params.rate', nodeId: 'drop', message: "Dropout 'drop': Drop probability (rate) must be a number of at least 0 and below 1 (got 1)." },
      { path: 'graph.nodes[8].kind', nodeId: 'conv', message: "Node 'conv' has an unknown kind 'conv2d': use one of input, dense, activation, dropout, batchnorm, add, concat, output." },
      { path: 'dataset.testFraction', message: 'Test fraction must be a number greater than 0 and below 1 (got 1).' },
      { path: 'training.optimizer', message: "Optimizer must be one of SGD, SGD with momentum, Nesterov momentum, RMSProp, Adam (got 'adamw')." },
      { path: 'training.learningRate', message: 'Learning rate must be a number greater than 0 (got 0).' },
    ]);
  });

  it('reports ids used twice and edges to nodes that do not exist', () => {
    expect(
      problemsWith(
        ['graph.nodes[7]', { ...newDocument().graph.nodes[1], position: { x: 1, y: 1 } }],
        ['graph.edges[6]', { ...newDocument().graph.edges[0] }],
        ['graph.edges[7]', { id: 'ghost', source: 'act2', target: 'nowhere' }],
        ['graph.edges[8]', { id: '', source: 'act2', target: 'logits' }],
      ),
    ).toEqual([
      { path: 'graph.nodes[7].id', nodeId: 'dense1', message: "Node id 'dense1' is used by an earlier node; ids must be unique." },
      { path: 'graph.edges[6].id', message: "Edge id 'e-input-dense1' is used by an earlier edge; ids must be unique." },
      { path: 'graph.edges[7].target', nodeId: 'act2', message: "Edge 'ghost': its target 'nowhere' is not a node of the graph; delete the edge or add the node." },
      { path: 'graph.edges[8].id', message: "The id of edge #9 must be a non-empty text (got '')." },
    ]);
  });

  it('refuses unknown fields everywhere, suggesting the field a misspelling meant', () => {
    const advice = 'Remove it: this version of Netoscope does not read it, and dropping it silently could lose what it meant.';
    expect(
      problemsWith(
        ['author', 'me'],
        ['graph.nodes[1].colour', 'red'],
        ['graph.nodes[1].params.unit', 3],
        ['graph.nodes[1].position.z', 0],
        ['graph.edges[0].weight', 1],
        ['dataset.noize', 0.2],
        ['training.learningrate', 0.1],
        ['instruments', { every: 10, bins: 20 }],
      ),
    ).toEqual([
      { path: 'author', message: `The document: unknown field 'author'. ${advice}` },
      { path: 'graph.nodes[1].colour', nodeId: 'dense1', message: `Node 'dense1': unknown field 'colour'. ${advice}` },
      { path: 'graph.nodes[1].position.z', nodeId: 'dense1', message: `The position of node 'dense1': unknown field 'z'. ${advice}` },
      { path: 'graph.nodes[1].params.unit', nodeId: 'dense1', message: `The params of Dense 'dense1': unknown field 'unit'. Did you mean 'units'? ${advice}` },
      { path: 'graph.edges[0].weight', message: `Edge #1: unknown field 'weight'. ${advice}` },
      { path: 'dataset.noize', message: `The spirals dataset: unknown field 'noize'. Did you mean 'noise'? ${advice}` },
      { path: 'training.learningrate', message: `The training settings: unknown field 'learningrate'. Did you mean 'learningRate'? ${advice}` },
      { path: 'instruments.bins', message: `The instrument settings: unknown field 'bins'. ${advice}` },
    ]);
  });

  it('checks a dataset against the fields of its own kind', () => {
    expect(problemsWith(['dataset', { kind: 'mnist', trainSize: 100, testSize: 100, downsample: false, noise: 0.1 }])).toEqual([
      { path: 'dataset.noise', message: expect.stringMatching(/^The mnist dataset: unknown field 'noise'\./) },
    ]);
    expect(problemsWith(['dataset', { kind: 'csv', fileName: 'a.csv', text: '', labelColumn: 'y', featureColumns: ['a', 3], testFraction: 0.2 }])).toEqual([
      { path: 'dataset.text', message: "The CSV dataset: text must be a non-empty text (got '')." },
      { path: 'dataset.featureColumns[1]', message: 'Feature column #2 must be a non-empty text (got 3).' },
    ]);
    expect(problemsWith(['dataset', { kind: 'faces' }])).toEqual([
      { path: 'dataset.kind', message: "The dataset kind must be one of spirals, moons, circles, xor, blobs, mnist, letters, csv (got 'faces')." },
    ]);
  });

  it('checks the instrument settings', () => {
    expect(problemsWith(['instruments', { every: 0, histogramBins: 2.5, percentiles: [50, -1, 'x'], weightHistograms: 1 }])).toEqual([
      { path: 'instruments.every', message: 'Measure every (steps) must be a whole number from 1 to 1000000 (got 0).' },
      { path: 'instruments.histogramBins', message: 'Histogram bins must be a whole number from 1 to 1000 (got 2.5).' },
      { path: 'instruments.weightHistograms', message: 'Weight histograms must be true or false (got 1).' },
      { path: 'instruments.percentiles[1]', message: 'A percentile rank must be a number from 0 to 100 (got -1).' },
      { path: 'instruments.percentiles[2]', message: "A percentile rank must be a number from 0 to 100 (got 'x')." },
    ]);
  });

  it('checks the variants: names, ops, selectors, parameters and the shared seed', () => {
    const problems = problemsWith([
      'variants',
      [
        { name: 'a', patches: [{ op: 'set-params', nodes: { kind: 'dropout' }, params: { rate: 0.2 } }] },
        { name: 'a', patches: [{ op: 'scale', factor: 2 }] },
        { name: '', patches: [{ op: 'set-params', nodes: { kind: 'dense', ids: ['dense1'] }, params: { units: 8 } }] },
        { name: 'ids', patches: [{ op: 'set-params', nodes: { ids: ['dense1', 'ghost'] }, params: { units: 8 } }] },
        { name: 'params', patches: [{ op: 'set-params', nodes: { ids: ['dense1'] }, params: { units: 0, fn: 'relu' } }] },
        { name: 'remove', patches: [{ op: 'remove-nodes', nodes: { kind: 'output' } }] },
        { name: 'seed', patches: [{ op: 'set-training', training: { seed: 2, learningRate: -1 } }] },
        { name: 'nothing', patches: [{ op: 'set-training', training: {} }, { op: 'set-params', nodes: { kind: 'activation' }, params: {} }], extra: true },
      ],
    ]);
    expect(problems).toEqual([
      { path: 'variants[0].patches[0].nodes.kind', message: "Variant 'a', patch #1 selects every Dropout node, but the graph has none." },
      { path: 'variants[1].name', message: "Variant name 'a' is used by an earlier variant; names must be unique." },
      { path: 'variants[1].patches[0].op', message: "Variant 'a', patch #1: op must be one of set-params, remove-nodes, set-training (got 'scale')." },
      { path: 'variants[2].name', message: "The name of variant #3 must be a non-empty text (got '')." },
      {
        path: 'variants[2].patches[0].nodes',
        message: `Variant '', patch #1: the nodes must name either a kind ({ "kind": "dense" }) or node ids ({ "ids": ["dense1"] }), not both.`,
      },
      { path: 'variants[3].patches[0].nodes.ids[1]', message: "Variant 'ids', patch #1 names node 'ghost', which is not in the graph." },
      { path: 'variants[4].patches[0].params.units', nodeId: 'dense1', message: "Variant 'params', patch #1: Units must be a whole number from 1 to 4096 (got 0)." },
      { path: 'variants[4].patches[0].params.fn', nodeId: 'dense1', message: "Variant 'params', patch #1: a Dense node has no parameter 'fn'." },
      {
        path: 'variants[5].patches[0].nodes.kind',
        nodeId: 'output',
        message: "Variant 'remove', patch #1 cannot remove Output 'output': only Dense, Activation, Dropout, BatchNorm nodes can be removed.",
      },
      {
        path: 'variants[6].patches[0].training.seed',
        message: "Variant 'seed', patch #1 changes the seed, which all variants share so that they see the same data and batches: remove it.",
      },
      { path: 'variants[6].patches[0].training.learningRate', message: "Variant 'seed', patch #1: Learning rate must be a number greater than 0 (got -1)." },
      { path: 'variants[7].extra', message: expect.stringMatching(/^Variant #8: unknown field 'extra'\./) },
      { path: 'variants[7].patches[0].training', message: "Variant 'nothing', patch #1 changes no training setting." },
      { path: 'variants[7].patches[1].params', message: "Variant 'nothing', patch #2: the params must be an object with at least one parameter (got an object)." },
    ]);
  });

  it('reports every problem of a document at once, never only the first', () => {
    const problems = problemsWith(
        ['graph.nodes[1].params.units', -1],
        ['graph.nodes[3].params.units', 1e9],
        ['dataset.noise', -1],
        ['training.batchSize', 0],
        ['training.steps', 'many'],
      );
    expect(problems.map((problem) => problem.path)).toEqual(['graph.nodes[1].params.units', 'graph.nodes[3].params.units', 'dataset.noise', 'training.batchSize', 'training.steps']);
  });
});
