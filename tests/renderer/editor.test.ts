import { beforeEach, describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument as presetDocument } from '../../engine/document/defaults';
import { defaultParams } from '../../engine/document/nodes';
import type { Graph } from '../../engine/document/types';
import { readClipboard, writeClipboard } from '../../renderer/document/clipboard';
import { datasetWithDefaults } from '../../renderer/document/datasets';
import { fragmentOf } from '../../renderer/document/graph';
import { HISTORY_LIMIT } from '../../renderer/document/history';
import { chainOrder } from '../../renderer/document/repeat';
import { documentFacts, inferFacts, shapeLabel } from '../../renderer/document/shapes';
import { createAppStore, isDirty, type AppStore } from '../../renderer/store';

let store: AppStore;
const state = () => store.getState();
const graph = () => state().document.graph;
const ids = () => graph().nodes.map((node) => node.id);
const pairs = () => graph().edges.map((edge) => `${edge.source}>${edge.target}`);
const position = (id: string) => graph().nodes.find((node) => node.id === id)!.position;
const params = (id: string) => graph().nodes.find((node) => node.id === id)!.params;

/** The node ids from the Input along single wires to the Output. */
function path(from = 'input'): string[] {
  const order = [from];
  for (;;) {
    const next = graph().edges.filter((edge) => edge.source === order[order.length - 1]);
    if (next.length !== 1) return order;
    order.push(next[0].target);
  }
}

/** Input → dense-1 → activation-1 → Output on a blank document. */
function smallChain() {
  state().newDocument();
  state().addNode('dense', { x: 200, y: 100 });
  state().addNode('activation', { x: 400, y: 100 });
  state().connect('input', 'dense-1');
  state().connect('dense-1', 'activation-1');
  state().connect('activation-1', 'output');
}

beforeEach(() => {
  store = createAppStore();
});

describe('undo and redo', () => {
  it('start empty, and a fresh document is clean', () => {
    expect(state().undo()).toBe(false);
    expect(state().redo()).toBe(false);
    expect(isDirty(state())).toBe(false);
  });

  it('undo restores the document and the selection of before; redo the ones after', () => {
    state().newDocument();
    state().select(['input']);
    const before = state().document;
    state().addNode('dense', { x: 10, y: 20 });
    const after = state().document;
    expect(state().selectedNodeIds).toEqual(['dense-1']);

    expect(state().undo()).toBe(true);
    expect(state().document).toBe(before);
    expect(state().selectedNodeIds).toEqual(['input']);
    expect(state().redo()).toBe(true);
    expect(state().document).toBe(after);
    expect(state().selectedNodeIds).toEqual(['dense-1']);
  });

  it('a new change after undo drops the redo steps', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    state().undo();
    state().addNode('activation', { x: 0, y: 0 });
    expect(state().redo()).toBe(false);
    expect(ids()).toEqual(['input', 'output', 'activation-1']);
  });

  it('selection alone never enters history', () => {
    state().newDocument();
    state().select(['input']);
    state().selectAll();
    expect(state().history.past).toHaveLength(0);
  });

  it('keeps at most HISTORY_LIMIT steps', () => {
    state().newDocument();
    for (let index = 0; index < HISTORY_LIMIT + 5; index += 1) {
      state().renameNode('input', `x${index}`);
      state().endGesture();
    }
    expect(state().history.past).toHaveLength(HISTORY_LIMIT);
  });

  it('the document is dirty after an edit and clean again when undone to the saved state', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    expect(isDirty(state())).toBe(true);
    state().undo();
    expect(isDirty(state())).toBe(false);
    state().redo();
    state().markSaved(state().document, '/tmp/a.netoscope');
    expect(isDirty(state())).toBe(false);
    expect(state().documentPath).toBe('/tmp/a.netoscope');
  });

  it('New and Open forget the history; recovered work opens dirty', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    state().loadDocument(presetDocument(), '/docs/a.netoscope');
    expect(state().history.past).toHaveLength(0);
    expect(isDirty(state())).toBe(false);
    state().loadDocument(presetDocument(), null, { dirty: true });
    expect(isDirty(state())).toBe(true);
  });
});

