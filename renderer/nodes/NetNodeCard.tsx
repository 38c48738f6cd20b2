import { Handle, Position, type NodeProps } from '@xyflow/react';
import { memo } from 'react';
import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import { shapeLabel } from '../document/shapes';
import { kindTitle, useT } from '../i18n';
import { LiveNodeSparkline } from '../instruments/NodeSparkline';
import { useAppStore } from '../services';
import type { NetFlowNode } from './flowTypes';
import { paramSummary } from './summary';

/**
 * The one card for every kind, driven by its definition: no input port on a node that takes no
 * input, a wide port on one that takes many, no output port on a sink. Below the title: the
 * output shape and the trainable parameters; once a run has measured the node, a sparkline of
 * its latest output histogram. Compile errors turn the border red and are listed on the card
 * itself, where the user is looking.
 */
export const NetNodeCard = memo(function NetNodeCard({ id, data, selected }: NodeProps<NetFlowNode>) {
  const { node } = data;
  const t = useT();
  const definition = NODE_DEFINITIONS[node.kind];
  const errors = useAppStore((state) => state.errorsByNode[id]);
  const divergence = useAppStore((state) => (state.divergence?.nodeId === id ? state.divergence : null));
  const facts = useAppStore((state) => state.nodeFacts[id]);
  const batchSize = useAppStore((state) => state.document.training.batchSize);
  const summary = paramSummary(t, node.kind, node.params);
  const shape = shapeLabel(batchSize, facts?.width ?? null);
  const classes = ['net-node', `net-node--${node.kind}`, `net-node--group-${definition.group.toLowerCase()}`];
  if (selected) classes.push('net-node--selected');
  if (errors) classes.push('net-node--error');
  if (divergence) classes.push('net-node--diverged');

  return (
    <div className={classes.join(' ')} data-testid="node-card" data-node-id={id} data-kind={node.kind}>
      {definition.inputs !== 0 && (
        <Handle
          type="target"
          position={Position.Left}
          className={definition.inputs === 'many' ? 'net-handle net-handle--many' : 'net-handle'}
          title={definition.inputs === 'many' ? t.node.inputsPort : t.node.inputPort}
        />
      )}
      <div className="net-node__title">{node.label ?? kindTitle(t, node.kind)}</div>
      {summary && (
        <div className="net-node__summary">
          {/* Read by screen readers and in the card's text, hidden on screen where the line break separates. */}
          <span className="net-node__separator"> · </span>
          {summary}
        </div>
      )}
      <div className="net-node__details">
        <span className="net-node__shape" title={t.node.shapeTitle} data-testid="node-shape">
          {shape ?? '?'}
        </span>
        {facts?.parameterCount ? (
          <span className="net-node__params" title={t.node.parametersTitle} data-testid="node-params" data-value={facts.parameterCount}>
            {t.node.parameters(facts.parameterCount)}
          </span>
        ) : null}
      </div>
      <LiveNodeSparkline nodeId={id} title={t.node.sparklineTitle} />
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
          {t.node.divergence(divergence.pass, divergence.step)}
        </p>
      )}
      {definition.hasOutput && <Handle type="source" position={Position.Right} className="net-handle" title={t.node.outputPort} />}
    </div>
  );
});
