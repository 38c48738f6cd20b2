import { newDocument } from '../../engine/document/defaults';
import { defaultParams } from '../../engine/document/nodes';
import type { ActivationKind, GraphEdge, GraphNode, NetDocument, NodeKind, ParamValue } from '../../engine/document/types';
import { INITIALIZER_KINDS } from '../../engine/init';
import type { Random } from '../../engine/random';

/**
 * Random valid documents for property tests (the compiler's, the PyTorch export's): graphs of
 * every layer kind, merges included, on the default document's two spirals.
 */

const CLASSES = 2;
const ACTIVATIONS: ActivationKind[] = ['sigmoid', 'tanh', 'relu', 'leaky-relu', 'elu', 'softplus', 'identity'];

export const pick = <T>(random: Random, items: readonly T[]): T => items[random.int(items.length)];

interface Tensor {
  id: string;
  width: number;
}

/**
 * A random DAG from the Input to a Dense with one unit per class and the Output: each new node
 * reads earlier tensors (Add only tensors of one width), and the tensors nothing reads at the
 * end are concatenated before the last Dense, so every node lies on a path to the Output.
 */
export function randomValidDocument(random: Random): NetDocument {
  const doc = newDocument();
  doc.training.batchSize = pick(random, [2, 8, 16, 32]);
  const nodes: GraphNode[] = [{ id: 'in', kind: 'input', params: {}, position: { x: 0, y: 0 } }];
  const edges: GraphEdge[] = [];
  const tensors: Tensor[] = [{ id: 'in', width: 2 }];
  const consumed = new Set<string>();
  const add = (kind: NodeKind, params: Record<string, ParamValue>, inputs: Tensor[], width: number): Tensor => {
    const id = `${kind}${nodes.length}`;
    nodes.push({ id, kind, params: { ...defaultParams(kind), ...params }, position: { x: nodes.length * 10, y: 0 } });
    inputs.forEach((input, index) => edges.push({ id: `e${edges.length}-${index}`, source: input.id, target: id }));
    for (const input of inputs) consumed.add(input.id);
    const tensor = { id, width };
    tensors.push(tensor);
    return tensor;
  };

  const size = 1 + random.int(12);
  for (let i = 0; i < size; i++) {
    const from = pick(random, tensors);
    switch (random.int(6)) {
      case 0:
        add('dense', { units: 1 + random.int(12), bias: random.next() < 0.5, init: pick(random, INITIALIZER_KINDS) }, [from], 0);
        tensors[tensors.length - 1].width = nodes[nodes.length - 1].params.units as number;
        break;
      case 1:
        add('activation', { fn: pick(random, ACTIVATIONS) }, [from], from.width);
        break;
      case 2:
        add('dropout', { rate: Math.floor(random.uniform(0, 0.95) * 100) / 100, mode: pick(random, ['inverted', 'classic']) }, [from], from.width);
        break;
      case 3:
        add('batchnorm', { affine: random.next() < 0.5 }, [from], from.width);
        break;
      case 4: {
        // Add of 2 or 3 tensors of one width; a tensor may be summed with itself.
        const sameWidth = tensors.filter((tensor) => tensor.width === from.width);
        const inputs = Array.from({ length: 2 + random.int(2) }, () => pick(random, sameWidth));
        add('add', {}, inputs, from.width);
        break;
      }
      default: {
        const inputs = Array.from({ length: 2 + random.int(2) }, () => pick(random, tensors));
        add('concat', {}, inputs, inputs.reduce((sum, tensor) => sum + tensor.width, 0));
      }
    }
  }
  const open = tensors.filter((tensor) => !consumed.has(tensor.id));
  const last = open.length === 1 ? open[0] : add('concat', {}, open, open.reduce((sum, tensor) => sum + tensor.width, 0));
  const logits = add('dense', { units: CLASSES }, [last], CLASSES);
  add('output', { loss: pick(random, ['softmax-cross-entropy', 'mse', 'sigmoid-binary-cross-entropy']) }, [logits], 0);
  doc.graph = { nodes, edges };
  return doc;
}
