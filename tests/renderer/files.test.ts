import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { compile } from '../../engine/document/compile';
import { newDocument as presetDocument } from '../../engine/document/defaults';
import { handleHostCommand, type TextEditing } from '../../renderer/commands/hostCommands';
import { SHORTCUTS, shortcutFor } from '../../renderer/commands/shortcuts';
import { AUTOSAVE_DELAY_MS, readAutosave, startAutosave, writeAutosave } from '../../renderer/document/autosave';
import { createDocumentCommands, runCsv } from '../../renderer/document/commands';
import { writeDocument } from '../../renderer/document/file';
import { CATALOGS } from '../../renderer/i18n';
import { createRunClient } from '../../renderer/run/runClient';
import { createAppStore, isDirty, type AppStore } from '../../renderer/store';
import { PRESETS } from '../../renderer/start/presets';
import { fakeHost, frame } from './helpers';

let store: AppStore;
let fake: ReturnType<typeof fakeHost>;
const state = () => store.getState();

function commandsWith(options: Parameters<typeof fakeHost>[0] = {}) {
  store = createAppStore();
  fake = fakeHost(options);
  const runClient = createRunClient(store, {
    compile,
    startWorker: () => {
      throw new Error('no run in these tests');
    },
  });
  return createDocumentCommands(store, fake.host, runClient.check);
}

const opened = (name: string) => ({ name: `${name}.netoscope`, text: writeDocument({ ...presetDocument(), name }), path: `/docs/${name}.netoscope` });

describe('files', () => {
  it('Save As always asks for a place; Save then writes there; both remember the document as recent', async () => {
    const commands = commandsWith();
    state().markSaved(state().document, '/docs/old.netoscope');
    state().renameDocument('Changed');
    expect(await commands.saveDocumentAs()).toBe(true);
    expect(fake.saves[0].path).toBeUndefined();
    expect(state().documentPath).toBe('/docs/saved.netoscope');
    expect(isDirty(state())).toBe(false);
    await commands.saveDocument();
    expect(fake.saves[1].path).toBe('/docs/saved.netoscope');
    expect(fake.noted).toEqual([
      { name: 'saved.netoscope', path: '/docs/saved.netoscope' },
      { name: 'saved.netoscope', path: '/docs/saved.netoscope' },
    ]);
  });

  it('what was written is the saved state, even when the user edited during the save', async () => {
    const commands = commandsWith();
    state().renameDocument('Before');
    const saving = commands.saveDocument();
    state().renameDocument('After');
    await saving;
    expect(state().savedDocument?.name).toBe('Before');
    expect(isDirty(state())).toBe(true);
  });

  it('New and Open ask before they replace unsaved changes', async () => {
    const commands = commandsWith({ opened: opened('Other') });
    state().renameDocument('Mine');
    commands.newDocument();
    expect(state().dialog?.kind).toBe('confirm-discard');
    expect(state().document.name).toBe('Mine');
    state().closeDialog();

    await commands.openDocument();
    const dialog = state().dialog;
    expect(dialog?.kind).toBe('confirm-discard');
    if (dialog?.kind === 'confirm-discard') dialog.proceed();
    expect(state().document.name).toBe('Other');
    expect(state().documentPath).toBe('/docs/Other.netoscope');
    expect(fake.noted).toEqual([{ name: 'Other.netoscope', path: '/docs/Other.netoscope' }]);
  });

  it('reopens a recent document, and says so when it is gone', async () => {
    const commands = commandsWith({ recent: { '/docs/Kept.netoscope': opened('Kept') } });
    await commands.openRecent({ name: 'Kept.netoscope', path: '/docs/Kept.netoscope', openedAt: 1 });
    expect(state().document.name).toBe('Kept');
    await commands.openRecent({ name: 'Gone.netoscope', path: '/docs/Gone.netoscope', openedAt: 2 });
    expect(state().notice).toEqual({ tone: 'error', text: 'Gone.netoscope could not be opened: it was moved, renamed or deleted.' });
    expect(state().document.name).toBe('Kept');
  });

  it('a preset opens as a new, unsaved-to-disk document', () => {
    const commands = commandsWith();
    state().newDocument();
    commands.openPreset(PRESETS[0].document);
    expect(state().document).toEqual(presetDocument());
    expect(state().document).not.toBe(PRESETS[0].document);
    expect(state().documentPath).toBeNull();
  });

  it('exports the run as CSV, or says there is nothing yet', async () => {
    const commands = commandsWith();
    await commands.exportRunData();
    expect(state().notice?.text).toBe(CATALOGS.en.notice.nothingToExport);
    state().beginRun('run-1', 100);
    state().appendFrame(frame('run-1', [10, 20], [0.5, 0.25], 0.75));
    await commands.exportRunData();
    expect(fake.exports[0]).toMatchObject({ suggestedName: 'Two spirals run.csv', mimeType: 'text/csv' });
    expect(fake.exports[0].data).toBe(runCsv(state().trainSeries, state().testSeries));
    expect(String(fake.exports[0].data).split('\n')).toEqual(['step,loss,train_accuracy,test_accuracy', '10,0.5,0.75,', '20,0.25,0.875,0.75', '']);
  });
});

