import { NODE_DEFINITIONS } from '../../engine/document/nodes';
import type { DatasetSpec, GraphNode } from '../../engine/document/types';
import { assertNever } from '../../engine/protocol';
import { TRAINING_FIELDS } from '../document/fields';
import { paramFields } from '../nodes/summary';
import { useAppStore, useServices } from '../services';
import { ChoiceField, NumberField } from './fields';

function describeDataset(dataset: DatasetSpec): string {
  switch (dataset.kind) {
    case 'spirals':
      return `Two spirals, ${dataset.pointsPerClass} points per class, noise ${dataset.noise}, ${Math.round(dataset.testFraction * 100)}% held out.`;
    default:
      return assertNever(dataset.kind);
  }
}

function NodeInspector({ node }: { node: GraphNode }) {
  const { store } = useServices();
  const errors = useAppStore((state) => state.errorsByNode[node.id]);
  const definition = NODE_DEFINITIONS[node.kind];
  const update = (name: string, value: number | string) => store.getState().updateParams(node.id, { [name]: value });
  const fields = paramFields(node.kind);

  return (
    <>
      <h2 className="panel-title" data-testid="inspector-title">
        {definition.title} <span className="inspector__id">{node.id}</span>
      </h2>
      <p className="inspector__description">{definition.description}</p>
      {fields.length === 0 && <p className="inspector__empty">This layer has no parameters.</p>}
      {fields.map((field) => {
        switch (field.type) {
          case 'integer':
          case 'number':
            return (
              <NumberField
                key={`${node.id}:${field.name}`}
                name={field.name}
                label={field.label}
                value={Number(node.params[field.name])}
                rule={field}
                onCommit={(value) => update(field.name, value)}
              />
            );
          case 'choice':
            return (
              <ChoiceField
                key={`${node.id}:${field.name}`}
                name={field.name}
                label={field.label}
                value={String(node.params[field.name])}
                options={field.options}
                onCommit={(value) => update(field.name, value)}
              />
            );
          default:
            return assertNever(field);
        }
      })}
      {errors && (
        <ul className="inspector__errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <button type="button" className="button button--quiet" onClick={() => store.getState().removeElements({ nodeIds: [node.id] })}>
        Delete node
      </button>
    </>
  );
}

function DocumentInspector() {
  const { store } = useServices();
  const training = useAppStore((state) => state.document.training);
  const dataset = useAppStore((state) => state.document.dataset);
  const revision = useAppStore((state) => state.documentRevision);

  return (
    <>
      <h2 className="panel-title">Training</h2>
      <p className="inspector__description">
        Dataset: {describeDataset(dataset)} Optimizer: {training.optimizer.toUpperCase()}.
      </p>
      {TRAINING_FIELDS.map((field) => (
        <NumberField
          key={`${revision}:${field.name}`}
          name={field.name}
          label={field.label}
          value={training[field.name]}
          rule={field}
          onCommit={(value) => store.getState().updateTraining({ [field.name]: value })}
        />
      ))}
      <p className="inspector__hint">Select a node to edit its parameters.</p>
    </>
  );
}

/** The selected node's parameters, or the document's training settings when no single node is selected. */
export function Inspector() {
  const selected = useAppStore((state) =>
    state.selectedNodeIds.length === 1 ? state.document.graph.nodes.find((node) => node.id === state.selectedNodeIds[0]) : undefined,
  );
  return (
    <aside className="inspector" aria-label="Inspector" data-testid="inspector">
      {selected ? <NodeInspector node={selected} /> : <DocumentInspector />}
    </aside>
  );
}
