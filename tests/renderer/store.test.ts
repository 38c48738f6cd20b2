import { beforeEach, describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument as presetDocument } from '../../engine/document/defaults';
import { defaultParams } from '../../engine/document/nodes';
import { createAppStore, isRunActive, type AppStore } from '../../renderer/store';
import { frame } from './helpers';

let store: AppStore;
const state = () => store.getState();
const nodeIds = () => state().document.graph.nodes.map((node) => node.id);
const edgePairs = () => state().document.graph.edges.map((edge) => `${edge.source}>${edge.target}`);

beforeEach(() => {
  store = createAppStore();
});

describe('document slice', () => {
  it('opens with the preset document and nothing selected', () => {
    expect(state().document).toEqual(presetDocument());
    expect(state().documentPath).toBeNull();
    expect(state().selectedNodeIds).toEqual([]);
  });

  it('newDocument leaves only an Input and an Output, unconnected, and forgets the old document', () => {
    state().setNodeSelected('dense1', true);
    state().setMeasured('dense1', { width: 180, height: 50 });
    state().setCompileErrors([{ nodeId: 'dense1', message: 'bad' }]);
    state().loadDocument(presetDocument(), '/tmp/a.netoscope');
    const revision = state().documentRevision;

    state().newDocument();

    expect(state().document.graph.nodes.map((node) => node.kind)).toEqual(['input', 'output']);
    expect(state().document.graph.edges).toEqual([]);
    expect(state().document.training).toEqual(presetDocument().training);
    expect(state().document.dataset).toEqual(presetDocument().dataset);
    expect(state().documentPath).toBeNull();
    expect(state().documentRevision).toBe(revision + 1);
    expect(state().selectedNodeIds).toEqual([]);
    expect(state().measured).toEqual({});
    expect(state().errorsByNode).toEqual({});
  });

  it('addNode creates numbered nodes with default parameters and selects the new one alone', () => {
    state().newDocument();
    state().setNodeSelected('input', true);

    const first = state().addNode('dense', { x: 200, y: 100 });
    const second = state().addNode('dense', { x: 400, y: 100 });
    const activation = state().addNode('activation', { x: 300, y: 100 });

    expect([first, second, activation]).toEqual(['dense-1', 'dense-2', 'activation-1']);
    expect(state().document.graph.nodes.find((node) => node.id === 'dense-1')).toEqual({
      id: 'dense-1',
      kind: 'dense',
      params: defaultParams('dense'),
      position: { x: 200, y: 100 },
    });
    expect(state().document.graph.nodes.find((node) => node.id === 'activation-1')?.params).toEqual(defaultParams('activation'));
    expect(state().selectedNodeIds).toEqual(['activation-1']);
  });

  it('addNode reuses the first free number', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    state().addNode('dense', { x: 0, y: 0 });
    state().removeElements({ nodeIds: ['dense-1'] });
    expect(state().addNode('dense', { x: 0, y: 0 })).toBe('dense-1');
  });

  it('moveNode changes only that node position', () => {
    state().newDocument();
    state().moveNode('output', { x: 640, y: 80 });
    expect(state().document.graph.nodes.map((node) => node.position)).toEqual([
      { x: 0, y: 120 },
      { x: 640, y: 80 },
    ]);
  });

  it('connect wires source to target with a readable edge id', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    expect(state().connect('input', 'dense-1')).toBe(true);
    expect(state().document.graph.edges).toEqual([{ id: 'e-input-dense-1', source: 'input', target: 'dense-1' }]);
  });

  it('connect refuses self loops, duplicates, wires into an Input or out of an Output, and loops', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    state().addNode('activation', { x: 0, y: 0 });
    state().connect('input', 'dense-1');
    state().connect('dense-1', 'activation-1');
    const before = state().document;

    expect(state().connect('dense-1', 'dense-1')).toBe(false);
    expect(state().connect('input', 'dense-1')).toBe(false);
    expect(state().connect('dense-1', 'input')).toBe(false);
    expect(state().connect('output', 'dense-1')).toBe(false);
    expect(state().connect('activation-1', 'dense-1')).toBe(false);
    expect(state().connect('dense-1', 'missing')).toBe(false);
    expect(state().document).toBe(before);
  });

  it('connect into an occupied single input is refused: the old wire stays', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    state().addNode('dense', { x: 0, y: 0 });
    state().connect('input', 'dense-2');
    expect(state().connect('dense-1', 'dense-2')).toBe(false);
    expect(edgePairs()).toEqual(['input>dense-2']);
  });

  it('removeElements removes nodes with their edges, and edges alone, and cleans selection and sizes', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    state().addNode('activation', { x: 0, y: 0 });
    state().connect('input', 'dense-1');
    state().connect('dense-1', 'activation-1');
    state().connect('activation-1', 'output');
    state().setNodeSelected('dense-1', true);
    state().setEdgeSelected('e-activation-1-output', true);
    state().setMeasured('dense-1', { width: 170, height: 44 });

    state().removeElements({ nodeIds: ['dense-1'] });
    expect(nodeIds()).toEqual(['input', 'output', 'activation-1']);
    expect(edgePairs()).toEqual(['activation-1>output']);
    expect(state().selectedNodeIds).toEqual(['activation-1']);
    expect(state().measured).toEqual({});

    state().removeElements({ edgeIds: ['e-activation-1-output'] });
    expect(state().document.graph.edges).toEqual([]);
    expect(state().selectedEdgeIds).toEqual([]);
  });

  it('updateParams merges into one node, updateTraining and renameDocument edit the settings', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    state().addNode('activation', { x: 0, y: 0 });
    state().updateParams('dense-1', { units: 2 });
    state().updateParams('activation-1', { fn: 'relu' });
    state().updateTraining({ steps: 500, learningRate: 0.3 });
    state().renameDocument('XOR');

    expect(state().document.graph.nodes.map((node) => node.params)).toEqual([
      defaultParams('input'),
      defaultParams('output'),
      { ...defaultParams('dense'), units: 2 },
      { ...defaultParams('activation'), fn: 'relu' },
    ]);
    expect(state().document.training).toMatchObject({ steps: 500, learningRate: 0.3, batchSize: 32 });
    expect(state().document.name).toBe('XOR');
  });

  it('loadDocument replaces the document, remembers its path and clears the old diagnostics', () => {
    const loaded = { ...presetDocument(), name: 'Loaded' };
    state().setCompileErrors([{ nodeId: 'input', message: 'bad' }]);
    state().loadDocument(loaded, '/docs/loaded.netoscope');
    expect(state().document).toBe(loaded);
    expect(state().documentPath).toBe('/docs/loaded.netoscope');
    expect(state().compileErrors).toEqual([]);
    state().setDocumentPath('/docs/other.netoscope');
    expect(state().documentPath).toBe('/docs/other.netoscope');
  });

  it('selection toggles ids and keeps the same array when nothing changes', () => {
    state().setNodeSelected('input', true);
    state().setNodeSelected('dense1', true);
    const selected = state().selectedNodeIds;
    state().setNodeSelected('input', true);
    expect(state().selectedNodeIds).toBe(selected);
    state().setNodeSelected('input', false);
    expect(state().selectedNodeIds).toEqual(['dense1']);
    state().setEdgeSelected('e-input-dense1', true);
    expect(state().selectedEdgeIds).toEqual(['e-input-dense1']);
  });

  it('setMeasured stores sizes and ignores an unchanged size', () => {
    state().setMeasured('input', { width: 170, height: 44 });
    const measured = state().measured;
    state().setMeasured('input', { width: 170, height: 44 });
    expect(state().measured).toBe(measured);
    expect(measured).toEqual({ input: { width: 170, height: 44 } });
  });
});

