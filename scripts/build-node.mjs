// Bundles the Node-side entry points with esbuild: the Electron main process and its preload
// (the sandboxed preload must be a single CommonJS file), and the engine's Node worker.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: ['main/index.ts'], outfile: 'out/main/index.cjs', format: 'cjs', external: ['electron'] }),
  build({ ...common, entryPoints: ['main/preload/index.ts'], outfile: 'out/preload/index.cjs', format: 'cjs', external: ['electron'] }),
  build({ ...common, entryPoints: ['engine/worker/node.ts'], outfile: 'out/engine/node-worker.mjs', format: 'esm' }),
]);
