/**
 * Closing a window with unsaved changes asks first: Save, Don't Save or Cancel.
 *
 * - Cancel keeps the window (and cancels a quit in progress: Electron drops the quit when a
 *   window's close is prevented).
 * - Don't Save deletes the autosave, since the user chose to lose that work, then closes.
 * - Save cannot be done here, because only the page holds the document: it sends the page a
 *   `save` command and closes once the page reports it is clean. If that save is cancelled or
 *   fails, the window stays open and nothing closes later by surprise.
 */
import type { MessageBoxOptions } from 'electron';
import type { DesktopCommand } from './ipc-contract';

export type CloseChoice = 'save' | 'discard' | 'cancel';

const BUTTONS: readonly { label: string; choice: CloseChoice }[] = [
  { label: 'Save', choice: 'save' },
  { label: "Don't Save", choice: 'discard' },
  { label: 'Cancel', choice: 'cancel' },
];

export const CLOSE_PROMPT: MessageBoxOptions = {
  type: 'warning',
  title: 'Unsaved changes',
  message: 'Do you want to save the changes to this network?',
  detail: "Your changes will be lost if you don't save them.",
  buttons: BUTTONS.map((button) => button.label),
  defaultId: 0,
  cancelId: BUTTONS.findIndex((button) => button.choice === 'cancel'),
  noLink: true,
};

/** The choice behind the button index `dialog.showMessageBox` resolves with. */
export function closeChoiceOf(response: number): CloseChoice {
  return BUTTONS[response]?.choice ?? 'cancel';
}

export interface CloseGuardDependencies {
  /** Shows CLOSE_PROMPT for the window. */
  ask(): Promise<CloseChoice>;
  sendCommand(command: DesktopCommand): void;
  discardAutosave(): Promise<void>;
  /** Closes the window for good; the guard lets that close through. */
  close(): void;
  /** The close was cancelled: a quit that was under way is off. */
  cancelled(): void;
}

export interface CloseEvent {
  preventDefault(): void;
}

export class CloseGuard {
  private dirty = false;
  private closeAllowed = false;
  private asking = false;
  private closeAfterSave = false;

  constructor(private readonly dependencies: CloseGuardDependencies) {}

  /** The window's `close` listener. */
  onClose(event: CloseEvent): void {
    if (this.closeAllowed || !this.dirty) return;
    event.preventDefault();
    if (this.asking) return;
    this.asking = true;
    void this.dependencies
      .ask()
      // A prompt that could not be shown keeps the window open: that loses nothing.
      .catch((): CloseChoice => 'cancel')
      .then((choice) => {
        this.asking = false;
        return this.act(choice);
      });
  }

  setDirty(dirty: boolean): void {
    this.dirty = dirty;
    if (!dirty && this.closeAfterSave) void this.closeForGood();
  }

  /** Reported by the save handler: a save that did not happen calls off a pending close. */
  saveSettled(saved: boolean): void {
    if (!saved && this.closeAfterSave) {
      this.closeAfterSave = false;
      this.dependencies.cancelled();
    }
  }

  /** One action per choice; the Record type makes a new choice without an action a type error. */
  private act(choice: CloseChoice): Promise<void> {
    const actions: Record<CloseChoice, () => Promise<void>> = {
      cancel: async () => this.dependencies.cancelled(),
      discard: () => this.closeForGood(),
      save: async () => {
        this.closeAfterSave = true;
        this.dependencies.sendCommand({ type: 'save' });
      },
    };
    return actions[choice]();
  }

  private async closeForGood(): Promise<void> {
    this.closeAfterSave = false;
    this.closeAllowed = true;
    // Saved or discarded, the autosave holds nothing left to recover. If it cannot be deleted the
    // window still closes: the worst outcome is recovery being offered once more at the next start.
    await this.dependencies.discardAutosave().catch(() => undefined);
    this.dependencies.close();
  }
}
