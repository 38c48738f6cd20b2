import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import { trainedParameters } from '../../engine/export/weights';
import { createTrainer } from '../../engine/train';
import { handleHostCommand } from '../../renderer/commands/hostCommands';
import { createDocumentCommands } from '../../renderer/document/commands';
import { createAppStore } from '../../renderer/store';
import { withOneRowBatchNorm } from '../export/cases';
import { fakeHost } from './helpers';

/** File ▸ Export to PyTorch… and the inspector's button: which files, which weights, what the user is told. */

function trainedWeightsOf(document = newDocument()) {
  const compiled = compile(document);
  if (!compiled.ok) throw new Error(compiled.errors[0].message);
  const trainer = createTrainer(compiled.plan);
  for (let i = 0; i < 4; i++) trainer.step();
  return trainedParameters(trainer);
}

function setUp(weights: ReturnType<typeof trainedWeightsOf> | null) {
  const store = createAppStore();
  const fake = fakeHost();
  const commands = createDocumentCommands(store, fake.host, () => true, async () => weights);
  return { store, fake, commands };
}

describe('Export to PyTorch', () => {
  it('exports the scripts and data as one folder, and says that no run has trained weights to go along', async () => {
    const { store, fake, commands } = setUp(null);
    handleHostCommand({ type: 'export-pytorch' }, store, commands);
    await expect.poll(() => fake.folderExports.length).toBe(1);
    const [request] = fake.folderExports;
    expect(request.suggestedName).toBe('Two spirals (PyTorch)');
    expect(request.files.map((file) => file.name)).toEqual(['model.py', 'train.py', 'train.csv', 'test.csv']);
    expect(store.getState().notice).toEqual({ tone: 'info', text: expect.stringContaining('without weights: train the network first') });
  });

  it('adds the weights of the last run when it trained this network', async () => {
    const { store, fake, commands } = setUp(trainedWeightsOf());
    await commands.exportToPyTorch();
    expect(fake.folderExports[0].files.map((file) => file.name)).toEqual(['model.py', 'train.py', 'train.csv', 'test.csv', 'weights.json', 'weights.bin']);
    expect(store.getState().notice?.text).toMatch(/with the weights after step 4\.$/);
  });

  it('leaves out the weights of a run of an earlier version of the network, and says so', async () => {
    const earlier = newDocument();
    earlier.graph.nodes.find((node) => node.id === 'dense2')!.params.units = 8;
    const { store, fake, commands } = setUp(trainedWeightsOf(earlier));
    await commands.exportToPyTorch();
    expect(fake.folderExports[0].files.map((file) => file.name)).not.toContain('weights.json');
    expect(store.getState().notice?.text).toMatch(/the last run trained an earlier version of the network/);
  });

  it('refuses what PyTorch cannot express, marking the node', async () => {
    const { store, fake, commands } = setUp(null);
    store.getState().loadDocument(withOneRowBatchNorm(newDocument()), null);
    await commands.exportToPyTorch();
    expect(fake.folderExports).toEqual([]);
    expect(store.getState().notice).toEqual({ tone: 'error', text: expect.stringMatching(/^Not exported to PyTorch: bn: .*batch of one row/) });
    expect(store.getState().compileErrors.map((error) => error.nodeId)).toEqual(['bn']);
  });
});
