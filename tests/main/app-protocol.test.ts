import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  APP_ENTRY_URL,
  CONTENT_SECURITY_POLICY,
  handleAppProtocol,
  isAppUrl,
  registerAppSchemeAsPrivileged,
  resolveAppRequestPath,
  serveAppRequest,
} from '../../main/app-protocol';

const root = path.resolve('/srv/netoscope/out/renderer');

describe('resolveAppRequestPath', () => {
  it.each([
    ['app://netoscope/index.html', 'index.html'],
    ['app://netoscope/', 'index.html'],
    ['app://netoscope', 'index.html'],
    ['app://netoscope/assets/index-Bq3x.js', 'assets/index-Bq3x.js'],
    ['app://netoscope/assets/', 'assets/index.html'],
    ['app://netoscope/index.html?run=1#/canvas', 'index.html'],
    ['app://netoscope/assets/Two%20spirals.png', 'assets/Two spirals.png'],
    ['app://netoscope/assets/..hidden.js', 'assets/..hidden.js'],
  ])('maps %s to a file under the renderer folder', (url, relative) => {
    expect(resolveAppRequestPath(url, root)).toBe(path.join(root, relative));
  });

  it.each([
    ['a parent segment', 'app://netoscope/../main/index.cjs'],
    ['a nested parent segment', 'app://netoscope/assets/../../package.json'],
    ['an encoded parent segment', 'app://netoscope/%2e%2e/package.json'],
    ['a mixed-case encoded parent segment', 'app://netoscope/assets/%2E%2e/%2e%2E/secret'],
    ['a half-encoded parent segment', 'app://netoscope/.%2e/package.json'],
    ['a current-directory segment', 'app://netoscope/./index.html'],
    ['an encoded slash', 'app://netoscope/..%2f..%2fetc%2fpasswd'],
    ['an absolute path in the URL', 'app://netoscope//etc/passwd'],
    ['an encoded absolute path', 'app://netoscope/%2fetc%2fpasswd'],
    ['a backslash', 'app://netoscope/..\\..\\etc\\passwd'],
    ['an encoded backslash', 'app://netoscope/..%5c..%5cpackage.json'],
    ['a drive letter', 'app://netoscope/C:%5cWindows%5cwin.ini'],
    ['a NUL byte', 'app://netoscope/index.html%00.png'],
    ['malformed percent-encoding', 'app://netoscope/%E0%A4%A'],
    ['another host', 'app://evil/index.html'],
    ['a look-alike host', 'app://netoscope.evil/index.html'],
    ['another scheme', 'file:///etc/passwd'],
    ['https', 'https://netoscope/index.html'],
  ])('refuses %s', (_label, url) => {
    expect(resolveAppRequestPath(url, root)).toBeNull();
  });
});

describe('isAppUrl', () => {
  it('accepts our pages and refuses any other origin', () => {
    expect(isAppUrl(APP_ENTRY_URL)).toBe(true);
    expect(isAppUrl('app://netoscope/index.html#/run')).toBe(true);
    expect(isAppUrl('app://netoscope.evil.example/index.html')).toBe(false);
    expect(isAppUrl('https://netoscope/index.html')).toBe(false);
    expect(isAppUrl('file:///work/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('')).toBe(false);
  });
});

describe('serveAppRequest', () => {
  let rendererRoot: string;

  beforeAll(async () => {
    const project = await mkdtemp(path.join(os.tmpdir(), 'netoscope-protocol-'));
    rendererRoot = path.join(project, 'out', 'renderer');
    await mkdir(path.join(rendererRoot, 'assets'), { recursive: true });
    await writeFile(path.join(rendererRoot, 'index.html'), '<!doctype html><title>Netoscope</title>');
    await writeFile(path.join(rendererRoot, 'assets', 'index.js'), 'console.log(1)');
    await writeFile(path.join(rendererRoot, 'assets', 'gemm.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d]));
    await writeFile(path.join(project, 'out', 'secret.txt'), 'not for the page');
  });

  afterAll(async () => {
    await rm(path.dirname(path.dirname(rendererRoot)), { recursive: true, force: true });
  });

  it('serves the entry page with the CSP and a content type', async () => {
    const response = await serveAppRequest(APP_ENTRY_URL, rendererRoot);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Netoscope</title>');
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves scripts and WebAssembly with the types browsers require of them', async () => {
    expect((await serveAppRequest('app://netoscope/assets/index.js', rendererRoot)).headers.get('content-type')).toBe(
      'text/javascript; charset=utf-8',
    );
    const wasm = await serveAppRequest('app://netoscope/assets/gemm.wasm', rendererRoot);
    expect(wasm.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await wasm.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it('answers 404, still under the CSP, for a missing file or a folder', async () => {
    for (const url of ['app://netoscope/missing.js', 'app://netoscope/assets']) {
      const response = await serveAppRequest(url, rendererRoot);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    }
  });

  it('answers 400 to a traversal attempt and does not leak the file', async () => {
    const response = await serveAppRequest('app://netoscope/%2e%2e/secret.txt', rendererRoot);
    expect(response.status).toBe(400);
    expect(await response.text()).not.toContain('not for the page');
  });
});

describe('the Content-Security-Policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((directive) => {
      const [name, ...sources] = directive.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );

  it('allows nothing from the network', () => {
    for (const sources of directives.values()) {
      for (const source of sources) expect(source).not.toMatch(/^(https?:|wss?:|\*)/);
    }
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
  });

  it('allows no JavaScript eval nor inline script', () => {
    expect(directives.get('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
  });
});

describe('protocol registration', () => {
  it('registers app as a standard, secure scheme', () => {
    const protocol = { registerSchemesAsPrivileged: vi.fn() };
    registerAppSchemeAsPrivileged(protocol);
    expect(protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: 'app', privileges: expect.objectContaining({ standard: true, secure: true }) }),
    ]);
    const [[schemes]] = protocol.registerSchemesAsPrivileged.mock.calls;
    expect(schemes[0].privileges).not.toHaveProperty('bypassCSP');
  });

  it('routes app:// requests to the renderer folder', async () => {
    const protocol = { handle: vi.fn() };
    handleAppProtocol(protocol, '/nowhere');
    expect(protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = protocol.handle.mock.calls[0][1] as (request: Request) => Promise<Response>;
    expect((await handler(new Request('https://netoscope/index.html'))).status).toBe(400);
    expect((await handler({ url: 'app://netoscope/index.html' } as Request)).status).toBe(404);
  });
});
