/**
 * The window opens where the user left it: its normal (not maximised) bounds and whether it was
 * maximised, kept as JSON in the user-data folder. Displays change between runs (a projector
 * unplugged after class), so the saved bounds are fitted into a display's work area before use:
 * a window is never restored where it cannot be seen or grabbed.
 */
import type { BrowserWindow } from 'electron';
import { readFileSync } from 'node:fs';
import { writeFileAtomicSync } from './files';

export const WINDOW_STATE_FILE = 'window-state.json';
const FILE_VERSION = 1;

export interface Rectangle {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Rectangle;
  maximized: boolean;
}

export interface WindowSize {
  width: number;
  height: number;
  minWidth: number;
  minHeight: number;
}

/** What the window is created with; no x and y means centred by the system. */
export interface WindowPlacement {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized: boolean;
}

export function parseWindowState(text: string): WindowState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  const { version, bounds, maximized } = (value ?? {}) as { version?: unknown; bounds?: unknown; maximized?: unknown };
  if (version !== FILE_VERSION || typeof maximized !== 'boolean' || !isRectangle(bounds)) return null;
  return { bounds: { x: bounds.x, y: bounds.y, width: bounds.width, height: bounds.height }, maximized };
}

export function serializeWindowState(state: WindowState): string {
  return `${JSON.stringify({ version: FILE_VERSION, ...state }, null, 2)}\n`;
}

/**
 * Where to open the window. The saved bounds go to the work area they overlap most, shrunk to fit
 * it and moved fully inside it; bounds that overlap no work area are dropped for the default size,
 * centred on the first (primary) display.
 */
export function restoreWindowPlacement(saved: WindowState | null, workAreas: readonly Rectangle[], size: WindowSize): WindowPlacement {
  const defaults = { width: size.width, height: size.height, maximized: false };
  if (saved === null || workAreas.length === 0) return fitSize(defaults, workAreas[0], size);
  let best: Rectangle | null = null;
  let bestOverlap = 0;
  for (const area of workAreas) {
    const overlap = overlapArea(saved.bounds, area);
    if (overlap > bestOverlap) {
      best = area;
      bestOverlap = overlap;
    }
  }
  if (best === null) return fitSize({ ...defaults, maximized: saved.maximized }, workAreas[0], size);
  const width = clamp(Math.round(saved.bounds.width), size.minWidth, best.width);
  const height = clamp(Math.round(saved.bounds.height), size.minHeight, best.height);
  return {
    x: clamp(Math.round(saved.bounds.x), best.x, best.x + best.width - width),
    y: clamp(Math.round(saved.bounds.y), best.y, best.y + best.height - height),
    width,
    height,
    maximized: saved.maximized,
  };
}

export function currentWindowState(window: Pick<BrowserWindow, 'getNormalBounds' | 'isMaximized'>): WindowState {
  return { bounds: window.getNormalBounds(), maximized: window.isMaximized() };
}

/** null when there is no saved state yet or it cannot be read: the window then opens at its defaults. */
export function readWindowState(filePath: string): WindowState | null {
  try {
    return parseWindowState(readFileSync(filePath, 'utf8'));
  } catch {
    return null;
  }
}

export function writeWindowState(filePath: string, state: WindowState): void {
  writeFileAtomicSync(filePath, serializeWindowState(state));
}

function fitSize(placement: WindowPlacement, area: Rectangle | undefined, size: WindowSize): WindowPlacement {
  if (area === undefined) return placement;
  return {
    ...placement,
    width: clamp(placement.width, size.minWidth, area.width),
    height: clamp(placement.height, size.minHeight, area.height),
  };
}

function overlapArea(a: Rectangle, b: Rectangle): number {
  const width = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const height = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return width > 0 && height > 0 ? width * height : 0;
}

/** Keeps `value` within [low, high]; when the range is empty (a screen smaller than the minimum), `high` wins. */
function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high);
}

function isRectangle(value: unknown): value is Rectangle {
  if (typeof value !== 'object' || value === null) return false;
  const { x, y, width, height } = value as Record<string, unknown>;
  return [x, y, width, height].every((n) => typeof n === 'number' && Number.isFinite(n)) && (width as number) > 0 && (height as number) > 0;
}
