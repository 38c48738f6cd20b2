import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument as presetDocument } from '../../engine/document/defaults';
import { createDocumentCommands } from '../../renderer/document/commands';
import { baseName, readDocument, suggestedFileName, writeDocument } from '../../renderer/document/file';
import type { Host, OpenedFile, SaveRequest, SavedFile } from '../../renderer/host';
import { createRunClient } from '../../renderer/run/runClient';
import { createAppStore } from '../../renderer/store';

describe('document files', () => {
  it('round-trips a document through its text', () => {
    const document = presetDocument();
    expect(readDocument(writeDocument(document))).toEqual({ ok: true, document });
  });

  it.each([
    ['not json', '{"format": ', /not valid JSON/],
    ['an array', '[]', /expected a JSON object/],
    ['another format', JSON.stringify({ ...presetDocument(), format: 'keras' }), /not a Netoscope document.*"keras"/],
    ['a future version', JSON.stringify({ ...presetDocument(), version: 2 }), /version 2 is not supported/],
    ['an unknown node kind', JSON.stringify(withGraph({ nodes: [{ id: 'a', kind: 'conv', params: {}, position: { x: 0, y: 0 } }], edges: [] })), /"a" has an unknown kind "conv"/],
    ['a duplicated id', JSON.stringify(withGraph({ nodes: [node('a'), node('a')], edges: [] })), /"a" is used twice/],
    ['a dangling edge', JSON.stringify(withGraph({ nodes: [node('a')], edges: [{ id: 'e', source: 'a', target: 'b' }] })), /"e" connects a node that does not exist/],
  ])('refuses %s with a clear message', (_case, text, message) => {
    const result = readDocument(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message).toMatch(message);
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

/** A host whose dialogs answer with what the test queued. */
function fakeHost(opened: OpenedFile | null, saved: SavedFile | null = { path: '/docs/saved.netoscope' }) {
  const requests: SaveRequest[] = [];
  const host: Host = {
    kind: 'electron',
    openDocument: async () => opened,
    saveDocument: async (request) => {
      requests.push(request);
      return saved;
    },
  };
  return { host, requests };
}

function setup(opened: OpenedFile | null, saved?: SavedFile | null) {
  const store = createAppStore();
  const runClient = createRunClient(store, {
    compile,
    startWorker: () => {
      throw new Error('no run in these tests');
    },
  });
  const { host, requests } = fakeHost(opened, saved);
  return { store, requests, commands: createDocumentCommands(store, host, runClient.check) };
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