describe('adding and wiring', () => {
  it('addNode adds default parameters, selects the node, and is one undo step', () => {
    state().newDocument();
    expect(state().addNode('dense', { x: 200, y: 100 })).toBe('dense-1');
    expect(graph().nodes[2]).toEqual({ id: 'dense-1', kind: 'dense', params: defaultParams('dense'), position: { x: 200, y: 100 } });
    state().undo();
    expect(ids()).toEqual(['input', 'output']);
  });

  it('addNode onto a wire inserts the node into it, in one step', () => {
    state().newDocument();
    state().connect('input', 'output');
    state().addNode('dense', { x: 500, y: 100 }, 'e-input-output');
    expect(pairs()).toEqual(['input>dense-1', 'dense-1>output']);
    state().undo();
    expect(pairs()).toEqual(['input>output']);
  });

  it('insertOnEdge puts an unwired node into a wire, and refuses a wired one or an Output', () => {
    smallChain();
    state().addNode('dropout', { x: 0, y: 0 });
    expect(state().insertOnEdge('output', 'e-input-dense-1')).toBe(false);
    expect(state().insertOnEdge('dense-1', 'e-activation-1-output')).toBe(false);
    expect(state().insertOnEdge('dropout-1', 'e-activation-1-output')).toBe(true);
    expect(path()).toEqual(['input', 'dense-1', 'activation-1', 'dropout-1', 'output']);
  });

  it('connect is one step and refuses, with a reason, what cannot be wired', () => {
    smallChain();
    state().addNode('dense', { x: 0, y: 0 });
    expect(state().connectionProblem('dense-2', 'dense-2')).toEqual({ code: 'self-loop' });
    expect(state().connectionProblem('output', 'dense-2')).toEqual({ code: 'no-output', source: 'output' });
    expect(state().connectionProblem('dense-2', 'input')).toEqual({ code: 'no-input', target: 'input' });
    expect(state().connectionProblem('input', 'dense-1')).toEqual({ code: 'already-connected' });
    expect(state().connectionProblem('dense-2', 'dense-1')).toEqual({ code: 'input-taken', target: 'dense' });
    expect(state().connectionProblem('activation-1', 'dense-2')).toBeNull();
    state().connect('activation-1', 'dense-2');
    state().removeElements({ edgeIds: ['e-input-dense-1'] });
    expect(state().connectionProblem('dense-2', 'dense-1')).toEqual({ code: 'cycle' });
    const before = state().document;
    expect(state().connect('dense-2', 'dense-1')).toBe(false);
    expect(state().document).toBe(before);
  });

  it('Add refuses a wire of another width while it is dragged, and takes many of the same', () => {
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    state().addNode('dense', { x: 0, y: 0 });
    state().addNode('add', { x: 0, y: 0 });
    state().updateParams('dense-2', { units: 32 });
    state().connect('input', 'dense-1');
    state().connect('input', 'dense-2');
    expect(state().connect('dense-1', 'add-1')).toBe(true);
    expect(state().connectionProblem('dense-2', 'add-1')).toEqual({ code: 'width-mismatch', target: 'add', expected: 16, got: 32 });
    expect(state().connect('input', 'add-1')).toBe(false);
    state().updateParams('dense-2', { units: 16 });
    expect(state().connect('dense-2', 'add-1')).toBe(true);
    expect(pairs().filter((pair) => pair.endsWith('>add-1'))).toEqual(['dense-1>add-1', 'dense-2>add-1']);
  });
});

