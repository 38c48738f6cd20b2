import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument as presetDocument } from '../../engine/document/defaults';
import { createDocumentCommands } from '../../renderer/document/commands';
import { baseName, readDocument, suggestedFileName, writeDocument } from '../../renderer/document/file';
import type { OpenedFile, SavedFile } from '../../renderer/host';
import { createRunClient } from '../../renderer/run/runClient';
import { createAppStore } from '../../renderer/store';
import { fakeHost } from './helpers';

describe('document files', () => {
  it('round-trips a document through its text', () => {
    const document = presetDocument();
    expect(readDocument(writeDocument(document))).toEqual({ ok: true, document });
  });

  it.each([
    ['not json', '{"format": ', /not valid JSON/],
    ['an array', '[]', /expected a JSON object/],
    ['another format', JSON.stringify({ ...presetDocument(), format: 'keras' }), /^format: The file is not a Netoscope document \(its format is 'keras'/],
    ['a future version', JSON.stringify({ ...presetDocument(), version: 99 }), /^version: .*newer Netoscope \(format version 99\)/],
    ['an unknown node kind', JSON.stringify(withGraph({ nodes: [{ id: 'a', kind: 'conv', params: {}, position: { x: 0, y: 0 } }], edges: [] })), /^graph\.nodes\[0\]\.kind: Node 'a' has an unknown kind 'conv'/],
    ['a duplicated id', JSON.stringify(withGraph({ nodes: [node('a'), node('a')], edges: [] })), /^graph\.nodes\[1\]\.id: Node id 'a' is used by an earlier node/],
    ['a dangling edge', JSON.stringify(withGraph({ nodes: [node('a')], edges: [{ id: 'e', source: 'a', target: 'b' }] })), /^graph\.edges\[0\]\.target: Edge 'e': its target 'b' is not a node of the graph/],
  ])('refuses %s with a clear message', (_case, text, message) => {
    const result = readDocument(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('lists the first problems and counts the rest', () => {
    const nodes = Array.from({ length: 7 }, (_, i) => ({ ...node(`n${i}`), params: { units: 0 } }));
    const result = readDocument(JSON.stringify(withGraph({ nodes, edges: [] })));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(7);
    expect(result.message.split('\n')).toEqual([
      ...nodes.slice(0, 5).map((_, i) => `graph.nodes[${i}].params.units: Dense 'n${i}': Units must be a whole number from 1 to 4096 (got 0).`),
      '… and 2 more problems.',
    ]);
  });

  it('names files after the document', () => {
    expect(suggestedFileName({ ...presetDocument(), name: 'a/b: c' })).toBe('a_b_ c.netoscope');
    expect(suggestedFileName({ ...presetDocument(), name: '  ' })).toBe('Untitled.netoscope');
    expect(baseName('C:\\docs\\x.netoscope')).toBe('x.netoscope');
    expect(baseName('/home/u/y.netoscope')).toBe('y.netoscope');
  });
});

function node(id: string) {
  return { id, kind: 'dense', params: { units: 2 }, position: { x: 0, y: 0 } };
}

function withGraph(graph: unknown) {
  return { ...presetDocument(), graph };
}

function setup(opened: OpenedFile | null, saved?: SavedFile | null) {
  const store = createAppStore();
  const runClient = createRunClient(store, {
    compile,
    startWorker: () => {
      throw new Error('no run in these tests');
    },
  });
  const fake = fakeHost({ opened, saved });
  return { store, requests: fake.saves, fake, commands: createDocumentCommands(store, fake.host, runClient.check) };
}

describe('document commands', () => {
  it('opens a valid document with its path', async () => {
    const document = { ...presetDocument(), name: 'Opened' };
    const { store, commands } = setup({ name: 'opened.netoscope', text: writeDocument(document), path: '/docs/opened.netoscope' });
    await commands.openDocument();
    expect(store.getState().document).toEqual(document);
    expect(store.getState().documentPath).toBe('/docs/opened.netoscope');
    expect(store.getState().notice).toEqual({ tone: 'info', text: 'Opened opened.netoscope.' });
  });

  it('opens nothing from a broken file and says why', async () => {
    const { store, commands } = setup({ name: 'broken.netoscope', text: '{oops' });
    const before = store.getState().document;
    await commands.openDocument();
    expect(store.getState().document).toBe(before);
    expect(store.getState().notice?.tone).toBe('error');
    expect(store.getState().notice?.text).toMatch(/^broken\.netoscope was not opened\. The file is not valid JSON/);
  });

  it('opens a document that does not compile and marks its nodes', async () => {
    const { store, commands } = setup({ name: 'wip.netoscope', text: writeDocument({ ...presetDocument(), graph: { nodes: presetDocument().graph.nodes, edges: [] } }) });
    await commands.openDocument();
    expect(store.getState().notice?.text).toMatch(/does not compile yet/);
    expect(store.getState().errorsByNode.output).toBeDefined();
  });

  it('does nothing when the user cancels the dialog', async () => {
    const { store, commands } = setup(null);
    const before = store.getState();
    await commands.openDocument();
    expect(store.getState()).toBe(before);
  });

  it('saves the document text under a suggested name, then back to the same path', async () => {
    const { store, commands, requests } = setup(null);
    await commands.saveDocument();
    expect(requests[0]).toEqual({ path: undefined, suggestedName: 'Two spirals.netoscope', text: writeDocument(presetDocument()) });
    expect(store.getState().documentPath).toBe('/docs/saved.netoscope');
    expect(store.getState().notice).toEqual({ tone: 'info', text: 'Saved to /docs/saved.netoscope.' });
    await commands.saveDocument();
    expect(requests[1].path).toBe('/docs/saved.netoscope');
  });

  it('New replaces the document with an Input and an Output', () => {
    const { store, commands } = setup(null);
    commands.newDocument();
    expect(store.getState().document.graph.nodes.map((graphNode) => graphNode.id)).toEqual(['input', 'output']);
  });
});
