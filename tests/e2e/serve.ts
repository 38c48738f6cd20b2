import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { preview } from 'vite';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the built renderer is served, ending with a slash. */
    baseURL: string;
  }
}

const BUILT_RENDERER = resolve(import.meta.dirname, '../../out/renderer/index.html');

/**
 * Serves the renderer already built in out/renderer (`npx vite build`) on a free local port.
 * Building is left to the caller so a test run never silently tests stale or half-built code.
 */
export default async function serve(project: TestProject): Promise<() => Promise<void>> {
  if (!existsSync(BUILT_RENDERER)) {
    throw new Error(`${BUILT_RENDERER} does not exist: run \`npx vite build\` before the e2e tests.`);
  }
  const server = await preview({
    configFile: resolve(import.meta.dirname, '../../vite.config.ts'),
    logLevel: 'warn',
    preview: { host: '127.0.0.1', port: 0, strictPort: false, open: false },
  });
  const { port } = server.httpServer.address() as AddressInfo;
  project.provide('baseURL', `http://127.0.0.1:${port}/`);
  return () => server.close();
}
