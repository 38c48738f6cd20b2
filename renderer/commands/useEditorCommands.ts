import { useReactFlow } from '@xyflow/react';
import { useEffect, useMemo } from 'react';
import { DUPLICATE_OFFSET } from '../document/actions';
import { readClipboard, writeClipboard } from '../document/clipboard';
import { fragmentOf, type Fragment, type Position } from '../document/graph';
import { useNodePlacement } from '../canvas/placement';
import { canvasPointer } from '../canvas/pointer';
import { CATALOGS } from '../i18n';
import { useServices } from '../services';
import type { AppStore } from '../store';
import { isEditingText } from './hostCommands';
import { shortcutFor, type CommandId } from './shortcuts';

export type EditorCommands = Record<CommandId, () => void> & {
  /** Adds copied nodes at the pointer (or beside the originals). */
  pasteFragment(fragment: Fragment): void;
};

const FIT_VIEW_OPTIONS = { padding: 0.08, maxZoom: 1, duration: 200 };

function notify(store: AppStore, text: (t: (typeof CATALOGS)['en']) => string) {
  store.getState().showNotice({ tone: 'info', text: text(CATALOGS[store.getState().preferences.locale]) });
}

/** The selected nodes and their inner wires, or null when nothing is selected. */
function copiedFragment(store: AppStore): Fragment | null {
  const { document, selectedNodeIds } = store.getState();
  return selectedNodeIds.length === 0 ? null : fragmentOf(document.graph, selectedNodeIds);
}

/**
 * Every editor command by id: the toolbar's buttons, the key handler and the host's menu all
 * call these, so each does the same thing wherever it is asked for.
 */
export function useEditorCommands(): EditorCommands {
  const { store, commands: documents } = useServices();
  const { fitView } = useReactFlow();
  const { pointerOrCentre, screenToFlowPosition } = useNodePlacement();

  return useMemo(() => {
    const state = () => store.getState();
    const fitSoon = () => requestAnimationFrame(() => void fitView(FIT_VIEW_OPTIONS));
    /** Puts a fragment's top-left corner at the pointer when it is over the canvas, else beside the originals. */
    const pasteFragment = (fragment: Fragment) => {
      const at = canvasPointer.client;
      let offset: Position = DUPLICATE_OFFSET;
      if (at) {
        const target = screenToFlowPosition(at);
        offset = { x: target.x - Math.min(...fragment.nodes.map((node) => node.position.x)), y: target.y - Math.min(...fragment.nodes.map((node) => node.position.y)) };
      }
      if (state().paste(fragment, offset)) notify(store, (t) => t.notice.pasted(fragment.nodes.length));
    };
    return {
      new: documents.newDocument,
      open: () => void documents.openDocument(),
      save: () => void documents.saveDocument(),
      'save-as': () => void documents.saveDocumentAs(),
      undo: () => state().undo(),
      redo: () => state().redo(),
      copy: () => {
        const fragment = copiedFragment(store);
        if (fragment) void navigator.clipboard.writeText(writeClipboard(fragment)).then(() => notify(store, (t) => t.notice.copied(fragment.nodes.length)));
      },
      cut: () => {
        const fragment = copiedFragment(store);
        if (fragment) void navigator.clipboard.writeText(writeClipboard(fragment)).then(() => state().removeSelection());
      },
      paste: () =>
        void navigator.clipboard.readText().then((text) => {
          const fragment = readClipboard(text);
          if (fragment) pasteFragment(fragment);
        }),
      duplicate: () => state().duplicateSelection(),
      delete: () => state().removeSelection(),
      'select-all': () => state().selectAll(),
      'quick-add': () => {
        const at = pointerOrCentre();
        if (at) state().openDialog({ kind: 'quick-add', at });
      },
      repeat: () => state().openDialog({ kind: 'repeat' }),
      'auto-layout': () => {
        state().autoLayout();
        fitSoon();
      },
      'align-left': () => state().alignSelection('left'),
      'align-top': () => state().alignSelection('top'),
      'distribute-horizontally': () => state().alignSelection('distribute-horizontally'),
      'fit-view': () => void fitView(FIT_VIEW_OPTIONS),
      'toggle-theme': () => state().setPreferences({ theme: state().preferences.theme === 'dark' ? 'light' : 'dark' }),
      shortcuts: () => state().openDialog({ kind: 'shortcuts' }),
      escape: () => {
        if (state().dialog) state().closeDialog();
        else state().select([], []);
      },
      pasteFragment,
    };
  }, [store, documents, fitView, pointerOrCentre, screenToFlowPosition]);
}

/**
 * Keys and the clipboard: shortcuts from the table in shortcuts.ts, and copy, cut and paste as
 * the browser's own events, whose text is the system clipboard's (so nodes move between
 * documents and windows). Text fields keep their keys, except the file commands.
 */
export function useEditorKeyboard(commands: EditorCommands): void {
  const { store, host } = useServices();

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.repeat) return;
      const shortcut = shortcutFor(event);
      if (!shortcut || shortcut.via === 'clipboard') return;
      if (shortcut.via === 'menu' && host.kind === 'electron') return;
      if (store.getState().dialog && shortcut.command !== 'escape') return;
      if (isEditingText(document.activeElement) && shortcut.group !== 'file' && shortcut.command !== 'escape') return;
      event.preventDefault();
      commands[shortcut.command]();
    };
    const onCopy = (event: ClipboardEvent) => {
      if (isEditingText(document.activeElement) || store.getState().dialog) return;
      const fragment = copiedFragment(store);
      if (!fragment || !event.clipboardData) return;
      event.clipboardData.setData('text/plain', writeClipboard(fragment));
      event.preventDefault();
      if (event.type === 'cut') store.getState().removeSelection();
      else notify(store, (t) => t.notice.copied(fragment.nodes.length));
    };
    const onPaste = (event: ClipboardEvent) => {
      if (isEditingText(document.activeElement) || store.getState().dialog) return;
      const fragment = readClipboard(event.clipboardData?.getData('text/plain') ?? '');
      if (!fragment) return;
      event.preventDefault();
      commands.pasteFragment(fragment);
    };
    window.addEventListener('keydown', onKeyDown);
    document.addEventListener('copy', onCopy);
    document.addEventListener('cut', onCopy);
    document.addEventListener('paste', onPaste);
    return () => {
      window.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('copy', onCopy);
      document.removeEventListener('cut', onCopy);
      document.removeEventListener('paste', onPaste);
    };
  }, [commands, store, host]);
}
