import { useState, type DragEvent, type KeyboardEvent } from 'react';
import { NODE_DEFINITIONS, NODE_KINDS, type PaletteGroup } from '../../engine/document/nodes';
import type { NodeKind } from '../../engine/document/types';
import { PALETTE_MIME, useNodePlacement } from '../canvas/placement';
import { groupTitle, kindDescription, kindTitle, useT, type Messages } from '../i18n';

/** Palette sections in the order their first kind appears in the registry. */
const GROUPS: { group: PaletteGroup; kinds: NodeKind[] }[] = [];
for (const kind of NODE_KINDS) {
  const group = NODE_DEFINITIONS[kind].group;
  const section = GROUPS.find((entry) => entry.group === group);
  if (section) section.kinds.push(kind);
  else GROUPS.push({ group, kinds: [kind] });
}

/** Kinds whose name, description or group (in the chosen language or the registry's English) contain every word typed. */
export function matchingKinds(t: Messages, query: string): NodeKind[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return NODE_KINDS.filter((kind) => {
    const definition = NODE_DEFINITIONS[kind];
    const haystack = [kind, definition.title, definition.description, definition.group, kindTitle(t, kind), kindDescription(t, kind), groupTitle(t, definition.group)].join(' ').toLowerCase();
    return words.every((word) => haystack.includes(word));
  });
}

function startDrag(event: DragEvent, kind: NodeKind) {
  event.dataTransfer.setData(PALETTE_MIME, kind);
  event.dataTransfer.effectAllowed = 'copy';
}

/** Drag a kind onto the canvas, or double-click it / press Enter to add it at the centre of the view. */
export function Palette() {
  const t = useT();
  const { addAtViewportCentre } = useNodePlacement();
  const [query, setQuery] = useState('');
  const shown = new Set(matchingKinds(t, query));
  const onKeyDown = (event: KeyboardEvent, kind: NodeKind) => {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    addAtViewportCentre(kind);
  };
  const onSearchKeyDown = (event: KeyboardEvent) => {
    const first = NODE_KINDS.find((kind) => shown.has(kind));
    if (event.key === 'Enter' && first) {
      event.preventDefault();
      addAtViewportCentre(first);
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };

  return (
    <aside className="palette" aria-label={t.palette.title} data-testid="palette">
      <h2 className="panel-title">{t.palette.title}</h2>
      <input
        className="palette__search field__input"
        type="search"
        placeholder={t.palette.search}
        aria-label={t.palette.search}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
        onKeyDown={onSearchKeyDown}
        data-testid="palette-search"
      />
      {shown.size === 0 && <p className="palette__hint">{t.palette.noMatch}</p>}
      {GROUPS.filter(({ kinds }) => kinds.some((kind) => shown.has(kind))).map(({ group, kinds }) => (
        <section key={group} className="palette__group">
          <h3 className="palette__group-title">{groupTitle(t, group)}</h3>
          {kinds
            .filter((kind) => shown.has(kind))
            .map((kind) => (
              <button
                key={kind}
                type="button"
                className={`palette__item palette__item--group-${group.toLowerCase()}`}
                draggable
                onDragStart={(event) => startDrag(event, kind)}
                onDoubleClick={() => addAtViewportCentre(kind)}
                onKeyDown={(event) => onKeyDown(event, kind)}
                title={t.palette.itemTitle(kindDescription(t, kind))}
                data-testid={`palette-${kind}`}
              >
                <span className="palette__item-title">{kindTitle(t, kind)}</span>
                <span className="palette__item-description">{kindDescription(t, kind)}</span>
              </button>
            ))}
        </section>
      ))}
      <p className="palette__hint">{t.palette.hint}</p>
    </aside>
  );
}
