import { describe, expect, it, vi } from 'vitest';
import type { DesktopApi, DesktopCommand } from '../../main/ipc-contract';
import { createElectronHost } from '../../renderer/host/electron';

function fakeApi() {
  let deliver: (command: DesktopCommand) => void = () => undefined;
  const unsubscribe = vi.fn();
  const api = {
    openDocument: vi.fn(async () => ({ path: '/home/ada/lecture/Spirals.netoscope', text: '{}' })),
    saveDocument: vi.fn(async () => ({ path: '/home/ada/a.netoscope' })),
    recentDocuments: vi.fn(async () => [{ name: 'a.netoscope', path: '/home/ada/a.netoscope', openedAt: 5 }]),
    openRecent: vi.fn(async () => null),
    noteRecent: vi.fn(async () => undefined),
    readAutosave: vi.fn(async () => '{"autosaved":true}'),
    writeAutosave: vi.fn(async () => undefined),
    clearAutosave: vi.fn(async () => undefined),
    setDirty: vi.fn(async () => undefined),
    exportFile: vi.fn(async () => true),
    exportFiles: vi.fn(async () => true),
    onCommand: vi.fn((listener: (command: DesktopCommand) => void) => {
      deliver = listener;
      return unsubscribe;
    }),
  } satisfies DesktopApi;
  return { api, deliver: (command: DesktopCommand) => deliver(command), unsubscribe };
}

describe('the Electron host', () => {
  it('opens a document with its name taken from the path', async () => {
    const { api } = fakeApi();
    const host = createElectronHost(api);
    expect(host.kind).toBe('electron');
    expect(await host.openDocument()).toEqual({ name: 'Spirals.netoscope', text: '{}', path: '/home/ada/lecture/Spirals.netoscope' });
    api.openDocument.mockResolvedValueOnce(null as never);
    expect(await host.openDocument()).toBeNull();
  });

  it('reopens a recent document, or returns null when it is gone', async () => {
    const { api } = fakeApi();
    const host = createElectronHost(api);
    expect(await host.openRecent('/home/ada/gone.netoscope')).toBeNull();
    api.openRecent.mockResolvedValueOnce({ path: 'C:\\Kurs\\XOR.netoscope', text: '{}' } as never);
    expect(await host.openRecent('C:\\Kurs\\XOR.netoscope')).toEqual({ name: 'XOR.netoscope', text: '{}', path: 'C:\\Kurs\\XOR.netoscope' });
    expect(api.openRecent).toHaveBeenLastCalledWith('C:\\Kurs\\XOR.netoscope');
  });

  it('notes recent documents by path, and ignores one without a path', async () => {
    const { api } = fakeApi();
    const host = createElectronHost(api);
    await host.noteRecent({ name: 'a.netoscope', path: '/home/ada/a.netoscope' });
    await host.noteRecent({ name: 'b.netoscope' });
    expect(api.noteRecent.mock.calls).toEqual([['/home/ada/a.netoscope']]);
    expect(await host.recentDocuments()).toEqual([{ name: 'a.netoscope', path: '/home/ada/a.netoscope', openedAt: 5 }]);
  });

  it('passes saving, autosave, the dirty flag and exports through', async () => {
    const { api } = fakeApi();
    const host = createElectronHost(api);
    expect(await host.saveDocument({ suggestedName: 'a.netoscope', text: '{}' })).toEqual({ path: '/home/ada/a.netoscope' });
    await host.autosave.write('{}');
    expect(await host.autosave.read()).toBe('{"autosaved":true}');
    await host.autosave.clear();
    host.setDirty(true);
    const request = { suggestedName: 'loss.csv', mimeType: 'text/csv', data: 'a,b\n' };
    expect(await host.exportFile(request)).toBe(true);
    expect(api.writeAutosave).toHaveBeenCalledWith('{}');
    expect(api.clearAutosave).toHaveBeenCalledOnce();
    expect(api.setDirty).toHaveBeenCalledWith(true);
    expect(api.exportFile).toHaveBeenCalledWith(request);
  });

  it('turns desktop commands into host commands, a system-opened document into an OpenedFile', () => {
    const { api, deliver, unsubscribe } = fakeApi();
    const listener = vi.fn();
    const stop = createElectronHost(api).onCommand(listener);
    deliver({ type: 'save-as' });
    deliver({ type: 'open-file', document: { path: '/home/ada/Spirals.netoscope', text: '{}' } });
    expect(listener.mock.calls).toEqual([
      [{ type: 'save-as' }],
      [{ type: 'open-file', file: { name: 'Spirals.netoscope', text: '{}', path: '/home/ada/Spirals.netoscope' } }],
    ]);
    stop();
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});
