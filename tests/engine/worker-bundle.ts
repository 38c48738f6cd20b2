import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** engine/worker/node.ts bundled into a fresh temporary folder, as scripts/build-node.mjs bundles it. */
export async function bundleNodeWorker(): Promise<{ folder: string; file: string; dispose(): void }> {
  const folder = mkdtempSync(join(tmpdir(), 'netoscope-worker-'));
  const file = join(folder, 'node-worker.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../../engine/worker/node.ts', import.meta.url))],
    outfile: file,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    logLevel: 'warning',
  });
  return { folder, file, dispose: () => rmSync(folder, { recursive: true, force: true }) };
}