describe('moving, typing and gestures', () => {
  it('one drag is one undo step however many moves it makes', () => {
    state().newDocument();
    state().moveNodes({ output: { x: 10, y: 10 } });
    state().moveNodes({ output: { x: 20, y: 30 } });
    state().moveNodes({ output: { x: 40, y: 50 } });
    state().endGesture();
    state().moveNodes({ output: { x: 90, y: 90 } });
    expect(state().history.past).toHaveLength(2);
    state().undo();
    expect(position('output')).toEqual({ x: 40, y: 50 });
    state().undo();
    expect(position('output')).toEqual({ x: 1000, y: 120 });
  });

  it('moving a group moves every node of it in one step, and other nodes keep their identity', () => {
    smallChain();
    const untouched = graph().nodes.find((node) => node.id === 'output');
    state().moveNodes({ 'dense-1': { x: 300, y: 300 }, 'activation-1': { x: 500, y: 300 } });
    expect(position('dense-1')).toEqual({ x: 300, y: 300 });
    expect(graph().nodes.find((node) => node.id === 'output')).toBe(untouched);
    state().undo();
    expect(position('activation-1')).toEqual({ x: 400, y: 100 });
  });

  it('typing into one field is one step; another field or the end of the gesture starts a new one', () => {
    smallChain();
    const steps = state().history.past.length;
    state().updateParams('dense-1', { units: 1 });
    state().updateParams('dense-1', { units: 12 });
    state().updateParams('dense-1', { units: 128 });
    expect(state().history.past).toHaveLength(steps + 1);
    state().updateParams('dense-1', { bias: false });
    expect(state().history.past).toHaveLength(steps + 2);
    state().endGesture();
    state().updateParams('dense-1', { bias: true });
    expect(state().history.past).toHaveLength(steps + 3);
    state().undo();
    state().undo();
    expect(params('dense-1')).toMatchObject({ units: 128, bias: true });
    state().undo();
    expect(params('dense-1').units).toBe(16);
  });

  it('an edit that changes nothing is not a step', () => {
    smallChain();
    const before = state().history.past.length;
    state().updateParams('dense-1', { units: 16 });
    state().updateTraining({ steps: state().document.training.steps });
    state().renameDocument(state().document.name);
    expect(state().history.past).toHaveLength(before);
  });

  it('renames nodes and the document, edits training and dataset settings, each undoable', () => {
    state().newDocument();
    state().renameNode('input', 'Features');
    state().renameDocument('XOR');
    state().updateTraining({ learningRate: 0.3, optimizer: 'adam' });
    state().updateDataset({ noise: 0.25 });
    expect(graph().nodes[0].label).toBe('Features');
    expect(state().document).toMatchObject({ name: 'XOR', training: { learningRate: 0.3, optimizer: 'adam' }, dataset: { noise: 0.25 } });
    state().undo();
    expect(state().document.dataset).toMatchObject({ noise: 0.1 });
    state().undo();
    expect(state().document.training.learningRate).toBe(0.1);
    state().undo();
    state().renameNode('input', '  ');
    expect(graph().nodes[0].label).toBeUndefined();
  });

  it('switching the dataset kind starts it from its defaults, keeping the preprocessing, in one step', () => {
    state().newDocument();
    state().updateDataset({ preprocessing: 'standardize' });
    state().endGesture();
    state().setDataset(datasetWithDefaults('mnist', state().document.dataset));
    expect(state().document.dataset).toEqual({ kind: 'mnist', trainSize: 6000, testSize: 1000, downsample: false, preprocessing: 'standardize', preprocessingEpsilon: undefined });
    state().undo();
    expect(state().document.dataset).toMatchObject({ kind: 'spirals', preprocessing: 'standardize' });
  });
});

