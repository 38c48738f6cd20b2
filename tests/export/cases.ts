import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { readDocument } from '../../engine/document/read';
import type { NetDocument } from '../../engine/document/types';
import { createRandom } from '../../engine/random';
import { pick, randomValidDocument } from '../support/random-documents';

/** The documents the export tests export: the presets and random graphs with random settings. */
export interface Case {
  name: string;
  document: NetDocument;
}

const PRESETS_FOLDER = path.resolve(import.meta.dirname, '../../presets');

export function presetCases(): Case[] {
  return readdirSync(PRESETS_FOLDER)
    .filter((file) => file.endsWith('.netoscope'))
    .sort()
    .map((file) => {
      const result = readDocument(readFileSync(path.join(PRESETS_FOLDER, file), 'utf8'));
      if (!result.ok) throw new Error(`${file} does not read: ${result.problems[0].message}`);
      return { name: file.replace('.netoscope', ''), document: result.document };
    });
}

const LABELS = ['Hidden layer', 'skip', 'class', 'x', 'forward', '1st', 'Скрытый', 'input', 'BNorm', 'hidden layer'];

/** A random graph with random training settings, a random 2-class dataset and preprocessing, and some awkward labels. */
export function randomCase(seed: number): Case {
  const random = createRandom(seed);
  const document = randomValidDocument(random);
  for (const node of document.graph.nodes) if (random.next() < 0.4) node.label = pick(random, LABELS);
  document.name = `random graph ${seed}`;
  document.training = {
    ...document.training,
    optimizer: pick(random, ['sgd', 'momentum', 'nesterov', 'rmsprop', 'adam'] as const),
    learningRate: pick(random, [0.01, 0.05, 0.1]),
    schedule: pick(random, ['constant', 'step', 'exponential', 'cosine'] as const),
    scheduleEvery: 1,
    scheduleFactor: 0.5,
    scheduleDecay: 0.9,
    scheduleMinFactor: 0.1,
    l1: pick(random, [0, 1e-3]),
    l2: pick(random, [0, 1e-2]),
    clipNorm: pick(random, [0, 1]),
    sampling: pick(random, ['shuffled', 'sequential', 'class-sorted', 'class-balanced', 'emphasize-errors'] as const),
  };
  const kind = pick(random, ['spirals', 'moons', 'circles', 'xor', 'blobs'] as const);
  const preprocessing = pick(random, ['none', 'center', 'standardize', 'pca', 'pca-whiten', 'zca-whiten'] as const);
  const common = { pointsPerClass: 50, noise: 0.1, testFraction: 0.2, preprocessing };
  document.dataset = kind === 'blobs' ? { kind, classes: 2, ...common } : { kind, ...common };
  return { name: `random-${seed}`, document };
}

/**
 * Makes `doc` a network PyTorch cannot train the same way: a BatchNorm after dense1, on 80
 * training rows in batches of 79, so the last batch of an epoch is one row.
 */
export function withOneRowBatchNorm(doc: NetDocument): NetDocument {
  doc.dataset = { kind: 'spirals', pointsPerClass: 50, noise: 0.1, testFraction: 0.2 };
  doc.training.batchSize = 79;
  doc.graph.nodes.push({ id: 'bn', kind: 'batchnorm', params: {}, position: { x: 0, y: 0 } });
  const edge = doc.graph.edges.find((candidate) => candidate.source === 'dense1')!;
  doc.graph.edges.push({ id: 'bn-out', source: 'bn', target: edge.target });
  edge.target = 'bn';
  return doc;
}
