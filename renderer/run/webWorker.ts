import type { FromWorker } from '../../engine/protocol';
import type { WorkerPort } from '../../engine/run/manager';

/** A run manager's WorkerPort over a module Web Worker, bundled by Vite from the engine's web entry. */
export function startWebWorker(): WorkerPort {
  const worker = new Worker(new URL('../../engine/worker/web.ts', import.meta.url), { type: 'module' });
  return {
    post: (message, transfer = []) => worker.postMessage(message, transfer),
    onMessage: (listener) => worker.addEventListener('message', (event: MessageEvent<FromWorker>) => listener(event.data)),
    onError(listener) {
      worker.addEventListener('error', (event) => {
        event.preventDefault();
        listener(event.message || 'the worker script could not be loaded');
      });
      worker.addEventListener('messageerror', () => listener('a message from the worker could not be read'));
    },
    terminate: () => worker.terminate(),
  };
}
