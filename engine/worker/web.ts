import type { FromWorker, ToWorker } from '../protocol';
import { createWorkerHost } from './host';

/** The Web Worker entry (a Vite module worker): `self` wired to the host. */
interface WorkerScope {
  onmessage: ((event: { data: ToWorker }) => void) | null;
  postMessage(message: FromWorker, transfer: ArrayBuffer[]): void;
}

const scope = globalThis as unknown as WorkerScope;
const host = createWorkerHost((message, transfer) => scope.postMessage(message, transfer));
scope.onmessage = (event) => host.receive(event.data);
