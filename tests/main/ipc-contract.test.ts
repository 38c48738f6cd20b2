import { describe, expect, it } from 'vitest';
import { IPC_CHANNELS, MAX_DOCUMENT_CHARS, parseDesktopCommand, type SimpleDesktopCommand } from '../../main/ipc-contract';

describe('IPC_CHANNELS', () => {
  it('gives every method its own namespaced channel', () => {
    const channels = Object.values(IPC_CHANNELS);
    expect(new Set(channels).size).toBe(channels.length);
    for (const channel of channels) expect(channel).toMatch(/^netoscope:[a-z-]+$/);
  });
});

describe('parseDesktopCommand', () => {
  const simpleTypes: SimpleDesktopCommand['type'][] = ['new', 'open', 'save', 'save-as', 'export', 'undo', 'redo', 'show-shortcuts'];

  it.each(simpleTypes)('accepts %s and rebuilds it from its type alone', (type) => {
    expect(parseDesktopCommand({ type, injected: true })).toEqual({ type });
  });

  it('accepts a document opened by the system', () => {
    const command = { type: 'open-file', document: { path: 'C:\\Users\\ada\\a.netoscope', text: '{}', extra: 1 } };
    expect(parseDesktopCommand(command)).toEqual({ type: 'open-file', document: { path: 'C:\\Users\\ada\\a.netoscope', text: '{}' } });
  });

  it.each([
    ['null', null],
    ['a string', 'save'],
    ['an unknown type', { type: 'quit' }],
    ['a prototype key as type', { type: 'constructor' }],
    ['a type that is not a string', { type: ['save'] }],
    ['open-file without a document', { type: 'open-file' }],
    ['open-file with an empty path', { type: 'open-file', document: { path: '', text: '' } }],
    ['open-file without text', { type: 'open-file', document: { path: '/a.netoscope' } }],
    ['open-file with oversized text', { type: 'open-file', document: { path: '/a.netoscope', text: 'x'.repeat(MAX_DOCUMENT_CHARS + 1) } }],
  ])('refuses %s', (_label, payload) => {
    expect(parseDesktopCommand(payload)).toBeNull();
  });
});
