import { parentPort } from 'node:worker_threads';
import type { ToWorker } from '../protocol';
import { createWorkerHost } from './host';

/** The Node worker_threads entry (CLI, tests): the parent port wired to the host. */
if (!parentPort) throw new Error('engine/worker/node.ts runs inside a worker thread (new Worker(...)).');
const port = parentPort;
const host = createWorkerHost((message, transfer) => port.postMessage(message, transfer));
port.on('message', (message: ToWorker) => host.receive(message));
