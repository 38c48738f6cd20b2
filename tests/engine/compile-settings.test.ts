import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument } from '../../engine/document/defaults';
import type { CompileError, CompileResult, CompiledPlan } from '../../engine/document/plan';
import type { DatasetSpec, GraphNode, NetDocument } from '../../engine/document/types';

function errorsOf(result: CompileResult): CompileError[] {
  if (result.ok) throw new Error('expected the document not to compile');
  return result.errors;
}

function planOf(result: CompileResult): CompiledPlan {
  if (!result.ok) throw new Error(`expected a plan, got ${JSON.stringify(result.errors)}`);
  return result.plan;
}

const node = (id: string, kind: GraphNode['kind'], params: GraphNode['params'] = {}): GraphNode => ({ id, kind, params, position: { x: 0, y: 0 } });
const edge = (source: string, target: string) => ({ id: `${source}->${target}`, source, target });

/** newDocument() on another dataset, its last Dense sized to the classes. */
function on(dataset: DatasetSpec, classes: number): NetDocument {
  const doc = newDocument();
  doc.dataset = dataset;
  doc.graph.nodes.find((n) => n.id === 'logits')!.params.units = classes;
  return doc;
}

const IRIS_LIKE = ['a,b,c,species', '1,2,3,setosa', '1.5,2,3.5,versicolor', '0.5,1,1,setosa', '2,2,2,virginica', '3,1,2,versicolor'].join('\n');

describe('compile: datasets', () => {
  it('sizes the Input and checks the Output by the shape of each kind of dataset', () => {
    const cases: [DatasetSpec, number, number][] = [
      [{ kind: 'moons', pointsPerClass: 50, noise: 0.1, testFraction: 0.2 }, 2, 2],
      [{ kind: 'circles', pointsPerClass: 50, noise: 0.1, testFraction: 0.2 }, 2, 2],
      [{ kind: 'xor', pointsPerClass: 50, noise: 0.1, testFraction: 0.2 }, 2, 2],
      [{ kind: 'blobs', classes: 5, pointsPerClass: 50, noise: 0.1, testFraction: 0.2 }, 2, 5],
      [{ kind: 'mnist', trainSize: 1000, testSize: 100, downsample: false }, 784, 10],
      [{ kind: 'mnist', trainSize: 1000, testSize: 100, downsample: true, preprocessing: 'standardize', preprocessingEpsilon: 0.1 }, 196, 10],
      [{ kind: 'letters', trainSize: 600, testSize: 200 }, 841, 26],
      [{ kind: 'csv', fileName: 'iris.csv', text: IRIS_LIKE, labelColumn: 'species', testFraction: 0.4 }, 3, 3],
      [{ kind: 'csv', fileName: 'iris.csv', text: IRIS_LIKE, labelColumn: 'species', featureColumns: ['c', 'a'], testFraction: 0.4 }, 2, 3],
    ];
    for (const [dataset, width, classes] of cases) {
      const plan = planOf(compile(on(dataset, classes)));
      expect({ kind: dataset.kind, width: plan.inputWidth, classes: plan.classes }).toEqual({ kind: dataset.kind, width, classes });
      expect(plan.dataset).toEqual({ preprocessing: 'none', ...dataset });
    }
  });

  it('names the dataset when the Output does not fit its classes', () => {
    const doc = on({ kind: 'letters', trainSize: 600, testSize: 200 }, 10);
    expect(errorsOf(compile(doc))).toEqual([{ nodeId: 'output', message: "Output expects 26 features (one per class of Letters 29×29) but gets 10: set the units of Dense 'logits' to 26." }]);
  });

  it('checks each kind’s own fields, with the field’s path', () => {
    const cases: [Record<string, unknown>, CompileError[]][] = [
      [{ kind: 'mnist', trainSize: 70_000, testSize: 0, downsample: 'yes' }, [
        { field: 'dataset.trainSize', message: 'Training images must be a whole number from 1 to 60000 (got 70000).' },
        { field: 'dataset.testSize', message: 'Test images must be a whole number from 1 to 10000 (got 0).' },
        { field: 'dataset.downsample', message: "Downsample to 14×14 must be true or false (got 'yes')." },
      ]],
      [{ kind: 'blobs', classes: 1, pointsPerClass: 10, noise: 0.1, testFraction: 0.2 }, [{ field: 'dataset.classes', message: 'Classes must be a whole number from 2 to 64 (got 1).' }]],
      [{ kind: 'letters', trainSize: 10, testSize: 10, preprocessing: 'whiten' }, [{ field: 'dataset.preprocessing', message: expect.stringContaining("Preprocessing must be one of None, Center") }]],
      [{ kind: 'csv', fileName: 'x.csv', text: '', labelColumn: 'y', featureColumns: [], testFraction: 0.2 }, [
        { field: 'dataset.text', message: "The CSV dataset's text must be a non-empty text (got '')." },
        { field: 'dataset.featureColumns', message: "The CSV dataset's featureColumns must be a non-empty list of column names (got a list)." },
      ]],
      [{ kind: 'imagenet' }, [{ field: 'dataset.kind', message: "Unknown dataset 'imagenet': use one of spirals, moons, circles, xor, blobs, mnist, letters, csv." }]],
    ];
    for (const [dataset, errors] of cases) {
      const doc = newDocument();
      doc.dataset = dataset as unknown as DatasetSpec;
      expect(errorsOf(compile(doc)).filter((error) => error.field?.startsWith('dataset'))).toEqual(errors);
    }
  });

  it('reports a CSV that does not parse on its text, naming the file, line and column', () => {
    const doc = on({ kind: 'csv', fileName: 'bad.csv', text: 'a,y\n1,0\nx,1\n', labelColumn: 'y', testFraction: 0.5 }, 2);
    const errors = errorsOf(compile(doc));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ field: 'dataset.text', message: expect.stringMatching(/^bad\.csv: .*line 3/) });
  });
});

