import { describe, expect, it } from 'vitest';
import { exportToPyTorch } from '../../engine/export/pytorch';
import { trainedParameters } from '../../engine/export/weights';
import { newDocument } from '../../engine/document/defaults';
import { createRunManager } from '../../engine/run/manager';
import { selectKernels } from '../../engine/kernels/select';
import { createTrainer } from '../../engine/train';
import { createEventLog, inProcessPort, planOf, stateOf } from '../engine/run-support';

/**
 * The app's weights: the run manager asks the run's worker for its model's parameters
 * (`request-parameters`), also after the run has ended while its worker is kept.
 */
describe('RunManager.parameters', () => {
  it('gives the trained parameters of a finished run: the same numbers as a trainer taking the same steps', async () => {
    const log = createEventLog();
    const manager = createRunManager({ spawn: () => inProcessPort(), maxConcurrent: 1, consumer: (event) => log.record(event), keepEnded: 1 });
    const plan = planOf((doc) => {
      doc.training.steps = 12;
    });
    const runId = manager.start({ plan, instruments: null });
    await log.waitFor(stateOf(runId, 'finished'));

    const parameters = await manager.parameters(runId);
    // The worker's kernels, so the numbers are bit for bit the same.
    const trainer = createTrainer(plan, { kernels: selectKernels() });
    for (let i = 0; i < 12; i++) trainer.step();
    expect(parameters).toEqual(trainedParameters(trainer));
    expect(parameters.step).toBe(12);
    expect(exportToPyTorch(newDocument(), { weights: parameters }).ok).toBe(true);
    manager.dispose();
  });

  it('rejects when the run has no model to read', async () => {
    const manager = createRunManager({ spawn: () => inProcessPort(), maxConcurrent: 1, consumer: () => {} });
    await expect(manager.parameters('nothing')).rejects.toThrow(/no run 'nothing'/);
    const log = createEventLog();
    const ending = createRunManager({ spawn: () => inProcessPort(), maxConcurrent: 1, consumer: (event) => log.record(event) });
    const runId = ending.start({ plan: planOf((doc) => (doc.training.steps = 2)), instruments: null });
    await log.waitFor(stateOf(runId, 'finished'));
    await expect(ending.parameters(runId)).rejects.toThrow(/has no model to read \(finished\)/);
    manager.dispose();
    ending.dispose();
  });
});
