import { dataFolderBeside, fetchDataSource } from '../data/fetch-source';
import type { FromWorker, ToWorker } from '../protocol';
import { createWorkerHost } from './host';

/** The Web Worker entry (a Vite module worker): `self` wired to the host. */
interface WorkerScope {
  onmessage: ((event: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;
// The bundled worker sits in assets/, beside the build's data/ folder (vite.config.ts copies MNIST there).
const moduleUrl = (import.meta as unknown as { url: string }).url;
const host = createWorkerHost((message, transfer) => scope.postMessage(message, transfer), { dataSource: fetchDataSource(dataFolderBeside(moduleUrl)) });
scope.onmessage = (event) => host.receive(event.data);
