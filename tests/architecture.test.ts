import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkEngineSource, checkRendererSource, findImports, lexSource } from './support/architecture';

const projectRoot = path.resolve(import.meta.dirname, '..');

function sourcesUnder(folder: string): string[] {
  return readdirSync(path.join(projectRoot, folder), { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.(?:[cm]?[jt]s|[jt]sx)$/.test(file) && !file.endsWith('.d.ts'))
    .map((file) => `${folder}/${file.split(path.sep).join('/')}`)
    .sort();
}

const read = (relativePath: string): string => readFileSync(path.join(projectRoot, relativePath), 'utf8');

describe('engine/ stays pure', () => {
  const files = sourcesUnder('engine');

  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it.each(files)('%s', (file) => {
    expect(checkEngineSource(file, read(file))).toEqual([]);
  });
});

describe('renderer/ reaches the desktop only through window.netoscope', () => {
  it.each(sourcesUnder('renderer'))('%s', (file) => {
    expect(checkRendererSource(file, read(file))).toEqual([]);
  });
});

describe('the checker itself', () => {
  const engineFile = 'engine/layers/dense.ts';
  const rendererFile = 'renderer/panels/FileMenu.tsx';

  it.each([
    ["import { useState } from 'react';", /imports "react"/],
    ["import { createRoot } from 'react-dom/client';", /imports "react-dom\/client"/],
    ["import type { IpcMain } from 'electron';", /imports "electron"/],
    ["import { create } from 'zustand';", /imports "zustand"/],
    ["import { LineChart } from 'recharts';", /imports "recharts"/],
    ["import { ReactFlow } from '@xyflow/react';", /imports "@xyflow\/react"/],
    ["import { readFile } from 'node:fs/promises';", /Node built-in "node:fs\/promises"/],
    ["import path from 'path';", /Node built-in "path"/],
    ["import { Worker } from 'worker_threads';", /Node built-in "worker_threads"/],
    ["const cp = require('child_process');", /Node built-in "child_process"/],
    ["const os = await import('os');", /Node built-in "os"/],
    ["export { cpus } from 'node:os';", /Node built-in "node:os"/],
    ['import {\n  readFileSync,\n} from "fs";', /Node built-in "fs"/],
    ['const width = window.innerWidth;', /DOM global window/],
    ['document.body.append(x);', /DOM global document/],
    ['const cores = navigator.hardwareConcurrency;', /DOM global navigator/],
    ["localStorage.setItem('k', v);", /DOM global localStorage/],
    ['function draw(canvas: HTMLCanvasElement) {}', /DOM global HTMLCanvasElement/],
    ['if (x instanceof HTMLElement) {}', /DOM global HTMLElement/],
    ['const noise = Math.random() * 0.1;', /Math\.random/],
    ["const draw = Math['random'];", /Math\.random/],
    ['const r = `${Math.random()}`;', /Math\.random/],
  ])('flags in the engine: %s', (source, message) => {
    const problems = checkEngineSource(engineFile, source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
    expect(problems[0]).toContain(engineFile);
  });

  it.each([
    ["// import fs from 'fs'; window.close(); Math.random()\nexport const a = 1;"],
    ["/* document.title = 'x'; import('os') */ export const a = 1;"],
    ["const message = \"call window.open or Math.random() or import 'fs'\";"],
    ["const hint = `use navigator or require('path')`;"],
    ['const shape = { window: 3, document: 4 };'],
    ['const size = layer.window + options.document;'],
    ['const ratio = a / b / c; const re = /window|document/g;'],
    ["import { gemm } from '../kernels/kernels';\nimport type { Graph } from './document/types';"],
    ['const seeded = rng.random(); const mathRandomish = MathRandom;'],
  ])('passes clean engine code: %s', (source) => {
    expect(checkEngineSource(engineFile, source)).toEqual([]);
  });

  it('lets engine/worker/node.ts and node-data.ts, and only them, use Node built-ins', () => {
    const source = "import { parentPort } from 'node:worker_threads';";
    expect(checkEngineSource('engine/worker/node.ts', source)).toEqual([]);
    expect(checkEngineSource('engine/worker/node-data.ts', "import { readFile } from 'node:fs/promises';")).toEqual([]);
    expect(checkEngineSource('engine/worker/web.ts', source)).toHaveLength(1);
    expect(checkEngineSource('engine/worker/node.ts', "import React from 'react';")).toHaveLength(1);
  });

  it.each([
    ["import { ipcRenderer } from 'electron';", /imports "electron"/],
    ["import { readFile } from 'node:fs';", /Node built-in "node:fs"/],
    ["import { createHash } from 'crypto';", /Node built-in "crypto"/],
    ["import { IPC_CHANNELS } from '../../main/ipc-contract';", /may only `import type` main\/ipc-contract/],
    ["import { type DesktopApi } from '../../main/ipc-contract';", /may only `import type` main\/ipc-contract/],
    ["import type { SenderEvent } from '../../main/ipc';", /may only `import type` main\/ipc-contract/],
    ["import { writeFileAtomic } from '../../main/files';", /may only `import type` main\/ipc-contract/],
  ])('flags in the renderer: %s', (source, message) => {
    const problems = checkRendererSource(rendererFile, source);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(message);
  });

  it.each([
    ["import type { DesktopApi } from '../../main/ipc-contract';"],
    ["import type { DesktopApi } from '../../main/ipc-contract.ts';"],
    ["import { useStore } from '../store/store';\nimport { ReactFlow } from '@xyflow/react';"],
    ["import type { StatFrame } from '../../engine/protocol';"],
  ])('passes clean renderer code: %s', (source) => {
    expect(checkRendererSource(rendererFile, source)).toEqual([]);
  });

  it('reads every import form and tells type-only ones apart', () => {
    const source = [
      "import a from 'a';",
      "import type { B } from 'b';",
      "import * as c from 'c';",
      "import 'd';",
      "export type { E } from 'e';",
      "export * from 'f';",
      "const g = await import('g');",
      "const h = require('h');",
    ].join('\n');
    expect(findImports(lexSource(source))).toEqual([
      { specifier: 'a', typeOnly: false },
      { specifier: 'b', typeOnly: true },
      { specifier: 'c', typeOnly: false },
      { specifier: 'd', typeOnly: false },
      { specifier: 'e', typeOnly: true },
      { specifier: 'f', typeOnly: false },
      { specifier: 'g', typeOnly: false },
      { specifier: 'h', typeOnly: false },
    ]);
  });

  it('keeps the code inside template literal placeholders, nested braces included', () => {
    const { code, strings } = lexSource('const s = `a${ {x: window}.x }b${`c${d}`}e`;');
    expect(code).toContain('{x: window}.x');
    expect(code).toContain('d');
    expect(strings).toEqual(['a', 'b', 'c', '', 'e']);
  });
});