describe('autosave and recovery', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('keeps unsaved work after a pause in editing, and forgets it once saved', async () => {
    const commands = commandsWith();
    const stop = startAutosave(store, fake.host, () => 1234);
    state().renameDocument('Draft');
    state().renameDocument('Draft 2');
    await vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
    expect(fake.autosave.writes).toBe(1);
    expect(fake.dirtyCalls).toEqual([false, true]);
    expect(state().autosavedAt).toBe(1234);
    expect(readAutosave(fake.autosave.text)).toEqual({ document: state().document, path: null, savedAt: 1234 });

    await commands.saveDocument();
    await vi.advanceTimersByTimeAsync(0);
    expect(fake.autosave.text).toBeNull();
    expect(fake.dirtyCalls).toEqual([false, true, false]);
    expect(state().autosavedAt).toBeNull();
    stop();
  });

  it('recovers the work still unsaved, or discards it', async () => {
    const commands = commandsWith();
    const work = { ...presetDocument(), name: 'Lost' };
    state().setRecovery(readAutosave(writeAutosave(work, '/docs/lost.netoscope', 5)));
    commands.recover();
    expect(state().document).toEqual(work);
    expect(state().documentPath).toBe('/docs/lost.netoscope');
    expect(isDirty(state())).toBe(true);
    expect(state().recovery).toBeNull();

    fake.autosave.text = 'x';
    state().setRecovery(readAutosave(writeAutosave(work, null, 6)));
    await commands.discardRecovery();
    expect(state().recovery).toBeNull();
    expect(fake.autosave.text).toBeNull();
  });

  it('ignores an autosave it cannot read', () => {
    expect(readAutosave(null)).toBeNull();
    expect(readAutosave('{')).toBeNull();
    expect(readAutosave(JSON.stringify({ format: 'netoscope-autosave', version: 1, savedAt: 1, document: { format: 'other' } }))).toBeNull();
  });
});

describe('host commands', () => {
  const noText: TextEditing = { active: () => false, run: () => undefined };

  it('menu commands reach the editor', async () => {
    const commands = commandsWith({ opened: opened('Menu') });
    state().newDocument();
    state().addNode('dense', { x: 0, y: 0 });
    handleHostCommand({ type: 'undo' }, store, commands, noText);
    expect(state().document.graph.nodes).toHaveLength(2);
    handleHostCommand({ type: 'redo' }, store, commands, noText);
    expect(state().document.graph.nodes).toHaveLength(3);
    handleHostCommand({ type: 'show-shortcuts' }, store, commands, noText);
    expect(state().dialog).toEqual({ kind: 'shortcuts' });
    handleHostCommand({ type: 'save-as' }, store, commands, noText);
    await vi.waitFor(() => expect(fake.saves).toHaveLength(1));
    handleHostCommand({ type: 'open-file', file: opened('Dropped') }, store, commands, noText);
    expect(state().document.name).toBe('Dropped');
  });

  it('in a text field, Undo and Redo undo the typing', () => {
    const commands = commandsWith();
    const run = vi.fn();
    state().renameDocument('Typed');
    handleHostCommand({ type: 'undo' }, store, commands, { active: () => true, run });
    expect(run).toHaveBeenCalledWith('undo');
    expect(state().document.name).toBe('Typed');
  });
});

describe('shortcuts', () => {
  const key = (key: string, extra: Partial<KeyboardEvent> = {}) => ({ key, code: '', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false, ...extra });

  it('match the table, letters by their place on the keyboard so the Russian layout works too', () => {
    expect(shortcutFor(key('z', { ctrlKey: true, code: 'KeyZ' }))?.command).toBe('undo');
    expect(shortcutFor(key('Z', { ctrlKey: true, shiftKey: true, code: 'KeyZ' }))?.command).toBe('redo');
    expect(shortcutFor(key('ф', { code: 'KeyA' }))?.command).toBe('quick-add');
    expect(shortcutFor(key('?', { shiftKey: true, code: 'Slash' }))?.command).toBe('shortcuts');
    expect(shortcutFor(key('Delete'))?.command).toBe('delete');
    expect(shortcutFor(key('a', { ctrlKey: true, code: 'KeyA' }))?.command).toBe('select-all');
    expect(shortcutFor(key('q', { code: 'KeyQ' }))).toBeNull();
  });

  it('no two shortcuts share a key, and each has a description in every language', () => {
    const keys = SHORTCUTS.flatMap((shortcut) => shortcut.keys);
    expect(new Set(keys).size).toBe(keys.length);
    for (const catalog of Object.values(CATALOGS)) for (const shortcut of SHORTCUTS) expect(catalog.shortcuts.commands[shortcut.command]).toBeTruthy();
  });
});
