import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  currentWindowState,
  parseWindowState,
  readWindowState,
  restoreWindowPlacement,
  serializeWindowState,
  writeWindowState,
  type Rectangle,
  type WindowState,
} from '../../main/window-state';

const size = { width: 1280, height: 800, minWidth: 900, minHeight: 600 };
const laptop: Rectangle = { x: 0, y: 0, width: 1920, height: 1050 };
/** A projector to the laptop's right. */
const projector: Rectangle = { x: 1920, y: 0, width: 1024, height: 738 };

const saved = (bounds: Rectangle, maximized = false): WindowState => ({ bounds, maximized });

describe('restoreWindowPlacement', () => {
  it('opens at the default size, centred, the first time', () => {
    expect(restoreWindowPlacement(null, [laptop], size)).toEqual({ width: 1280, height: 800, maximized: false });
  });

  it('restores bounds that fit where they were', () => {
    expect(restoreWindowPlacement(saved({ x: 100, y: 50, width: 1400, height: 900 }), [laptop], size)).toEqual({
      x: 100,
      y: 50,
      width: 1400,
      height: 900,
      maximized: false,
    });
  });

  it('keeps a window on the second display there', () => {
    const placement = restoreWindowPlacement(saved({ x: 1950, y: 10, width: 950, height: 700 }), [laptop, projector], size);
    expect(placement).toEqual({ x: 1950, y: 10, width: 950, height: 700, maximized: false });
  });

  it('drops bounds left on a display that is gone, for the default size on the primary display', () => {
    const onProjector = saved({ x: 1950, y: 10, width: 950, height: 700 }, true);
    expect(restoreWindowPlacement(onProjector, [laptop], size)).toEqual({ width: 1280, height: 800, maximized: true });
  });

  it('pulls a window hanging off the edge back inside the display it mostly covers', () => {
    const placement = restoreWindowPlacement(saved({ x: 1200, y: -200, width: 1000, height: 700 }), [laptop, projector], size);
    expect(placement).toEqual({ x: 920, y: 0, width: 1000, height: 700, maximized: false });
  });

  it('shrinks a window larger than its display, but not below the minimum size', () => {
    expect(restoreWindowPlacement(saved({ x: 1920, y: 0, width: 3000, height: 2000 }), [laptop, projector], size)).toEqual({
      x: 1920,
      y: 0,
      width: 1024,
      height: 738,
      maximized: false,
    });
    expect(restoreWindowPlacement(saved({ x: 10, y: 10, width: 200, height: 100 }), [laptop], size)).toMatchObject({ width: 900, height: 600 });
  });

  it('fits even the default size into a small screen', () => {
    const netbook: Rectangle = { x: 0, y: 0, width: 1024, height: 576 };
    expect(restoreWindowPlacement(null, [netbook], size)).toEqual({ width: 1024, height: 576, maximized: false });
  });

  it('handles displays with negative coordinates (a monitor left of the primary one)', () => {
    const left: Rectangle = { x: -1600, y: 100, width: 1600, height: 900 };
    expect(restoreWindowPlacement(saved({ x: -1500, y: 0, width: 1000, height: 700 }), [laptop, left], size)).toEqual({
      x: -1500,
      y: 100,
      width: 1000,
      height: 700,
      maximized: false,
    });
  });
});

describe('parseWindowState', () => {
  it('reads back what serializeWindowState wrote', () => {
    const state = saved({ x: -10, y: 20, width: 1000, height: 700 }, true);
    expect(parseWindowState(serializeWindowState(state))).toEqual(state);
  });

  it.each([
    ['text that is not JSON', 'not json'],
    ['another version', JSON.stringify({ version: 2, bounds: laptop, maximized: false })],
    ['a missing maximized flag', JSON.stringify({ version: 1, bounds: laptop })],
    ['a zero width', JSON.stringify({ version: 1, bounds: { ...laptop, width: 0 }, maximized: false })],
    ['a coordinate that is not a number', JSON.stringify({ version: 1, bounds: { ...laptop, x: '0' }, maximized: false })],
    ['null', 'null'],
  ])('refuses %s', (_label, text) => {
    expect(parseWindowState(text)).toBeNull();
  });
});

describe('reading and writing the state file', () => {
  let folder: string;

  beforeEach(async () => {
    folder = await mkdtemp(path.join(os.tmpdir(), 'netoscope-window-state-'));
  });

  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  it("takes the window's normal bounds and maximised flag, and reads them back", () => {
    const window = { getNormalBounds: () => ({ x: 5, y: 6, width: 1000, height: 700 }), isMaximized: () => true };
    const file = path.join(folder, 'window-state.json');
    writeWindowState(file, currentWindowState(window));
    expect(readWindowState(file)).toEqual(saved({ x: 5, y: 6, width: 1000, height: 700 }, true));
  });

  it('reads null when there is no file or it is damaged', async () => {
    expect(readWindowState(path.join(folder, 'missing.json'))).toBeNull();
    await writeFile(path.join(folder, 'damaged.json'), '{"version":1,"bou');
    expect(readWindowState(path.join(folder, 'damaged.json'))).toBeNull();
  });

  it('writes atomically, leaving no temporary file', () => {
    writeWindowState(path.join(folder, 'window-state.json'), saved(laptop));
    writeWindowState(path.join(folder, 'window-state.json'), saved(projector));
    expect(readWindowState(path.join(folder, 'window-state.json'))).toEqual(saved(projector));
    return expect(readdir(folder)).resolves.toEqual(['window-state.json']);
  });
});
