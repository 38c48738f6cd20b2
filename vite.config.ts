import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The renderer, built as a plain web page that Electron loads over app:// and the browser over http. */
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
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
