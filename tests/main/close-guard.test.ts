import { describe, expect, it, vi } from 'vitest';
import { CLOSE_PROMPT, CloseGuard, closeChoiceOf, type CloseChoice } from '../../main/close-guard';

/** A guard whose prompt answers with `choice`, and a close() that re-emits 'close' as Electron does. */
function guardAnswering(choice: CloseChoice) {
  let answer: (choice: CloseChoice) => void = () => undefined;
  const dependencies = {
    ask: vi.fn(() => new Promise<CloseChoice>((resolve) => (answer = resolve))),
    sendCommand: vi.fn(),
    discardAutosave: vi.fn(async () => undefined),
    close: vi.fn(() => guard.onClose(closeEvent())),
    cancelled: vi.fn(),
  };
  const guard = new CloseGuard(dependencies);
  const respond = async () => {
    await vi.waitFor(() => expect(dependencies.ask).toHaveBeenCalled());
    answer(choice);
  };
  return { guard, dependencies, respond };
}

function closeEvent() {
  return { preventDefault: vi.fn() };
}

describe('the close prompt', () => {
  it('offers Save, Don’t Save and Cancel, with Escape meaning Cancel', () => {
    expect(CLOSE_PROMPT.buttons).toEqual(['Save', "Don't Save", 'Cancel']);
    expect(closeChoiceOf(CLOSE_PROMPT.defaultId as number)).toBe('save');
    expect(closeChoiceOf(CLOSE_PROMPT.cancelId as number)).toBe('cancel');
    expect([0, 1, 2].map(closeChoiceOf)).toEqual(['save', 'discard', 'cancel']);
  });

  it('reads an unexpected answer as Cancel, the choice that loses nothing', () => {
    expect(closeChoiceOf(7)).toBe('cancel');
    expect(closeChoiceOf(-1)).toBe('cancel');
  });
});

describe('CloseGuard', () => {
  it('lets a clean window close without asking', () => {
    const { guard, dependencies } = guardAnswering('cancel');
    const event = closeEvent();
    guard.onClose(event);
    expect(event.preventDefault).not.toHaveBeenCalled();
    expect(dependencies.ask).not.toHaveBeenCalled();
  });

  it('keeps a dirty window open and asks', () => {
    const { guard, dependencies } = guardAnswering('cancel');
    guard.setDirty(true);
    const event = closeEvent();
    guard.onClose(event);
    expect(event.preventDefault).toHaveBeenCalledOnce();
    expect(dependencies.ask).toHaveBeenCalledOnce();
  });

  it('asks once however often close is pressed while the prompt is open', () => {
    const { guard, dependencies } = guardAnswering('cancel');
    guard.setDirty(true);
    const second = closeEvent();
    guard.onClose(closeEvent());
    guard.onClose(second);
    expect(second.preventDefault).toHaveBeenCalledOnce();
    expect(dependencies.ask).toHaveBeenCalledOnce();
  });

  it('Cancel keeps the window and calls off a quit', async () => {
    const { guard, dependencies, respond } = guardAnswering('cancel');
    guard.setDirty(true);
    guard.onClose(closeEvent());
    await respond();
    await vi.waitFor(() => expect(dependencies.cancelled).toHaveBeenCalledOnce());
    expect(dependencies.close).not.toHaveBeenCalled();
    expect(dependencies.discardAutosave).not.toHaveBeenCalled();
  });

  it("Don't Save deletes the autosave, then closes for good", async () => {
    const { guard, dependencies, respond } = guardAnswering('discard');
    guard.setDirty(true);
    guard.onClose(closeEvent());
    await respond();
    await vi.waitFor(() => expect(dependencies.close).toHaveBeenCalledOnce());
    expect(dependencies.discardAutosave).toHaveBeenCalledOnce();
    expect(dependencies.discardAutosave.mock.invocationCallOrder[0]).toBeLessThan(dependencies.close.mock.invocationCallOrder[0]);
    // The close() re-emitted 'close', which the guard let through without asking again.
    expect(dependencies.ask).toHaveBeenCalledOnce();
  });

  it('keeps the window when the prompt cannot be shown', async () => {
    const { guard, dependencies } = guardAnswering('discard');
    dependencies.ask.mockRejectedValueOnce(new Error('no display'));
    guard.setDirty(true);
    guard.onClose(closeEvent());
    await vi.waitFor(() => expect(dependencies.cancelled).toHaveBeenCalledOnce());
    expect(dependencies.close).not.toHaveBeenCalled();
  });

  it('closes even when the autosave cannot be deleted', async () => {
    const { guard, dependencies, respond } = guardAnswering('discard');
    dependencies.discardAutosave.mockRejectedValueOnce(new Error('EACCES'));
    guard.setDirty(true);
    guard.onClose(closeEvent());
    await respond();
    await vi.waitFor(() => expect(dependencies.close).toHaveBeenCalledOnce());
  });

  it('Save asks the page to save and closes once it reports clean', async () => {
    const { guard, dependencies, respond } = guardAnswering('save');
    guard.setDirty(true);
    guard.onClose(closeEvent());
    await respond();
    await vi.waitFor(() => expect(dependencies.sendCommand).toHaveBeenCalledExactlyOnceWith({ type: 'save' }));
    expect(dependencies.close).not.toHaveBeenCalled();
    guard.saveSettled(true);
    guard.setDirty(false);
    await vi.waitFor(() => expect(dependencies.close).toHaveBeenCalledOnce());
    expect(dependencies.discardAutosave).toHaveBeenCalledOnce();
  });

  it('Save followed by a cancelled Save dialog keeps the window, and a later save does not close it', async () => {
    const { guard, dependencies, respond } = guardAnswering('save');
    guard.setDirty(true);
    guard.onClose(closeEvent());
    await respond();
    await vi.waitFor(() => expect(dependencies.sendCommand).toHaveBeenCalled());
    guard.saveSettled(false);
    expect(dependencies.cancelled).toHaveBeenCalledOnce();
    guard.saveSettled(true);
    guard.setDirty(false);
    expect(dependencies.close).not.toHaveBeenCalled();
  });

  it('asks again on the next close after a cancelled save', async () => {
    const { guard, dependencies, respond } = guardAnswering('save');
    guard.setDirty(true);
    guard.onClose(closeEvent());
    await respond();
    await vi.waitFor(() => expect(dependencies.sendCommand).toHaveBeenCalled());
    guard.saveSettled(false);
    guard.onClose(closeEvent());
    await vi.waitFor(() => expect(dependencies.ask).toHaveBeenCalledTimes(2));
  });
});
