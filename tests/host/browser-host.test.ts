import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AUTOSAVE_KEY, createBrowserHost, RECENT_KEY } from '../../renderer/host/browser';
import type { Host } from '../../renderer/host/host';

/** localStorage, window and the bits of document the browser host touches, as plain objects. */
function fakeBrowser() {
  const stored = new Map<string, string>();
  const localStorage = {
    getItem: (key: string) => stored.get(key) ?? null,
    setItem: (key: string, value: string) => void stored.set(key, String(value)),
    removeItem: (key: string) => void stored.delete(key),
  };
  const listeners = new Map<string, Set<(event: unknown) => void>>();
  const window = {
    addEventListener: (type: string, listener: (event: unknown) => void) => {
      if (!listeners.has(type)) listeners.set(type, new Set());
      listeners.get(type)?.add(listener);
    },
    removeEventListener: (type: string, listener: (event: unknown) => void) => listeners.get(type)?.delete(listener),
  };
  const links: { href: string; download: string; click: ReturnType<typeof vi.fn> }[] = [];
  const document = {
    createElement: (tag: string) => {
      expect(tag).toBe('a');
      const link = { href: '', download: '', click: vi.fn() };
      links.push(link);
      return link;
    },
  };
  const blobs: Blob[] = [];
  vi.stubGlobal('localStorage', localStorage);
  vi.stubGlobal('window', window);
  vi.stubGlobal('document', document);
  vi.spyOn(URL, 'createObjectURL').mockImplementation((blob) => {
    blobs.push(blob as Blob);
    return `blob:netoscope/${blobs.length}`;
  });
  vi.spyOn(URL, 'revokeObjectURL').mockImplementation(() => undefined);
  /** Fires beforeunload as the browser would; true when the page asked the user to stay. */
  const leave = () => {
    const event = { defaultPrevented: false, returnValue: undefined as unknown, preventDefault: () => (event.defaultPrevented = true) };
    for (const listener of listeners.get('beforeunload') ?? []) listener(event);
    return event.defaultPrevented;
  };
  return { stored, links, blobs, leave };
}

let browser: ReturnType<typeof fakeBrowser>;
let host: Host;

beforeEach(() => {
  vi.useFakeTimers();
  browser = fakeBrowser();
  host = createBrowserHost();
});

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('the browser host', () => {
  it('says it is the browser', () => {
    expect(host.kind).toBe('browser');
  });

  it('keeps the autosave in localStorage under a versioned key', async () => {
    expect(await host.autosave.read()).toBeNull();
    await host.autosave.write('{"name":"unsaved"}');
    expect(browser.stored.get(AUTOSAVE_KEY)).toBe('{"name":"unsaved"}');
    expect(AUTOSAVE_KEY).toMatch(/:v1$/);
    expect(await host.autosave.read()).toBe('{"name":"unsaved"}');
    await host.autosave.clear();
    expect(await host.autosave.read()).toBeNull();
  });

  it('passes a full storage on as a rejection, so the editor can say autosave failed', async () => {
    vi.spyOn(localStorage, 'setItem').mockImplementation(() => {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    });
    await expect(host.autosave.write('x')).rejects.toThrow(/quota/);
  });

  it('remembers recent documents by name only, most recent first, without duplicates', async () => {
    vi.setSystemTime(1000);
    await host.noteRecent({ name: 'Spirals.netoscope' });
    vi.setSystemTime(2000);
    await host.noteRecent({ name: 'XOR.netoscope', path: '/ignored/in/the/browser' });
    vi.setSystemTime(3000);
    await host.noteRecent({ name: 'Spirals.netoscope' });
    expect(await host.recentDocuments()).toEqual([
      { name: 'Spirals.netoscope', openedAt: 3000 },
      { name: 'XOR.netoscope', openedAt: 2000 },
    ]);
    expect(browser.stored.get(RECENT_KEY)).not.toContain('/ignored');
  });

  it('keeps ten recent documents', async () => {
    for (let index = 0; index < 12; index += 1) await host.noteRecent({ name: `d${index}.netoscope` });
    const names = (await host.recentDocuments()).map((entry) => entry.name);
    expect(names).toHaveLength(10);
    expect(names[0]).toBe('d11.netoscope');
  });

  it('reads a damaged recent list as empty, and drops malformed entries', async () => {
    browser.stored.set(RECENT_KEY, '[{"name":');
    expect(await host.recentDocuments()).toEqual([]);
    browser.stored.set(RECENT_KEY, JSON.stringify([{ name: 'ok.netoscope', openedAt: 1 }, { name: 2 }, null, 'x', { name: 'no time' }]));
    expect(await host.recentDocuments()).toEqual([{ name: 'ok.netoscope', openedAt: 1 }]);
  });

  it('cannot reopen a file by path', async () => {
    expect(await host.openRecent('/home/ada/a.netoscope')).toBeNull();
  });

  it('asks before the tab closes only while there are unsaved changes', () => {
    expect(browser.leave()).toBe(false);
    host.setDirty(true);
    host.setDirty(true);
    expect(browser.leave()).toBe(true);
    host.setDirty(false);
    expect(browser.leave()).toBe(false);
  });

  it('exports as a download of the given type and name, freeing the URL afterwards', async () => {
    expect(await host.exportFile({ suggestedName: 'loss.csv', mimeType: 'text/csv', data: 'step,loss\n' })).toBe(true);
    expect(browser.links).toEqual([{ href: 'blob:netoscope/1', download: 'loss.csv', click: expect.any(Function) }]);
    expect(browser.links[0].click).toHaveBeenCalledOnce();
    expect(browser.blobs[0].type).toBe('text/csv');
    expect(await browser.blobs[0].text()).toBe('step,loss\n');
    expect(URL.revokeObjectURL).not.toHaveBeenCalled();
    vi.runAllTimers();
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:netoscope/1');
  });

  it('exports bytes unchanged', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 255]);
    await host.exportFile({ suggestedName: 'chart.png', mimeType: 'image/png', data: bytes });
    expect(browser.blobs[0].type).toBe('image/png');
    expect(new Uint8Array(await browser.blobs[0].arrayBuffer())).toEqual(bytes);
  });

  it('saves a document as a JSON download', async () => {
    expect(await host.saveDocument({ suggestedName: 'a.netoscope', text: '{}' })).toEqual({});
    expect(browser.links[0].download).toBe('a.netoscope');
    expect(browser.blobs[0].type).toBe('application/json');
  });

  it('has no native menu: onCommand never calls and unsubscribes quietly', () => {
    const listener = vi.fn();
    const unsubscribe = host.onCommand(listener);
    expect(unsubscribe).toBeTypeOf('function');
    unsubscribe();
    expect(listener).not.toHaveBeenCalled();
  });
});
