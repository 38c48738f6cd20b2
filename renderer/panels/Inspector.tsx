import { useId } from 'react';
import { NODE_DEFINITIONS, relevantFields } from '../../engine/document/nodes';
import type { GraphNode } from '../../engine/document/types';
import { shapeLabel } from '../document/shapes';
import { formatNumber, kindDescription, kindTitle, useLocale, useT } from '../i18n';
import { useAppStore, useServices } from '../services';
import { DocumentSettings } from './DocumentSettings';
import { RegistryField } from './fields';

/** The field whose note tells what the chosen initializer gives this layer. */
const INITIALIZER_FIELD = 'init';

function NodeInspector({ node }: { node: GraphNode }) {
  const { store } = useServices();
  const t = useT();
  const locale = useLocale();
  const labelId = useId();
  const errors = useAppStore((state) => state.errorsByNode[node.id]);
  const facts = useAppStore((state) => state.nodeFacts[node.id]);
  const batchSize = useAppStore((state) => state.document.training.batchSize);
  const definition = NODE_DEFINITIONS[node.kind];
  const fields = relevantFields(definition.params, node.params);
  const shape = shapeLabel(batchSize, facts?.width ?? null);
  const endGesture = () => store.getState().endGesture();

  return (
    <>
      <h2 className="panel-title" data-testid="inspector-title">
        {kindTitle(t, node.kind)} <span className="inspector__id">{node.id}</span>
      </h2>
      <p className="inspector__description">{kindDescription(t, node.kind)}</p>
      <div className="field">
        <label htmlFor={labelId}>{t.inspector.name}</label>
        <input
          id={labelId}
          className="field__input"
          value={node.label ?? ''}
          placeholder={kindTitle(t, node.kind)}
          data-testid="node-label"
          onChange={(event) => store.getState().renameNode(node.id, event.target.value)}
          onBlur={endGesture}
        />
      </div>
      <dl className="inspector__facts">
        <dt>{t.inspector.shape}</dt>
        <dd data-testid="inspector-shape">{shape ?? '—'}</dd>
        <dt>{t.inspector.parameters}</dt>
        <dd data-testid="inspector-parameters">{facts?.parameterCount == null ? '—' : formatNumber(locale, facts.parameterCount)}</dd>
      </dl>
      {fields.length === 0 && <p className="inspector__empty">{t.inspector.noParams}</p>}
      {fields.map((field) => (
        <RegistryField
          key={`${node.id}:${field.name}`}
          scope={node.kind}
          field={field}
          value={node.params[field.name]}
          onCommit={(value) => store.getState().updateParams(node.id, { [field.name]: value })}
          onDone={endGesture}
          note={field.name === INITIALIZER_FIELD ? facts?.initDescription : null}
        />
      ))}
      {errors && (
        <ul className="inspector__errors">
          {errors.map((message) => (
            <li key={message}>{message}</li>
          ))}
        </ul>
      )}
      <button type="button" className="button button--danger" onClick={() => store.getState().removeElements({ nodeIds: [node.id] })} data-testid="delete-node">
        {t.inspector.delete}
      </button>
    </>
  );
}

function SelectionSummary({ count }: { count: number }) {
  const t = useT();
  return (
    <>
      <h2 className="panel-title" data-testid="inspector-title">
        {t.inspector.selected(count)}
      </h2>
      <p className="inspector__hint">{t.inspector.selectedHint}</p>
    </>
  );
}

/** The selected node's parameters; with several selected, what can be done with them; with none, the document's settings. */
export function Inspector() {
  const t = useT();
  const selectedCount = useAppStore((state) => state.selectedNodeIds.length);
  const selected = useAppStore((state) =>
    state.selectedNodeIds.length === 1 ? state.document.graph.nodes.find((node) => node.id === state.selectedNodeIds[0]) : undefined,
  );
  return (
    <aside className="inspector" aria-label={t.inspector.label} data-testid="inspector">
      {selected ? <NodeInspector node={selected} /> : selectedCount > 1 ? <SelectionSummary count={selectedCount} /> : <DocumentSettings />}
    </aside>
  );
}
