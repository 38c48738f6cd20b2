import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import type { CompiledPlan } from '../../engine/document/plan';
import type { TrainingSettings } from '../../engine/document/types';
import type { FromWorker, ToWorker } from '../../engine/protocol';
import { createWorkerHost } from '../../engine/worker/host';
import { createMessageLog, isFrame, isState } from './worker-harness';

function planWith(training: Partial<TrainingSettings>): CompiledPlan {
  const result = compile({ ...newDocument(), training: { ...newDocument().training, ...training } });
  if (!result.ok) throw new Error(result.errors[0].message);
  return result.plan;
}

function hostWithLog() {
  const log = createMessageLog();
  const transfers: ArrayBuffer[][] = [];
  const host = createWorkerHost((message, transfer) => {
    transfers.push(transfer);
    log.receive(message);
  });
  return { host, log, transfers };
}

describe('createWorkerHost', () => {
  it('records a point every reportEvery steps plus the last step, and transfers the frame arrays', async () => {
    const { host, log, transfers } = hostWithLog();
    host.receive({ type: 'start', runId: 'r', plan: planWith({ steps: 25, reportEvery: 10 }) });
    await log.waitFor(isState('finished'));
    const frames = log.messages.filter(isFrame);
    expect(frames.flatMap((frame) => [...frame.steps])).toEqual([10, 20, 25]);
    frames.forEach((frame) => {
      const transfer = transfers[log.messages.indexOf(frame)];
      expect(transfer).toEqual([frame.steps.buffer, frame.loss.buffer, frame.accuracy.buffer]);
      expect(frame.testAccuracy).toBeGreaterThanOrEqual(0);
    });
    expect(log.messages.at(-1)).toEqual({ type: 'state', runId: 'r', state: 'finished', step: 25 });
  });

  it('ignores pause, resume and stop when no run is active', () => {
    const { host, log } = hostWithLog();
    for (const type of ['pause', 'resume', 'stop'] as const) host.receive({ type });
    expect(log.messages).toEqual([]);
  });

  it('stops the current run when a new one starts', async () => {
    const { host, log } = hostWithLog();
    host.receive({ type: 'start', runId: 'first', plan: planWith({ steps: 1_000_000 }) });
    await log.waitFor(isFrame);
    host.receive({ type: 'start', runId: 'second', plan: planWith({ steps: 30 }) });
    await log.waitFor(isState('finished'));
    const states = log.messages.filter((message) => message.type === 'state').map((message) => `${message.runId}:${message.state}`);
    expect(states).toEqual(['first:running', 'first:stopped', 'second:running', 'second:finished']);
    const firstStopped = log.messages.findIndex(isState('stopped'));
    expect(log.messages.slice(firstStopped + 1).every((message: FromWorker) => message.runId === 'second')).toBe(true);
  });

  it('reports a malformed message as an error instead of throwing', () => {
    const { host, log } = hostWithLog();
    expect(() => host.receive(null as unknown as ToWorker)).not.toThrow();
    expect(log.messages[0]).toMatchObject({ type: 'error', message: expect.any(String) });
    expect(log.messages[1]).toMatchObject({ type: 'state', state: 'failed' });
  });
});
