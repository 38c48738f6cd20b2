/**
 * Every keyboard shortcut in one table: the key handler matches it and the `?` overlay lists it,
 * so the two cannot disagree.
 */
export type CommandId =
  | 'new'
  | 'open'
  | 'save'
  | 'save-as'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste'
  | 'duplicate'
  | 'delete'
  | 'select-all'
  | 'quick-add'
  | 'repeat'
  | 'auto-layout'
  | 'align-left'
  | 'align-top'
  | 'distribute-horizontally'
  | 'fit-view'
  | 'toggle-theme'
  | 'shortcuts'
  | 'escape';

export type ShortcutGroup = 'file' | 'edit' | 'canvas' | 'view';

export interface Shortcut {
  command: CommandId;
  group: ShortcutGroup;
  /** "Mod" is Ctrl (⌘ on a Mac); "Mod+Shift+Z". A key that needs Shift to type ("?") is written as typed. */
  keys: string[];
  /**
   * Who carries it out: `keys` (our key handler), `clipboard` (the browser's copy, cut and paste
   * events, which also come from Electron's Edit menu), or `menu` (Electron's menu accelerators
   * send it as a host command; the browser gets it from our key handler).
   */
  via: 'keys' | 'clipboard' | 'menu';
}

export const SHORTCUTS: readonly Shortcut[] = [
  { command: 'new', group: 'file', keys: ['Mod+Alt+N'], via: 'menu' },
  { command: 'open', group: 'file', keys: ['Mod+O'], via: 'menu' },
  { command: 'save', group: 'file', keys: ['Mod+S'], via: 'menu' },
  { command: 'save-as', group: 'file', keys: ['Mod+Shift+S'], via: 'menu' },
  { command: 'undo', group: 'edit', keys: ['Mod+Z'], via: 'menu' },
  { command: 'redo', group: 'edit', keys: ['Mod+Shift+Z', 'Mod+Y'], via: 'menu' },
  { command: 'copy', group: 'edit', keys: ['Mod+C'], via: 'clipboard' },
  { command: 'cut', group: 'edit', keys: ['Mod+X'], via: 'clipboard' },
  { command: 'paste', group: 'edit', keys: ['Mod+V'], via: 'clipboard' },
  { command: 'duplicate', group: 'edit', keys: ['Mod+D'], via: 'keys' },
  { command: 'delete', group: 'edit', keys: ['Delete', 'Backspace'], via: 'keys' },
  { command: 'select-all', group: 'edit', keys: ['Mod+A'], via: 'keys' },
  { command: 'quick-add', group: 'canvas', keys: ['A'], via: 'keys' },
  { command: 'repeat', group: 'canvas', keys: ['R'], via: 'keys' },
  { command: 'auto-layout', group: 'canvas', keys: ['L'], via: 'keys' },
  { command: 'align-left', group: 'canvas', keys: ['Alt+Shift+L'], via: 'keys' },
  { command: 'align-top', group: 'canvas', keys: ['Alt+Shift+T'], via: 'keys' },
  { command: 'distribute-horizontally', group: 'canvas', keys: ['Alt+Shift+H'], via: 'keys' },
  { command: 'fit-view', group: 'view', keys: ['F'], via: 'keys' },
  { command: 'toggle-theme', group: 'view', keys: ['T'], via: 'keys' },
  { command: 'shortcuts', group: 'view', keys: ['?'], via: 'keys' },
  { command: 'escape', group: 'view', keys: ['Escape'], via: 'keys' },
];

export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform);

interface KeyPattern {
  mod: boolean;
  shift: boolean | null;
  alt: boolean;
  key: string;
}

function parse(spec: string): KeyPattern {
  const parts = spec.split('+');
  const key = parts[parts.length - 1];
  const printableWithShift = key.length === 1 && !/[a-z0-9]/i.test(key);
  return {
    mod: parts.includes('Mod'),
    // "?" is Shift+/ on most layouts: the key itself says it all.
    shift: printableWithShift ? null : parts.includes('Shift'),
    alt: parts.includes('Alt'),
    key: key.toLowerCase(),
  };
}

/** The letter a key produces on a Latin layout, so shortcuts work in the Russian layout too. */
function latinKey(event: Pick<KeyboardEvent, 'key' | 'code'>): string {
  if (/^Key[A-Z]$/.test(event.code)) return event.code.slice(3).toLowerCase();
  return event.key.toLowerCase();
}

export function matchesKey(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>, spec: string): boolean {
  const pattern = parse(spec);
  const mod = IS_MAC ? event.metaKey : event.ctrlKey;
  if (mod !== pattern.mod || event.altKey !== pattern.alt) return false;
  if (pattern.shift !== null && event.shiftKey !== pattern.shift) return false;
  const key = pattern.key.length === 1 && /[a-z]/.test(pattern.key) ? latinKey(event) : event.key.toLowerCase();
  return key === pattern.key;
}

/** The shortcut a key press means, if any. */
export function shortcutFor(event: Pick<KeyboardEvent, 'key' | 'code' | 'ctrlKey' | 'metaKey' | 'shiftKey' | 'altKey'>): Shortcut | null {
  return SHORTCUTS.find((shortcut) => shortcut.keys.some((spec) => matchesKey(event, spec))) ?? null;
}

/** "Ctrl+Shift+Z" or "⌘⇧Z". */
export function displayKey(spec: string): string {
  if (!IS_MAC) return spec.replace('Mod', 'Ctrl');
  return spec.replace('Mod+', '⌘').replace('Shift+', '⇧').replace('Alt+', '⌥');
}
