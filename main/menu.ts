/**
 * The native application menu. Items that act on the document send a DesktopCommand to the page,
 * which owns the document and its undo history; clipboard, zoom and window items use Electron's
 * roles. Accelerators match the editor's shortcut table (renderer/commands/shortcuts.ts), whose
 * key handler leaves these keys to the menu in Electron. Chromium offers a key press to the page
 * first and the menu sees it only if the page did not handle it (preventDefault), so one key press
 * never triggers both. Where two keys do one thing, the second rides on a hidden item, whose
 * accelerator still works (`acceleratorWorksWhenHidden` defaults to true on macOS).
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { SimpleDesktopCommand } from './ipc-contract';
import { recentLabels, type RecentEntry } from './recent-documents';

export interface MenuActions {
  command(command: SimpleDesktopCommand): void;
  openRecent(path: string): void;
  clearRecent(): void;
}

export interface MenuOptions {
  platform: NodeJS.Platform;
  /** Development builds get View ▸ Toggle Developer Tools. */
  development: boolean;
  recent: readonly RecentEntry[];
  actions: MenuActions;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const { platform, development, actions } = options;
  const mac = platform === 'darwin';
  const send = (type: SimpleDesktopCommand['type']) => () => actions.command({ type } as SimpleDesktopCommand);
  const alsoOn = (label: string, accelerator: string, type: SimpleDesktopCommand['type']): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: send(type),
    visible: false,
  });

  const file: MenuItemConstructorOptions = {
    label: '&File',
    submenu: [
      { label: 'New', accelerator: 'CmdOrCtrl+N', click: send('new') },
      // The editor's own New key: browsers keep Ctrl+N for a new window, so the page cannot use it.
      alsoOn('New', 'CmdOrCtrl+Alt+N', 'new'),
      { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: send('open') },
      { label: 'Open Recent', submenu: openRecentSubmenu(options.recent, actions, mac) },
      { type: 'separator' },
      { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
      { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: send('save-as') },
      { label: 'Export…', accelerator: 'CmdOrCtrl+E', click: send('export') },
      { label: 'Export to PyTorch…', click: send('export-pytorch') },
      { type: 'separator' },
      // macOS quits from the app menu; its File menu closes the window instead.
      mac ? { role: 'close' } : { role: 'quit', label: 'Quit', accelerator: 'Ctrl+Q' },
    ],
  };

  const edit: MenuItemConstructorOptions = {
    label: '&Edit',
    submenu: [
      { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: send('undo') },
      // Each platform shows its usual redo key; the editor takes both everywhere.
      { label: 'Redo', accelerator: mac ? 'Cmd+Shift+Z' : 'Ctrl+Y', click: send('redo') },
      alsoOn('Redo', mac ? 'Cmd+Y' : 'Ctrl+Shift+Z', 'redo'),
      { type: 'separator' },
      { role: 'cut' },
      { role: 'copy' },
      { role: 'paste' },
      { role: 'selectAll' },
    ],
  };

  const view: MenuItemConstructorOptions = {
    label: '&View',
    submenu: [
      { role: 'resetZoom' },
      { role: 'zoomIn' },
      { role: 'zoomOut' },
      { type: 'separator' },
      ...(development ? [{ role: 'toggleDevTools' } as const, { type: 'separator' } as const] : []),
      { role: 'togglefullscreen' },
    ],
  };

  const help: MenuItemConstructorOptions = {
    role: 'help',
    label: '&Help',
    submenu: [
      // The page's key is "?": a menu accelerator without a modifier would fire while typing in a text field.
      { label: 'Keyboard Shortcuts', click: send('show-shortcuts') },
      ...(mac ? [] : [{ type: 'separator' } as const, { role: 'about', label: 'About Netoscope' } as const]),
    ],
  };

  return mac ? [{ role: 'appMenu' }, file, edit, view, { role: 'windowMenu' }, help] : [file, edit, view, help];
}

function openRecentSubmenu(recent: readonly RecentEntry[], actions: MenuActions, mac: boolean): MenuItemConstructorOptions[] {
  if (recent.length === 0) return [{ label: 'No Recent Documents', enabled: false }];
  // On Windows and Linux "&" marks a menu mnemonic; a file named "Loss & gain" must show its "&".
  const labels = recentLabels(recent).map((label) => (mac ? label : label.replaceAll('&', '&&')));
  return [
    ...recent.map((entry, index) => ({ label: labels[index], toolTip: entry.path, click: () => actions.openRecent(entry.path) })),
    { type: 'separator' },
    { label: 'Clear Menu', click: () => actions.clearRecent() },
  ];
}
