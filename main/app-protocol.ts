/**
 * Serves the built renderer from `app://netoscope/…` instead of file://. A standard, secure
 * scheme gives the page a real origin (so the sender check in ipc.ts and the CSP's 'self' mean
 * something), and every response carries the Content-Security-Policy below.
 */
import type { Protocol } from 'electron';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

export const APP_SCHEME = 'app';
export const APP_HOST = 'netoscope';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/**
 * Nothing leaves the machine: every fetch, script, style, worker and image comes from the app
 * itself. worker-src needs no blob: because Vite emits the training worker
 * (`new Worker(new URL(…), { type: 'module' })`) as its own file, served over app:// like the rest.
 * Exceptions, each for a reason:
 * - script-src 'wasm-unsafe-eval': compiling the engine's WebAssembly SIMD kernels (it allows
 *   WebAssembly.compile, not eval of JavaScript);
 * - style-src 'unsafe-inline': React Flow and Recharts position elements with style attributes;
 * - img-src/font-src data:: Vite inlines small assets as data: URLs; blob: for exported images.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const APP_URL_PATTERN = /^app:\/\/netoscope(\/[^?#]*)?(?:[?#].*)?$/;

/**
 * Must run before the app's `ready` event: Chromium fixes the scheme table at start-up.
 * corsEnabled because module scripts and module workers are fetched in CORS mode (same-origin
 * here, so no cross-origin access is granted: we never send Access-Control-Allow-Origin).
 */
export function registerAppSchemeAsPrivileged(protocol: Pick<Protocol, 'registerSchemesAsPrivileged'>): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, codeCache: true },
    },
  ]);
}

export function handleAppProtocol(protocol: Pick<Protocol, 'handle'>, rendererRoot: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(request.url, rendererRoot));
}

export function isAppUrl(url: string): boolean {
  return APP_URL_PATTERN.test(url);
}

/**
 * The file under `rendererRoot` an app:// URL names, or null when the URL is not ours or tries to
 * leave the folder. Refuses rather than normalises anything suspicious: dot segments (plain or
 * percent-encoded), encoded or doubled slashes, backslashes, drive letters and NUL bytes.
 */
export function resolveAppRequestPath(requestUrl: string, rendererRoot: string): string | null {
  const match = APP_URL_PATTERN.exec(requestUrl);
  if (!match) return null;
  const rawPath = match[1] ?? '/';
  if (rawPath.includes('\\')) return null;
  const rawSegments = rawPath.slice(1).split('/');
  if (rawSegments.length > 0 && rawSegments[rawSegments.length - 1] === '') {
    rawSegments[rawSegments.length - 1] = 'index.html';
  }
  const segments: string[] = [];
  for (const rawSegment of rawSegments) {
    const segment = decodeSegment(rawSegment);
    if (segment === null || !isSafeSegment(segment)) return null;
    segments.push(segment);
  }
  const root = path.resolve(rendererRoot);
  const resolved = path.resolve(root, ...segments);
  const relative = path.relative(root, resolved);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return resolved;
}

/** The whole response for one app:// request; plain fetch-API objects, so it runs under Node. */
export async function serveAppRequest(requestUrl: string, rendererRoot: string): Promise<Response> {
  const filePath = resolveAppRequestPath(requestUrl, rendererRoot);
  if (filePath === null) return textResponse(400, 'Bad request');
  let body: Buffer;
  try {
    body = await readFile(filePath);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EISDIR' || code === 'ENOTDIR') return textResponse(404, 'Not found');
    throw error;
  }
  const contentType = CONTENT_TYPES[path.extname(filePath).toLowerCase()] ?? 'application/octet-stream';
  return new Response(new Uint8Array(body), { status: 200, headers: securityHeaders(contentType) });
}

function textResponse(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

function securityHeaders(contentType: string): Headers {
  return new Headers({
    'Content-Type': contentType,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
  });
}

function decodeSegment(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

function isSafeSegment(segment: string): boolean {
  return segment !== '' && segment !== '.' && segment !== '..' && !/[/\\:]/.test(segment) && !segment.includes('\0');
}
