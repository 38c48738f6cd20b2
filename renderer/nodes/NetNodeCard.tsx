import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import { useAppStore } from '../services';
import type { NetFlowNode } from './flowTypes';
import { paramSummary } from './summary';

/**
 * The one card for every kind, driven by its definition: no target handle on a node that takes
 * no input, no source handle on a sink. Compile errors turn the border red and are listed on
 * the card itself, where the user is looking.
 */
export const NetNodeCard = memo(function NetNodeCard({ id, data, selected }: NodeProps<NetFlowNode>) {
  const { node } = data;
  const definition = NODE_DEFINITIONS[node.kind];
  const errors = useAppStore((state) => state.errorsByNode[id]);
  const divergence = useAppStore((state) => (state.divergence?.nodeId === id ? state.divergence : null));
  const summary = paramSummary(node.kind, node.params);
  const classes = ['net-node', `net-node--${node.kind}`];
  if (selected) classes.push('net-node--selected');
  if (errors) classes.push('net-node--error');
  if (divergence) classes.push('net-node--diverged');

  return (
    <div className={classes.join(' ')} data-testid="node-card" data-node-id={id} data-kind={node.kind}>
      {definition.inputs > 0 && <Handle type="target" position={Position.Left} className="net-handle" />}
      <div className="net-node__header">
        <span className="net-node__title">{node.label ?? definition.title}</span>
        {summary && <span className="net-node__summary"> · {summary}</span>}
      </div>
      {errors && (
        <ul className="net-node__errors">
          {errors.map((message) => (
            <li key={message} data-testid="node-error">
              {message}
            </li>
          ))}
        </ul>
      )}
      {divergence && (
        <p className="net-node__diverged" data-testid="node-divergence">
          NaN/Inf in the {divergence.pass} pass at step {divergence.step}
        </p>
      )}
      {definition.hasOutput && <Handle type="source" position={Position.Right} className="net-handle" />}
    </div>
  );
});