describe('run slice', () => {
  it('starts idle with empty series', () => {
    expect(state().runStatus).toBe('idle');
    expect(state().trainSeries.length).toBe(0);
    expect(isRunActive('idle')).toBe(false);
  });

  it('beginRun enters starting with fresh series and the run total', () => {
    state().beginRun('run-1', 3000);
    expect(state()).toMatchObject({ runId: 'run-1', runStatus: 'starting', runStep: 0, runTotalSteps: 3000, runMessage: null });
    expect(isRunActive(state().runStatus)).toBe(true);
  });

  it('appendFrame appends every point of the run and bumps the version', () => {
    state().beginRun('run-1', 3000);
    const version = state().seriesVersion;
    state().appendFrame(frame('run-1', [10, 20], [0.7, 0.6], 0.55));
    state().appendFrame(frame('run-1', [30], [0.5], 0.6));

    const series = state().trainSeries;
    expect(series.length).toBe(3);
    expect(Array.from(series.steps.subarray(0, 3))).toEqual([10, 20, 30]);
    expect(Array.from(series.loss.subarray(0, 3))).toEqual([0.7, 0.6, 0.5].map(Math.fround));
    expect(state().testSeries.length).toBe(2);
    expect(Array.from(state().testSeries.accuracy.subarray(0, 2))).toEqual([0.55, 0.6].map(Math.fround));
    expect(state().runStep).toBe(30);
    expect(state().seriesVersion).toBe(version + 2);
  });

  it('the series grow past their initial capacity', () => {
    state().beginRun('run-1', 10_000);
    const steps = Array.from({ length: 1000 }, (_, index) => index + 1);
    state().appendFrame(frame('run-1', steps, steps.map((step) => 1 / step)));
    expect(state().trainSeries.length).toBe(1000);
    expect(state().trainSeries.steps[999]).toBe(1000);
    expect(() => state().trainSeries.append([1, 2], [0.1], [0.1, 0.2])).toThrow(/same length/);
  });

  it('ignores frames and states of another run', () => {
    state().beginRun('run-2', 100);
    state().appendFrame(frame('run-1', [10], [0.7]));
    state().setRunState('run-1', 'finished', 100);
    expect(state().trainSeries.length).toBe(0);
    expect(state().runStatus).toBe('starting');
  });

  it('follows the worker through running, paused, running and finished, then stays finished', () => {
    state().beginRun('run-1', 100);
    state().setRunState('run-1', 'running', 0);
    expect(state().runStatus).toBe('running');
    state().setRunState('run-1', 'paused', 40);
    expect(state()).toMatchObject({ runStatus: 'paused', runStep: 40 });
    state().setRunState('run-1', 'running', 40);
    state().setRunState('run-1', 'finished', 100);
    expect(state()).toMatchObject({ runStatus: 'finished', runStep: 100 });
    expect(isRunActive('finished')).toBe(false);

    state().setRunState('run-1', 'running', 100);
    state().appendFrame(frame('run-1', [110], [0.1]));
    expect(state().runStatus).toBe('finished');
    expect(state().trainSeries.length).toBe(0);
  });

  it('markDiverged records where the run blew up', () => {
    state().beginRun('run-1', 100);
    state().markDiverged('run-1', { step: 12, nodeId: 'dense-2', pass: 'backward', message: 'Inf in the gradient of dense-2' });
    expect(state().runStatus).toBe('diverged');
    expect(state().divergence).toEqual({ step: 12, nodeId: 'dense-2', pass: 'backward', message: 'Inf in the gradient of dense-2' });
    expect(state().runMessage).toBe('Diverged at step 12: Inf in the gradient of dense-2');
  });

  it('markFailed ends the run with its message, and a new run clears it', () => {
    state().beginRun('run-1', 100);
    state().appendFrame(frame('run-1', [10], [0.7]));
    state().markFailed('run-1', 'out of memory');
    expect(state()).toMatchObject({ runStatus: 'failed', runMessage: 'out of memory' });

    state().beginRun('run-2', 100);
    expect(state()).toMatchObject({ runStatus: 'starting', runMessage: null, divergence: null });
    expect(state().trainSeries.length).toBe(0);
  });
});

