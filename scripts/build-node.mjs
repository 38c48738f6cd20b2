// Bundles the Node-side entry points with esbuild: the Electron main process and its preload
// (the sandboxed preload must be a single CommonJS file), the engine's Node worker and the CLI.
//
//   node scripts/build-node.mjs                      everything, into out/
//   node scripts/build-node.mjs --cli [--outdir D]   only the CLI and its worker (tests), into D (default out/)
//
// The CLI finds its worker at ../engine/node-worker.mjs from itself, so both keep out/'s layout.
import { chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';

const { values } = parseArgs({ options: { cli: { type: 'boolean' }, outdir: { type: 'string' } } });
const outdir = values.outdir ?? 'out';
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

const cliBundles = [
  build({ ...common, entryPoints: ['engine/worker/node.ts'], outfile: join(outdir, 'engine/node-worker.mjs'), format: 'esm' }),
  build({ ...common, entryPoints: ['cli/netoscope.ts'], outfile: join(outdir, 'cli/netoscope.mjs'), format: 'esm', banner: { js: '#!/usr/bin/env node' } }).then(() =>
    chmod(join(outdir, 'cli/netoscope.mjs'), 0o755),
  ),
];
const appBundles = values.cli
  ? []
  : [
      build({ ...common, entryPoints: ['main/index.ts'], outfile: join(outdir, 'main/index.cjs'), format: 'cjs', external: ['electron'] }),
      build({ ...common, entryPoints: ['main/preload/index.ts'], outfile: join(outdir, 'preload/index.cjs'), format: 'cjs', external: ['electron'] }),
    ];
await Promise.all([...cliBundles, ...appBundles]);
