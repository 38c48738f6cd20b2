import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react';
import { assertNever } from '../../engine/protocol';
import type { RecentDocument } from '../host/host';
import { chainOrder, MAX_REPEATS } from '../document/repeat';
import { SHORTCUTS, displayKey, type ShortcutGroup } from '../commands/shortcuts';
import { useNodePlacement } from '../canvas/placement';
import { kindDescription, kindTitle, useLocale, useT } from '../i18n';
import { useAppStore, useServices } from '../services';
import { BUILT_IN_PRESET_ID, PRESETS } from '../start/presets';
import type { Dialog } from '../store';
import { matchingKinds } from './Palette';

function Modal({ title, testId, wide, children }: { title: string; testId: string; wide?: boolean; children: ReactNode }) {
  const { store } = useServices();
  const titleId = useId();
  return (
    <div className="modal-backdrop" onMouseDown={(event) => event.target === event.currentTarget && store.getState().closeDialog()}>
      <div className={wide ? 'modal modal--wide' : 'modal'} role="dialog" aria-modal="true" aria-labelledby={titleId} data-testid={testId}>
        <h2 id={titleId} className="modal__title">
          {title}
        </h2>
        {children}
      </div>
    </div>
  );
}

function StartScreen() {
  const { store, host, commands } = useServices();
  const t = useT();
  const locale = useLocale();
  const name = useAppStore((state) => state.document.name);
  const recovery = useAppStore((state) => state.recovery);
  const [recent, setRecent] = useState<RecentDocument[]>([]);
  useEffect(() => {
    let live = true;
    host.recentDocuments().then(
      (documents) => live && setRecent(documents),
      () => live && setRecent([]),
    );
    return () => {
      live = false;
    };
  }, [host]);
  const time = (at: number) => new Date(at).toLocaleString(locale, { dateStyle: 'short', timeStyle: 'short' });

  return (
    <Modal title={t.start.title} testId="start-screen" wide>
      <p className="modal__lead">{t.start.subtitle}</p>
      {recovery && (
        <div className="start__recovery" role="alert" data-testid="start-recovery">
          <div>
            <strong>{t.start.recoverTitle}</strong>
            <p>{t.start.recoverBody(recovery.document.name, time(recovery.savedAt))}</p>
          </div>
          <button type="button" className="button button--primary" onClick={commands.recover} data-testid="start-recover">
            {t.start.recover}
          </button>
          <button type="button" className="button" onClick={() => void commands.discardRecovery()} data-testid="start-discard">
            {t.start.discard}
          </button>
        </div>
      )}
      <div className="start__columns">
        <section className="start__column">
          <button type="button" className="start__action" onClick={commands.newDocument} data-testid="start-new">
            <strong>{t.start.new}</strong>
            <span>{t.start.newHint}</span>
          </button>
          <button type="button" className="start__action" onClick={() => void commands.openDocument()} data-testid="start-open">
            <strong>{t.start.open}</strong>
            <span>{t.start.openHint}</span>
          </button>
          <h3 className="start__heading">{t.start.recent}</h3>
          {recent.length === 0 && <p className="start__empty">{t.start.noRecent}</p>}
          <ul className="start__list" data-testid="start-recent">
            {recent.map((entry) => (
              <li key={`${entry.path ?? entry.name}:${entry.openedAt}`}>
                <button
                  type="button"
                  className="start__item"
                  disabled={!entry.path}
                  title={entry.path ?? t.start.recentUnavailable}
                  onClick={() => void commands.openRecent(entry)}
                >
                  <strong>{entry.name}</strong>
                  <span>{time(entry.openedAt)}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
        <section className="start__column">
          <h3 className="start__heading">{t.start.presets}</h3>
          {PRESETS.length === 0 && <p className="start__empty">{t.start.noPresets}</p>}
          <ul className="start__list" data-testid="start-presets">
            {PRESETS.map((preset) => (
              <li key={preset.id}>
                <button type="button" className="start__item" onClick={() => commands.openPreset(preset.document)} data-testid={`preset-${preset.id}`}>
                  <strong>{preset.document.name}</strong>
                  <span>{preset.id === BUILT_IN_PRESET_ID ? t.start.builtInDescription : preset.description}</span>
                </button>
              </li>
            ))}
          </ul>
        </section>
      </div>
      <div className="modal__actions">
        <button type="button" className="button" onClick={() => store.getState().closeDialog()} data-testid="start-close" autoFocus>
          {t.start.continueWith(name)}
        </button>
      </div>
    </Modal>
  );
}

const SHORTCUT_GROUPS: ShortcutGroup[] = ['file', 'edit', 'canvas', 'view'];

function ShortcutsOverlay() {
  const { store } = useServices();
  const t = useT();
  return (
    <Modal title={t.shortcuts.title} testId="shortcuts" wide>
      <div className="shortcuts__columns">
        {SHORTCUT_GROUPS.map((group) => (
          <section key={group}>
            <h3 className="start__heading">{t.shortcuts.groups[group]}</h3>
            <dl className="shortcuts__list">
              {SHORTCUTS.filter((shortcut) => shortcut.group === group).map((shortcut) => (
                <div key={shortcut.command} className="shortcuts__row">
                  <dt>
                    {shortcut.keys.map((key) => (
                      <kbd key={key}>{displayKey(key)}</kbd>
                    ))}
                  </dt>
                  <dd>{t.shortcuts.commands[shortcut.command]}</dd>
                </div>
              ))}
              {group === 'canvas' &&
                t.shortcuts.mouse.map(([gesture, effect]) => (
                  <div key={gesture} className="shortcuts__row">
                    <dt>
                      <kbd>{gesture}</kbd>
                    </dt>
                    <dd>{effect}</dd>
                  </div>
                ))}
            </dl>
          </section>
        ))}
      </div>
      <div className="modal__actions">
        <button type="button" className="button" onClick={() => store.getState().closeDialog()} autoFocus data-testid="shortcuts-close">
          {t.shortcuts.close}
        </button>
      </div>
    </Modal>
  );
}

function RepeatDialog() {
  const { store } = useServices();
  const t = useT();
  const [count, setCount] = useState('3');
  const graph = useAppStore((state) => state.document.graph);
  const selectedNodeIds = useAppStore((state) => state.selectedNodeIds);
  const chain = chainOrder(graph, selectedNodeIds);
  const copies = Number(count);
  const countValid = Number.isInteger(copies) && copies >= 1 && copies <= MAX_REPEATS;
  const block =
    'order' in chain
      ? chain.order.map((id) => {
          const node = graph.nodes.find((candidate) => candidate.id === id)!;
          return node.label ?? kindTitle(t, node.kind);
        })
      : [];
  const apply = () => {
    if (!countValid || !('order' in chain)) return;
    store.getState().repeatSelection(copies);
    store.getState().closeDialog();
  };

  return (
    <Modal title={t.repeat.title} testId="repeat-dialog">
      {'problem' in chain ? (
        <p className="modal__problem" role="alert" data-testid="repeat-problem">
          {t.repeat.problem(chain.problem)}
        </p>
      ) : (
        <>
          <p className="modal__lead">{t.repeat.body(block.join(' → '))}</p>
          <div className="field">
            <label htmlFor="repeat-count">{t.repeat.count}</label>
            <span className="field__hint">[1, {MAX_REPEATS}]</span>
            <input
              id="repeat-count"
              className={countValid ? 'field__input' : 'field__input field__input--invalid'}
              inputMode="numeric"
              value={count}
              autoFocus
              onChange={(event) => setCount(event.target.value)}
              onKeyDown={(event) => event.key === 'Enter' && apply()}
              data-testid="repeat-count"
            />
          </div>
        </>
      )}
      <div className="modal__actions">
        <button type="button" className="button" onClick={() => store.getState().closeDialog()}>
          {t.repeat.cancel}
        </button>
        <button type="button" className="button button--primary" disabled={!countValid || 'problem' in chain} onClick={apply} data-testid="repeat-apply">
          {t.repeat.apply}
        </button>
      </div>
    </Modal>
  );
}

function ConfirmDiscard({ proceed }: { proceed: () => void }) {
  const { store } = useServices();
  const t = useT();
  const name = useAppStore((state) => state.document.name);
  return (
    <Modal title={t.confirm.title} testId="confirm-discard">
      <p className="modal__lead">{t.confirm.body(name)}</p>
      <div className="modal__actions">
        <button type="button" className="button" onClick={() => store.getState().closeDialog()} autoFocus data-testid="confirm-cancel">
          {t.confirm.cancel}
        </button>
        <button
          type="button"
          className="button button--danger"
          onClick={() => {
            store.getState().closeDialog();
            proceed();
          }}
          data-testid="confirm-discard-changes"
        >
          {t.confirm.discard}
        </button>
      </div>
    </Modal>
  );
}

/** The add-a-node search at the pointer: type, then Enter (or click) puts the first match there. */
function QuickAdd({ at }: { at: { x: number; y: number } }) {
  const { store } = useServices();
  const t = useT();
  const { addAtScreenPoint } = useNodePlacement();
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const kinds = matchingKinds(t, query);
  const add = (index: number) => {
    const kind = kinds[index];
    if (!kind) return;
    store.getState().closeDialog();
    addAtScreenPoint(kind, at);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(0, Math.min(kinds.length - 1, index + (event.key === 'ArrowDown' ? 1 : -1))));
    } else if (event.key === 'Enter') {
      event.preventDefault();
      add(active);
    }
  };
  return (
    <div className="modal-backdrop modal-backdrop--clear" onMouseDown={(event) => event.target === event.currentTarget && store.getState().closeDialog()}>
      <div className="quick-add" role="dialog" aria-label={t.quickAdd.title} style={{ left: at.x, top: at.y }} data-testid="quick-add">
        <input
          className="field__input"
          autoFocus
          placeholder={t.quickAdd.placeholder}
          value={query}
          onChange={(event) => {
            setQuery(event.target.value);
            setActive(0);
          }}
          onKeyDown={onKeyDown}
          data-testid="quick-add-search"
        />
        <ul className="quick-add__list" role="listbox">
          {kinds.map((kind, index) => (
            <li key={kind} role="option" aria-selected={index === active}>
              <button type="button" className={index === active ? 'quick-add__item quick-add__item--active' : 'quick-add__item'} onClick={() => add(index)} data-testid={`quick-add-${kind}`}>
                <strong>{kindTitle(t, kind)}</strong> <span>{kindDescription(t, kind)}</span>
              </button>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function DialogView({ dialog }: { dialog: Dialog }) {
  switch (dialog.kind) {
    case 'start':
      return <StartScreen />;
    case 'shortcuts':
      return <ShortcutsOverlay />;
    case 'repeat':
      return <RepeatDialog />;
    case 'quick-add':
      return <QuickAdd at={dialog.at} />;
    case 'confirm-discard':
      return <ConfirmDiscard proceed={dialog.proceed} />;
    default:
      return assertNever(dialog);
  }
}

export function Dialogs() {
  const dialog = useAppStore((state) => state.dialog);
  return dialog ? <DialogView dialog={dialog} /> : null;
}
