import { Worker } from 'node:worker_threads';
import type { FromWorker } from '../engine/protocol';
import type { WorkerPort } from '../engine/run/manager';

/**
 * A run manager's WorkerPort over a Node worker thread running the engine's Node entry
 * (engine/worker/node.ts, bundled to `script`). An exit the manager did not ask for counts
 * as a failure, as does an uncaught exception in the worker.
 */
export function nodeWorkerPort(script: string | URL): WorkerPort {
  const worker = new Worker(script);
  let terminated = false;
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.on('message', (message: FromWorker) => listener(message)),
    onError(listener) {
      worker.on('error', (error: Error) => listener(error.message));
      worker.on('messageerror', () => listener('a message from the worker could not be read'));
      worker.on('exit', (code) => {
        if (!terminated) listener(`the worker exited with code ${code}`);
      });
    },
    terminate() {
      terminated = true;
      void worker.terminate();
    },
  };
}
