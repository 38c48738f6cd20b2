import type { FromWorker } from '../../engine/protocol';
import type { WorkerFactory } from './runClient';

/** One module worker per run, bundled by Vite from the engine's web entry. */
export const startWebWorker: WorkerFactory = ({ message, failure }) => {
  const worker = new Worker(new URL('../../engine/worker/web.ts', import.meta.url), { type: 'module' });
  worker.onmessage = (event: MessageEvent<FromWorker>) => message(event.data);
  worker.onerror = (event) => {
    event.preventDefault();
    failure(event.message || 'the worker script could not be loaded');
  };
  worker.onmessageerror = () => failure('a message from the worker could not be read');
  return {
    post: (toWorker) => worker.postMessage(toWorker),
    terminate: () => worker.terminate(),
  };
};