describe('diagnostics slice', () => {
  it('groups compile errors by node and keeps the rest as document errors', () => {
    state().setCompileErrors([
      { nodeId: 'output', message: 'Output is not connected.' },
      { nodeId: 'output', field: 'x', message: 'Second problem.' },
      { nodeId: 'dense-1', field: 'units', message: 'Units too large.' },
      { field: 'training.steps', message: 'Steps must be positive.' },
    ]);
    expect(state().errorsByNode).toEqual({
      output: ['Output is not connected.', 'Second problem.'],
      'dense-1': ['Units too large.'],
    });
    expect(state().documentErrors).toEqual(['Steps must be positive.']);
    state().clearCompileErrors();
    expect(state()).toMatchObject({ compileErrors: [], errorsByNode: {}, documentErrors: [] });
  });

  it('shows the compiler errors of a blank document on its unconnected nodes', () => {
    state().newDocument();
    const result = compile(state().document);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    state().setCompileErrors(result.errors);
    expect(Object.keys(state().errorsByNode).sort()).toEqual(['input', 'output']);
    expect(state().errorsByNode.output.join(' ')).toMatch(/not connected/);
  });
});

describe('notice slice', () => {
  it('shows and dismisses a notice', () => {
    state().showNotice({ tone: 'error', text: 'Nope.' });
    expect(state().notice).toEqual({ tone: 'error', text: 'Nope.' });
    state().dismissNotice();
    expect(state().notice).toBeNull();
  });
});
