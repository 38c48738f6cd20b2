import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { buildMenuTemplate, type MenuOptions } from '../../main/menu';
import type { RecentEntry } from '../../main/recent-documents';

function template(overrides: Partial<MenuOptions> = {}) {
  const actions = { command: vi.fn(), openRecent: vi.fn(), clearRecent: vi.fn() };
  const menu = buildMenuTemplate({ platform: 'linux', development: false, recent: [], actions, ...overrides });
  return { menu, actions };
}

function submenuOf(item: MenuItemConstructorOptions | undefined): MenuItemConstructorOptions[] {
  expect(Array.isArray(item?.submenu)).toBe(true);
  return item?.submenu as MenuItemConstructorOptions[];
}

function menuNamed(menu: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] {
  return submenuOf(menu.find((item) => item.label?.replace('&', '') === label));
}

function itemNamed(items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions {
  const item = items.find((candidate) => candidate.label === label && candidate.visible !== false);
  if (item === undefined) throw new Error(`no visible item ${label}`);
  return item;
}

/** Clicks an item as Electron would, with the menu item, window and event it passes. */
function click(item: MenuItemConstructorOptions): void {
  (item.click as (...args: unknown[]) => void)({}, undefined, {});
}

const recent: RecentEntry[] = [
  { path: '/home/ada/lecture/Spirals.netoscope', openedAt: 3 },
  { path: '/home/ada/Loss & gain.netoscope', openedAt: 2 },
  { path: '/home/ada/old/Spirals.netoscope', openedAt: 1 },
];

describe('the application menu on Windows and Linux', () => {
  const { menu } = template();

  it('has File, Edit, View and Help, each with a keyboard mnemonic', () => {
    expect(menu.map((item) => item.label)).toEqual(['&File', '&Edit', '&View', '&Help']);
  });

  it.each([
    ['File', 'New', 'CmdOrCtrl+N', 'new'],
    ['File', 'Open…', 'CmdOrCtrl+O', 'open'],
    ['File', 'Save', 'CmdOrCtrl+S', 'save'],
    ['File', 'Save As…', 'CmdOrCtrl+Shift+S', 'save-as'],
    ['File', 'Export…', 'CmdOrCtrl+E', 'export'],
    ['Edit', 'Undo', 'CmdOrCtrl+Z', 'undo'],
    ['Edit', 'Redo', 'Ctrl+Y', 'redo'],
    ['Help', 'Keyboard Shortcuts', undefined, 'show-shortcuts'],
  ])('%s ▸ %s has the key %s and sends %s to the page', (menuLabel, itemLabel, accelerator, type) => {
    const { menu: fresh, actions } = template();
    const item = itemNamed(menuNamed(fresh, menuLabel), itemLabel);
    expect(item.accelerator).toBe(accelerator);
    click(item);
    expect(actions.command).toHaveBeenCalledExactlyOnceWith({ type });
  });

  it.each([
    ['File', 'CmdOrCtrl+Alt+N', 'new'],
    ['Edit', 'Ctrl+Shift+Z', 'redo'],
  ])('also takes the editor’s %s key %s, through a hidden item', (menuLabel, accelerator, type) => {
    const { menu: fresh, actions } = template();
    const hidden = menuNamed(fresh, menuLabel).find((item) => item.visible === false && item.accelerator === accelerator);
    click(hidden as MenuItemConstructorOptions);
    expect(actions.command).toHaveBeenCalledExactlyOnceWith({ type });
  });

  it("covers every key the editor's shortcut table leaves to the menu", () => {
    // renderer/commands/shortcuts.ts: the `via: 'menu'` keys, with Mod as CmdOrCtrl on Windows and Linux.
    const accelerators = menu.flatMap((top) => submenuOf(top)).map((item) => item.accelerator);
    for (const key of ['CmdOrCtrl+Alt+N', 'CmdOrCtrl+O', 'CmdOrCtrl+S', 'CmdOrCtrl+Shift+S', 'CmdOrCtrl+Z', 'Ctrl+Shift+Z', 'Ctrl+Y']) {
      expect(accelerators).toContain(key);
    }
  });

  it('leaves clipboard and selection to the native roles, so text fields behave as everywhere', () => {
    expect(menuNamed(menu, 'Edit').map((item) => item.role).filter(Boolean)).toEqual(['cut', 'copy', 'paste', 'selectAll']);
  });

  it('ends File with Quit', () => {
    expect(menuNamed(menu, 'File').at(-1)).toMatchObject({ role: 'quit', accelerator: 'Ctrl+Q' });
  });

  it('offers zoom and full screen, and About in Help', () => {
    expect(menuNamed(menu, 'View').map((item) => item.role).filter(Boolean)).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(menuNamed(menu, 'Help').at(-1)).toMatchObject({ role: 'about' });
  });

  it('gives no two items the same accelerator', () => {
    const accelerators = menu.flatMap((top) => submenuOf(top)).flatMap((item) => (item.accelerator ? [item.accelerator] : []));
    expect(new Set(accelerators).size).toBe(accelerators.length);
  });
});

describe('developer tools', () => {
  const roles = (development: boolean) =>
    template({ development })
      .menu.flatMap((top) => submenuOf(top))
      .map((item) => item.role);

  it('are in View only in development', () => {
    expect(roles(true)).toContain('toggleDevTools');
    expect(roles(false)).not.toContain('toggleDevTools');
  });
});

describe('the application menu on macOS', () => {
  const { menu } = template({ platform: 'darwin' });

  it('starts with the app menu and has a Window menu', () => {
    expect(menu[0]).toEqual({ role: 'appMenu' });
    expect(menu.map((item) => item.role ?? item.label)).toEqual(['appMenu', '&File', '&Edit', '&View', 'windowMenu', 'help']);
  });

  it('closes the window from File (Quit is in the app menu) and shows Cmd+Shift+Z for redo, taking Cmd+Y too', () => {
    expect(menuNamed(menu, 'File').at(-1)).toEqual({ role: 'close' });
    const redo = menuNamed(menu, 'Edit').filter((item) => item.label === 'Redo');
    expect(redo).toEqual([
      expect.objectContaining({ accelerator: 'Cmd+Shift+Z' }),
      expect.objectContaining({ accelerator: 'Cmd+Y', visible: false }),
    ]);
  });

  it('has no About item in Help: the app menu has it', () => {
    expect(menuNamed(menu, 'Help').map((item) => item.role).filter(Boolean)).toEqual([]);
  });
});

describe('File ▸ Open Recent', () => {
  const openRecent = (options: Partial<MenuOptions>) => {
    const built = template(options);
    return { items: submenuOf(itemNamed(menuNamed(built.menu, 'File'), 'Open Recent')), actions: built.actions };
  };

  it('says so when there is nothing', () => {
    expect(openRecent({ recent: [] }).items).toEqual([{ label: 'No Recent Documents', enabled: false }]);
  });

  it('lists the documents by name, telling apart two of the same name, and escapes & on Windows and Linux', () => {
    const { items } = openRecent({ recent });
    expect(items.map((item) => item.label)).toEqual([
      'Spirals.netoscope — /home/ada/lecture',
      'Loss && gain.netoscope',
      'Spirals.netoscope — /home/ada/old',
      undefined,
      'Clear Menu',
    ]);
    expect(items[0].toolTip).toBe('/home/ada/lecture/Spirals.netoscope');
  });

  it('keeps & as it is on macOS', () => {
    expect(openRecent({ recent, platform: 'darwin' }).items[1].label).toBe('Loss & gain.netoscope');
  });

  it('opens the chosen document and clears the list', () => {
    const { items, actions } = openRecent({ recent });
    click(items[2]);
    expect(actions.openRecent).toHaveBeenCalledExactlyOnceWith('/home/ada/old/Spirals.netoscope');
    click(items[4]);
    expect(actions.clearRecent).toHaveBeenCalledOnce();
  });
});
