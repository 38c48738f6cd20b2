import type { FromWorker, ToWorker } from '../../engine/protocol';

/**
 * Collects every message a training worker posts and lets a test wait for the next one that
 * matches, without sleeping. Works for a worker_threads Worker and for an in-process host.
 */
export interface MessageLog {
  readonly messages: FromWorker[];
  /** Resolves with the first message after `from` (an index into `messages`) that matches. */
  waitFor<T extends FromWorker>(match: (message: FromWorker) => message is T, from?: number): Promise<T>;
  waitFor(match: (message: FromWorker) => boolean, from?: number): Promise<FromWorker>;
  receive(message: FromWorker): void;
  fail(error: unknown): void;
}

export function createMessageLog(): MessageLog {
  const messages: FromWorker[] = [];
  let waiters: { match: (message: FromWorker) => boolean; from: number; resolve: (message: FromWorker) => void; reject: (error: unknown) => void }[] = [];
  let failure: unknown = null;
  return {
    messages,
    waitFor(match: (message: FromWorker) => boolean, from = 0): Promise<FromWorker> {
      const found = messages.slice(from).find(match);
      if (found) return Promise.resolve(found);
      if (failure) return Promise.reject(failure);
      return new Promise((resolve, reject) => waiters.push({ match, from, resolve, reject }));
    },
    receive(message) {
      messages.push(message);
      const index = messages.length - 1;
      waiters = waiters.filter((waiter) => {
        if (index < waiter.from || !waiter.match(message)) return true;
        waiter.resolve(message);
        return false;
      });
    },
    fail(error) {
      failure = error;
      for (const waiter of waiters) waiter.reject(error);
      waiters = [];
    },
  } as MessageLog;
}

export const isState =
  (state: string) =>
  (message: FromWorker): message is Extract<FromWorker, { type: 'state' }> =>
    message.type === 'state' && message.state === state;

export const isFrame = (message: FromWorker): message is Extract<FromWorker, { type: 'frame' }> => message.type === 'frame';

export type Send = (message: ToWorker) => void;

/**
 * Resolves after `ms` of wall time. Only for asserting that nothing happens during a window
 * (a paused worker stays silent); never to wait for something to happen.
 */
export const quietWindow = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