describe('removing, copying and repeating', () => {
  it('deleting the selection removes nodes with their wires in one step', () => {
    smallChain();
    state().select(['dense-1'], ['e-activation-1-output']);
    state().setMeasured('dense-1', { width: 170, height: 60 });
    state().removeSelection();
    expect(ids()).toEqual(['input', 'output', 'activation-1']);
    expect(pairs()).toEqual([]);
    expect(state().selectedNodeIds).toEqual([]);
    expect(state().measured).toEqual({});
    state().undo();
    expect(pairs()).toEqual(['input>dense-1', 'dense-1>activation-1', 'activation-1>output']);
  });

  it('duplicate copies the selected nodes and the wires between them, beside them, and selects the copies', () => {
    smallChain();
    state().select(['dense-1', 'activation-1']);
    state().duplicateSelection();
    expect(ids()).toEqual(['input', 'output', 'dense-1', 'activation-1', 'dense-2', 'activation-2']);
    expect(pairs()).toContain('dense-2>activation-2');
    expect(pairs().filter((pair) => pair.includes('-2'))).toEqual(['dense-2>activation-2']);
    expect(position('dense-2')).toEqual({ x: 240, y: 140 });
    expect(state().selectedNodeIds).toEqual(['dense-2', 'activation-2']);
    state().undo();
    expect(ids()).toHaveLength(4);
  });

  it('copied nodes travel as clipboard text into another document', () => {
    smallChain();
    state().updateParams('dense-1', { units: 7 });
    const text = writeClipboard(fragmentOf(graph(), ['dense-1', 'activation-1']));

    const other = createAppStore();
    other.getState().loadDocument(presetDocument());
    const fragment = readClipboard(text);
    expect(fragment).not.toBeNull();
    expect(other.getState().paste(fragment!, { x: 0, y: 300 })).toBe(true);
    const added = other.getState().selectedNodeIds;
    expect(added).toEqual(['dense-1', 'activation-1']);
    const pasted = other.getState().document.graph;
    expect(pasted.nodes.find((node) => node.id === 'dense-1')).toMatchObject({ params: { units: 7 }, position: { x: 200, y: 400 } });
    expect(pasted.edges.at(-1)).toEqual({ id: 'e-dense-1-activation-1', source: 'dense-1', target: 'activation-1' });
  });

  it('clipboard text that is not Netoscope nodes is ignored', () => {
    expect(readClipboard('hello')).toBeNull();
    expect(readClipboard(JSON.stringify({ format: 'netoscope-nodes', version: 1, nodes: [{ id: 'a', kind: 'conv' }], edges: [] }))).toBeNull();
  });

  it('Repeat appends copies of a chain, wired in sequence, and the Output follows the last copy', () => {
    state().newDocument();
    state().addNode('dense', { x: 200, y: 100 });
    state().addNode('batchnorm', { x: 400, y: 100 });
    state().addNode('activation', { x: 600, y: 100 });
    state().connect('input', 'dense-1');
    state().connect('dense-1', 'batchnorm-1');
    state().connect('batchnorm-1', 'activation-1');
    state().connect('activation-1', 'output');
    state().updateParams('dense-1', { units: 2 });
    state().select(['activation-1', 'dense-1', 'batchnorm-1']);

    expect(state().repeatSelection(2)).toBe(true);
    expect(path()).toEqual(['input', 'dense-1', 'batchnorm-1', 'activation-1', 'dense-2', 'batchnorm-2', 'activation-2', 'dense-3', 'batchnorm-3', 'activation-3', 'output']);
    expect(params('dense-3').units).toBe(2);
    expect(state().selectedNodeIds).toEqual(['dense-2', 'batchnorm-2', 'activation-2', 'dense-3', 'batchnorm-3', 'activation-3']);
    expect(position('dense-2').x).toBeGreaterThan(position('activation-1').x);
    expect(position('output').x).toBeGreaterThan(position('activation-3').x);
    expect(compile(state().document).ok).toBe(true);
    state().undo();
    expect(ids()).toHaveLength(5);
  });

  it('Repeat refuses what is not a chain of layers', () => {
    smallChain();
    state().addNode('dense', { x: 0, y: 0 });
    expect(chainOrder(graph(), [])).toEqual({ problem: { code: 'empty' } });
    expect(chainOrder(graph(), ['input', 'dense-1'])).toEqual({ problem: { code: 'not-a-layer' } });
    expect(chainOrder(graph(), ['dense-1', 'dense-2'])).toEqual({ problem: { code: 'not-a-chain' } });
    state().select(['dense-1', 'dense-2']);
    expect(state().repeatSelection(2)).toBe(false);
    state().select(['dense-1']);
    expect(state().repeatSelection(0)).toBe(false);
    expect(state().repeatSelection(1)).toBe(true);
    expect(path()).toEqual(['input', 'dense-1', 'dense-3', 'activation-1', 'output']);
  });
});