describe('compile: training settings', () => {
  it('turns the sampling setting into the plan’s batch order, defaulting from shuffle', () => {
    const doc = newDocument();
    const sampling = (edit: (training: NetDocument['training']) => void) => {
      const copy = structuredClone(doc);
      edit(copy.training);
      return planOf(compile(copy)).training.sampling;
    };
    expect(sampling(() => {})).toEqual({ kind: 'shuffled' });
    expect(sampling((t) => (t.shuffle = false))).toEqual({ kind: 'sequential' });
    expect(sampling((t) => ((t.shuffle = false), (t.sampling = 'class-balanced')))).toEqual({ kind: 'class-balanced' });
    expect(sampling((t) => (t.sampling = 'emphasize-errors'))).toEqual({ kind: 'emphasize-errors', capMultiple: 4 });
    expect(sampling((t) => ((t.sampling = 'emphasize-errors'), (t.emphasisCap = 10)))).toEqual({ kind: 'emphasize-errors', capMultiple: 10 });
    doc.training.emphasisCap = 0.5;
    doc.training.sampling = 'emphasize-errors';
    expect(errorsOf(compile(doc))).toEqual([{ field: 'training.emphasisCap', message: 'Loss cap (multiple of the mean) must be a number of at least 1 (got 0.5).' }]);
  });

  it('checks the instrument settings, with their paths', () => {
    const doc = newDocument();
    doc.instruments = { every: 0, percentiles: [15, 150] };
    expect(errorsOf(compile(doc))).toEqual([
      { field: 'instruments.every', message: 'Measure every (steps) must be a whole number from 1 to 1000000 (got 0).' },
      { field: 'instruments.percentiles[1]', message: 'A percentile rank must be a number from 0 to 100 (got 150).' },
    ]);
    doc.instruments = { every: 25, histogramBins: 20, percentiles: [5, 50, 95], weightHistograms: false };
    expect(compile(doc).ok).toBe(true);
  });
});

describe('compile: edges', () => {
  it('gives every edge the width of the tensor it carries', () => {
    const doc = newDocument();
    doc.graph.nodes.push(node('join', 'concat'));
    doc.graph.edges = [...doc.graph.edges.filter((e) => e.target !== 'logits'), edge('act2', 'join'), edge('input', 'join'), edge('join', 'logits')];
    expect(planOf(compile(doc)).edgeShapes).toEqual({
      'e-input-dense1': { width: 2 },
      'e-dense1-act1': { width: 32 },
      'e-act1-dense2': { width: 32 },
      'e-dense2-act2': { width: 32 },
      'e-logits-output': { width: 2 },
      'act2->join': { width: 32 },
      'input->join': { width: 2 },
      'join->logits': { width: 34 },
    });
  });

  it('refuses edges without an id or with an id used twice, on their target node', () => {
    const doc = newDocument();
    doc.graph.edges.push({ id: 'e-input-dense1', source: 'act2', target: 'logits' }, { id: '', source: 'act1', target: 'logits' });
    expect(errorsOf(compile(doc))).toEqual([
      { nodeId: 'logits', message: "Edge 'e-input-dense1' has the same id as another edge; ids must be unique." },
      { nodeId: 'logits', message: "Edge #8 (from 'act1' to 'logits') has no id." },
    ]);
  });
});
