/**
 * Electronegativity, Doyensec's checker for Electron security anti-patterns, run over the main
 * process sources and over the app as it is packaged. It exits 0 whatever it finds, so this test
 * reads its findings and fails on any HIGH or MEDIUM one that ALLOWED_FINDINGS does not explain,
 * on any file it could not parse, and on any allowance that no longer matches a finding.
 */
import { build } from 'esbuild';
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire, Module } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Finding {
  id: string;
  file: string;
  location: { line: number; column: number };
  description: string;
  severity: { name: 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL' };
  confidence: { name: string };
}

interface ScanResult {
  errors: { file: string; message: string; tolerable: boolean }[];
  issues: Finding[];
}

type Scan = 'sources' | 'package';

interface AllowedFinding {
  scan: Scan;
  id: string;
  file: string;
  reason: string;
}

/** Every HIGH or MEDIUM finding that is accepted, with the reason it is not a weakness. */
const ALLOWED_FINDINGS: AllowedFinding[] = [
  {
    scan: 'sources',
    id: 'CSP_GLOBAL_CHECK',
    file: 'N/A',
    reason:
      'main/ holds no HTML, and the checker recognises a CSP only in a <meta> tag or in a ' +
      'webRequest.onHeadersReceived callback. Ours is a response header that the app:// protocol ' +
      'handler (main/app-protocol.ts) puts on every response, which tests/main/app-protocol.test.ts ' +
      "checks. The package scan below finds the renderer's <meta> CSP and rates it LOW.",
  },
  {
    scan: 'sources',
    id: 'AUXCLICK_JS_CHECK',
    file: 'window.ts',
    reason:
      "It asks for disableBlinkFeatures: 'Auxclick' so that a middle-click on a link cannot open a " +
      'window. Electron routes every new window, middle-clicks included, through the handler ' +
      'lockDownWebContents sets with setWindowOpenHandler, which denies them all (tests/main/window.test.ts).',
  },
  {
    scan: 'sources',
    id: 'PRELOAD_JS_CHECK',
    file: 'window.ts',
    reason:
      'A request to review the preload, not a fault. main/preload/index.ts runs sandboxed and exposes ' +
      'exactly the DesktopApi through contextBridge, never ipcRenderer itself; the main process checks ' +
      'the sender and validates the payload of every call (tests/main/preload.test.ts, ipc.test.ts).',
  },
];

/**
 * AvailableSecurityFixesGlobalCheck downloads Electron's release list to compare versions, and
 * the project never downloads at run time (CI runs offline). Electron's version is pinned in
 * package.json and raised by hand.
 */
const EXCLUDED_CHECKS = ['availablesecurityfixesglobalcheck'];

const BLOCKING_SEVERITIES: ReadonlySet<string> = new Set(['HIGH', 'MEDIUM']);

const projectRoot = path.resolve(import.meta.dirname, '..');
const requireFromTest = createRequire(import.meta.url);

/**
 * The scanner fetches translations of its messages (package `got`) before every run. This stands in
 * for `got` in Node's module cache, answering 404 without sending anything, so the scanner keeps
 * its bundled English messages and the test stays offline.
 */
function loadOfflineScanner(): (options: Record<string, unknown>) => Promise<ScanResult> {
  const scannerEntry = requireFromTest.resolve('@doyensec/electronegativity');
  const gotPath = createRequire(scannerEntry).resolve('got');
  const notFound = async () => ({ statusCode: 404, body: '', headers: {} });
  const offlineGot = new Module(gotPath);
  offlineGot.filename = gotPath;
  offlineGot.loaded = true;
  offlineGot.exports = Object.assign(notFound, { head: notFound });
  requireFromTest.cache[gotPath] = offlineGot;
  return requireFromTest(scannerEntry) as (options: Record<string, unknown>) => Promise<ScanResult>;
}

async function electronVersion(): Promise<string> {
  const packageJson = JSON.parse(await readFile(path.join(projectRoot, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = /\d+\.\d+\.\d+/.exec(packageJson.devDependencies.electron)?.[0];
  if (version === undefined) throw new Error('package.json names no Electron version');
  return version;
}

/**
 * What electron-builder packs (see electron.config.ts): the bundled main process and preload, the
 * renderer's page and package.json. The scanner reads .js but not .cjs, so the bundles get .js names.
 */
async function layOutPackage(folder: string): Promise<void> {
  const bundle = (entryPoint: string, outfile: string) =>
    build({ entryPoints: [entryPoint], outfile, bundle: true, platform: 'node', format: 'cjs', external: ['electron'], logLevel: 'silent' });
  await Promise.all([
    bundle(path.join(projectRoot, 'main/index.ts'), path.join(folder, 'out/main/index.js')),
    bundle(path.join(projectRoot, 'main/preload/index.ts'), path.join(folder, 'out/preload/index.js')),
  ]);
  await mkdir(path.join(folder, 'out/renderer'), { recursive: true });
  await copyFile(path.join(projectRoot, 'renderer/index.html'), path.join(folder, 'out/renderer/index.html'));
  await copyFile(path.join(projectRoot, 'package.json'), path.join(folder, 'package.json'));
}

function describeFinding(scan: Scan, finding: Finding): string {
  return `${scan}: ${finding.severity.name} ${finding.id} in ${finding.file}:${finding.location.line} (${finding.description})`;
}

function isAllowed(scan: Scan, finding: Finding): boolean {
  return ALLOWED_FINDINGS.some((allowed) => allowed.scan === scan && allowed.id === finding.id && allowed.file === finding.file);
}

let scanner: ReturnType<typeof loadOfflineScanner>;
let version: string;
let temporary: string;
const results = new Map<Scan, ScanResult>();

async function scanFolder(input: string): Promise<ScanResult> {
  return scanner({ input, isRelative: true, electronVersionOverride: version, excludeFromScan: EXCLUDED_CHECKS });
}

beforeAll(async () => {
  scanner = loadOfflineScanner();
  version = await electronVersion();
  temporary = await mkdtemp(path.join(os.tmpdir(), 'netoscope-electronegativity-'));
  await layOutPackage(path.join(temporary, 'package'));
  // One after the other: the scanner keeps its messages and progress in globals.
  results.set('sources', await scanFolder(path.join(projectRoot, 'main')));
  results.set('package', await scanFolder(path.join(temporary, 'package')));
});

afterAll(async () => {
  await rm(temporary, { recursive: true, force: true });
});

describe.each(['sources', 'package'] as const)('Electronegativity on the %s', (scan) => {
  it('parses every file', () => {
    expect(results.get(scan)?.errors.filter((error) => !error.tolerable)).toEqual([]);
  });

  it('finds no HIGH or MEDIUM problem that is not explained', () => {
    const unexplained = (results.get(scan)?.issues ?? [])
      .filter((finding) => BLOCKING_SEVERITIES.has(finding.severity.name) && !isAllowed(scan, finding))
      .map((finding) => describeFinding(scan, finding));
    expect(unexplained).toEqual([]);
  });
});

describe('the allowlist', () => {
  it('gives every entry a reason', () => {
    for (const allowed of ALLOWED_FINDINGS) expect(allowed.reason.length).toBeGreaterThan(40);
  });

  it('holds no entry that no longer matches a finding', () => {
    const stale = ALLOWED_FINDINGS.filter(
      (allowed) => !(results.get(allowed.scan)?.issues ?? []).some((finding) => finding.id === allowed.id && finding.file === allowed.file),
    );
    expect(stale).toEqual([]);
  });
});

describe('the scanner itself', () => {
  it('reads our TypeScript and flags an insecure window, so a clean result means something', async () => {
    const folder = path.join(temporary, 'insecure');
    await mkdir(folder);
    await writeFile(
      path.join(folder, 'window.ts'),
      [
        "import { BrowserWindow } from 'electron';",
        "class Failure extends Error { override name = 'Failure'; }",
        'export const options = { a: 1 } satisfies Record<string, number>;',
        'export const window = new BrowserWindow({ webPreferences: { nodeIntegration: true, contextIsolation: false, sandbox: false } });',
        'export { Failure };',
      ].join('\n'),
    );
    const result = await scanFolder(folder);
    expect(result.errors).toEqual([]);
    const blocking = result.issues.filter((finding) => BLOCKING_SEVERITIES.has(finding.severity.name)).map((finding) => finding.id);
    expect(blocking).toEqual(expect.arrayContaining(['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK']));
  });
});