describe('arranging', () => {
  function threeNodes() {
    state().newDocument();
    state().addNode('dense', { x: 100, y: 40 });
    state().addNode('dense', { x: 400, y: 10 });
    state().addNode('dense', { x: 250, y: 90 });
    for (const id of ['dense-1', 'dense-2', 'dense-3']) state().setMeasured(id, { width: 100, height: 50 });
    state().select(['dense-1', 'dense-2', 'dense-3']);
  }

  it('aligns left, right, top and bottom edges, each in one step', () => {
    threeNodes();
    state().alignSelection('left');
    expect(['dense-1', 'dense-2', 'dense-3'].map((id) => position(id).x)).toEqual([100, 100, 100]);
    state().alignSelection('top');
    expect(['dense-1', 'dense-2', 'dense-3'].map((id) => position(id).y)).toEqual([10, 10, 10]);
    state().undo();
    state().undo();
    state().alignSelection('right');
    expect(['dense-1', 'dense-2', 'dense-3'].map((id) => position(id).x)).toEqual([400, 400, 400]);
    state().alignSelection('bottom');
    expect(['dense-1', 'dense-2', 'dense-3'].map((id) => position(id).y)).toEqual([90, 90, 90]);
  });

  it('distributes with equal gaps, the outermost nodes staying', () => {
    threeNodes();
    state().moveNodes({ 'dense-3': { x: 150, y: 90 } });
    state().alignSelection('distribute-horizontally');
    expect(['dense-1', 'dense-3', 'dense-2'].map((id) => position(id).x)).toEqual([100, 250, 400]);
    state().alignSelection('distribute-vertically');
    expect(['dense-2', 'dense-1', 'dense-3'].map((id) => position(id).y)).toEqual([10, 50, 90]);
  });

  it('auto-layout puts each node right of its inputs, keeping the drawing’s corner, in one step', () => {
    smallChain();
    state().moveNodes({ output: { x: 0, y: 600 }, 'dense-1': { x: 900, y: 0 } });
    state().endGesture();
    state().autoLayout();
    const xs = path().map((id) => position(id).x);
    expect(xs).toEqual([...xs].sort((a, b) => a - b));
    expect(new Set(path().map((id) => position(id).y)).size).toBe(1);
    expect(Math.min(...graph().nodes.map((node) => node.position.x))).toBe(0);
    state().undo();
    expect(position('output')).toEqual({ x: 0, y: 600 });
  });
});

describe('shapes', () => {
  it('the compiled plan and the inference from the graph agree on a document that compiles', () => {
    const document = presetDocument();
    const result = compile(document);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(documentFacts(document, result.plan)).toEqual(inferFacts(document));
    expect(inferFacts(document).dense1).toMatchObject({ width: 32, parameterCount: 2 * 32 + 32 });
    expect(inferFacts(document).dense1.initDescription).toMatch(/^PyTorch default/);
  });

  it('a network still being built shows the widths it already has', () => {
    smallChain();
    state().removeElements({ edgeIds: ['e-activation-1-output'] });
    const facts = inferFacts(state().document);
    expect(facts.input.width).toBe(2);
    expect(facts['dense-1']).toMatchObject({ width: 16, parameterCount: 48 });
    expect(facts['activation-1'].width).toBe(16);
    expect(facts.output.width).toBeNull();
    expect(shapeLabel(32, facts['dense-1'].width)).toBe('32×16');
    expect(shapeLabel(32, null)).toBeNull();
  });

  it('nodes on a loop or behind an unknown width stay unknown', () => {
    const loop: Graph = {
      nodes: [
        { id: 'a', kind: 'activation', params: {}, position: { x: 0, y: 0 } },
        { id: 'b', kind: 'activation', params: {}, position: { x: 0, y: 0 } },
      ],
      edges: [
        { id: 'ab', source: 'a', target: 'b' },
        { id: 'ba', source: 'b', target: 'a' },
      ],
    };
    const facts = inferFacts({ ...presetDocument(), graph: loop });
    expect(facts.a.width).toBeNull();
    expect(facts.b.width).toBeNull();
  });
});
