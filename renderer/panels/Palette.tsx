import { NODE_DEFINITIONS, NODE_KINDS, type PaletteGroup } from '../../engine/document/nodes';
import type { NodeKind } from '../../engine/document/types';
import { PALETTE_MIME, useNodePlacement } from '../canvas/placement';
import type { DragEvent, KeyboardEvent } from 'react';

/** Palette sections in the order their first kind appears in the registry. */
const GROUPS: { group: PaletteGroup; kinds: NodeKind[] }[] = [];
for (const kind of NODE_KINDS) {
  const group = NODE_DEFINITIONS[kind].group;
  const section = GROUPS.find((entry) => entry.group === group);
  if (section) section.kinds.push(kind);
  else GROUPS.push({ group, kinds: [kind] });
}

function startDrag(event: DragEvent, kind: NodeKind) {
  event.dataTransfer.setData(PALETTE_MIME, kind);
  event.dataTransfer.effectAllowed = 'copy';
}

/** Drag a kind onto the canvas, or double-click it / press Enter to add it at the centre of the view. */
export function Palette() {
  const { addAtViewportCentre } = useNodePlacement();
  const onKeyDown = (event: KeyboardEvent, kind: NodeKind) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    addAtViewportCentre(kind);
  };

  return (
    <aside className="palette" aria-label="Layers" data-testid="palette">
      <h2 className="panel-title">Layers</h2>
      {GROUPS.map(({ group, kinds }) => (
        <section key={group} className="palette__group">
          <h3 className="palette__group-title">{group}</h3>
          {kinds.map((kind) => (
            <button
              key={kind}
              type="button"
              className={`palette__item palette__item--${kind}`}
              draggable
              onDragStart={(event) => startDrag(event, kind)}
              onDoubleClick={() => addAtViewportCentre(kind)}
              onKeyDown={(event) => onKeyDown(event, kind)}
              title={`${NODE_DEFINITIONS[kind].description} Drag onto the canvas, or double-click / press Enter to add.`}
              data-testid={`palette-${kind}`}
            >
              <span className="palette__item-title">{NODE_DEFINITIONS[kind].title}</span>
              <span className="palette__item-description">{NODE_DEFINITIONS[kind].description}</span>
            </button>
          ))}
        </section>
      ))}
      <p className="palette__hint">Drag a layer onto the canvas, then wire an output handle (right) to an input handle (left).</p>
    </aside>
  );
}
