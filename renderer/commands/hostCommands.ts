import { assertNever } from '../../engine/protocol';
import type { DocumentCommands } from '../document/commands';
import type { HostCommand } from '../host/host';
import type { AppStore } from '../store';

/** Whether the keyboard focus is in a text field, where Undo and Redo belong to the text. */
export function isEditingText(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  if (element.isContentEditable || element instanceof HTMLTextAreaElement) return true;
  return element instanceof HTMLInputElement && !['checkbox', 'radio', 'button', 'submit', 'range', 'color'].includes(element.type);
}

/** Undo and Redo inside a focused text field, which belong to the text (the page's own). */
export interface TextEditing {
  active(): boolean;
  run(command: 'undo' | 'redo'): void;
}

export const pageTextEditing: TextEditing = {
  active: () => isEditingText(document.activeElement),
  run: (command) => document.execCommand(command),
};

/** What the desktop menu (or the host) asks for. */
export function handleHostCommand(command: HostCommand, store: AppStore, documents: DocumentCommands, text: TextEditing = pageTextEditing): void {
  switch (command.type) {
    case 'new':
      documents.newDocument();
      break;
    case 'open':
      void documents.openDocument();
      break;
    case 'save':
      void documents.saveDocument();
      break;
    case 'save-as':
      void documents.saveDocumentAs();
      break;
    case 'undo':
    case 'redo':
      // The menu's Undo in a text field undoes typing, as the user expects there.
      if (text.active()) text.run(command.type);
      else if (command.type === 'undo') store.getState().undo();
      else store.getState().redo();
      break;
    case 'export':
      void documents.exportRunData();
      break;
    case 'export-pytorch':
      void documents.exportToPyTorch();
      break;
    case 'show-shortcuts':
      store.getState().openDialog({ kind: 'shortcuts' });
      break;
    case 'open-file':
      documents.openFile(command.file);
      break;
    default:
      assertNever(command);
  }
}
