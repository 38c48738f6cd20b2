import type { DesktopApi } from '../../main/ipc-contract';
import { createBrowserHost } from './browser';
import { createElectronHost } from './electron';
import type { Host } from './host';

export type { Host, HostCommand, OpenedFile, RecentDocument, SavedFile, SaveRequest } from './host';

declare global {
  interface Window {
    /** Set by Electron's preload; absent in a plain browser. */
    netoscope?: DesktopApi;
  }
}

export function detectHost(): Host {
  return window.netoscope ? createElectronHost(window.netoscope) : createBrowserHost();
}
