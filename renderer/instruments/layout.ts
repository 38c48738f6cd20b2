import type { CompiledPlan, PlanLayer } from '../../engine/document/plan';
import { initializerStd, type InitializerSpec } from '../../engine/init';

/**
 * What the instruments need to know about a plan's nodes: their order in a stat frame (the
 * Input first, then the layers in plan order), and for each Dense layer its depth, fan-in,
 * initializer and the node where its signal is read.
 */

export interface InstrumentedNode {
  nodeId: string;
  kind: 'input' | PlanLayer['kind'];
  /** The activation function of an activation node. */
  fn?: string;
  width: number;
  /** The producers it reads (none for the Input). */
  inputs: string[];
}

export interface DenseLayerInfo {
  nodeId: string;
  /** 1 for the first Dense layer in plan order: the "layer index" of the depth profile. */
  depth: number;
  fanIn: number;
  fanOut: number;
  init: InitializerSpec;
  /** The standard deviation the initializer draws with (engine/init.ts `initializerStd`). */
  initStd: number;
  /** The node whose output this layer multiplies. */
  inputNodeId: string;
  /**
   * Where its signal is read: the activation it feeds (through BatchNorm or Dropout, on a
   * single path), else the layer itself (a linear output layer).
   */
  signalNodeId: string;
}

export interface NetworkLayout {
  nodes: InstrumentedNode[];
  /** Position of a node in `nodes` and in every stat frame. */
  indexOf: ReadonlyMap<string, number>;
  dense: DenseLayerInfo[];
}

export function networkLayout(plan: CompiledPlan): NetworkLayout {
  const nodes: InstrumentedNode[] = [
    { nodeId: plan.inputNodeId, kind: 'input', width: plan.inputWidth, inputs: [] },
    ...plan.layers.map((layer): InstrumentedNode => ({
      nodeId: layer.nodeId,
      kind: layer.kind,
      ...(layer.kind === 'activation' ? { fn: layer.fn } : {}),
      width: layer.outWidth,
      inputs: layer.inputs,
    })),
  ];
  const indexOf = new Map(nodes.map((node, index) => [node.nodeId, index]));
  const consumers = new Map<string, PlanLayer[]>();
  for (const layer of plan.layers) {
    for (const input of new Set(layer.inputs)) consumers.set(input, [...(consumers.get(input) ?? []), layer]);
  }
  const signalOf = (nodeId: string): string => {
    let current = nodeId;
    for (;;) {
      const next = consumers.get(current) ?? [];
      if (next.length !== 1) return nodeId;
      const [consumer] = next;
      if (consumer.kind === 'activation') return consumer.nodeId;
      if (consumer.kind !== 'batchnorm' && consumer.kind !== 'dropout') return nodeId;
      current = consumer.nodeId;
    }
  };
  const dense: DenseLayerInfo[] = [];
  for (const layer of plan.layers) {
    if (layer.kind !== 'dense') continue;
    dense.push({
      nodeId: layer.nodeId,
      depth: dense.length + 1,
      fanIn: layer.inWidth,
      fanOut: layer.units,
      init: layer.init,
      initStd: initializerStd(layer.init, layer.inWidth, layer.units),
      inputNodeId: layer.inputs[0],
      signalNodeId: signalOf(layer.nodeId),
    });
  }
  return { nodes, indexOf, dense };
}
