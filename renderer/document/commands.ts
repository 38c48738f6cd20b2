import type { NetDocument } from '../../engine/document/types';
import type { TrainedParameters } from '../../engine/export/weights';
import type { Host, OpenedFile, RecentDocument } from '../host/host';
import { CATALOGS } from '../i18n';
import { isDirty, type AppStore } from '../store';
import { baseName, readDocument, suggestedFileName, writeDocument } from './file';
import type { TestSeries, TrainSeries } from '../store/series';
import { clearAutosave } from './autosave';
import { pyTorchFiles } from './pytorchExport';

export interface DocumentCommands {
  newDocument(): void;
  openDocument(): Promise<void>;
  /** A file the host handed over (double-clicked, dropped on the window, passed on the command line). */
  openFile(file: OpenedFile): void;
  openRecent(recent: RecentDocument): Promise<void>;
  openPreset(document: NetDocument): void;
  saveDocument(): Promise<boolean>;
  saveDocumentAs(): Promise<boolean>;
  /** Loads the unsaved work found at start-up, still unsaved. */
  recover(): void;
  discardRecovery(): Promise<void>;
  /** The run's loss and accuracy per reported step, as CSV. */
  exportRunData(): Promise<void>;
  /** The document as PyTorch scripts (docs/EXPORT.md), with the weights of the last run when it trained this network. */
  exportToPyTorch(): Promise<void>;
}

/**
 * New, Open, Save and recovery: the host does the I/O, these decide what enters the store and
 * what the user is told. Whatever would replace unsaved changes asks first. `check` compiles the
 * document just opened so its problems show on the nodes.
 */
export function createDocumentCommands(
  store: AppStore,
  host: Host,
  check: () => boolean,
  /** The parameters of the last run's model, null when there is none (the PyTorch export's weights). */
  trainedWeights: () => Promise<TrainedParameters | null> = async () => null,
): DocumentCommands {
  const t = () => CATALOGS[store.getState().preferences.locale];
  const tell = (tone: 'info' | 'error', text: string) => store.getState().showNotice({ tone, text });

  /** Runs `replace` now, or once the user agrees to lose the unsaved changes. */
  const guarded = (replace: () => void) => {
    if (isDirty(store.getState())) store.getState().openDialog({ kind: 'confirm-discard', proceed: replace });
    else replace();
  };

  const load = (file: OpenedFile) => {
    const read = readDocument(file.text);
    if (!read.ok) {
      tell('error', t().notice.notOpened(file.name, read.message));
      return;
    }
    guarded(() => {
      store.getState().loadDocument(read.document, file.path ?? null);
      store.getState().closeDialog();
      void host.noteRecent({ name: file.name, ...(file.path && { path: file.path }) });
      if (check()) tell('info', t().notice.opened(file.name));
      else tell('error', t().notice.openedWithErrors(file.name));
    });
  };

  const save = async (path: string | undefined): Promise<boolean> => {
    const { document } = store.getState();
    const suggestedName = suggestedFileName(document);
    let saved;
    try {
      saved = await host.saveDocument({ path, suggestedName, text: writeDocument(document) });
    } catch (error) {
      tell('error', t().notice.notSaved((error as Error).message));
      return false;
    }
    if (!saved) return false;
    // What was written is the saved state, even if the user edited on meanwhile.
    store.getState().markSaved(document, saved.path ?? store.getState().documentPath);
    void host.noteRecent({ name: saved.path ? baseName(saved.path) : suggestedName, ...(saved.path && { path: saved.path }) });
    tell('info', saved.path ? t().notice.saved(saved.path) : t().notice.downloaded(suggestedName));
    return true;
  };

  return {
    newDocument() {
      guarded(() => {
        store.getState().newDocument();
        store.getState().closeDialog();
        store.getState().dismissNotice();
      });
    },
    async openDocument() {
      let opened;
      try {
        opened = await host.openDocument();
      } catch (error) {
        tell('error', t().notice.readFailed((error as Error).message));
        return;
      }
      if (opened) load(opened);
    },
    openFile: load,
    async openRecent(recent) {
      if (!recent.path) return;
      let opened;
      try {
        opened = await host.openRecent(recent.path);
      } catch (error) {
        tell('error', t().notice.readFailed((error as Error).message));
        return;
      }
      if (opened) load(opened);
      else tell('error', t().notice.recentGone(recent.name));
    },
    openPreset(document) {
      guarded(() => {
        store.getState().loadDocument(structuredClone(document), null);
        store.getState().closeDialog();
        store.getState().dismissNotice();
      });
    },
    saveDocument: () => save(store.getState().documentPath ?? undefined),
    saveDocumentAs: () => save(undefined),
    recover() {
      const { recovery } = store.getState();
      if (!recovery) return;
      store.getState().loadDocument(recovery.document, recovery.path, { dirty: true });
      store.getState().setRecovery(null);
      store.getState().closeDialog();
      tell('info', t().notice.recovered(recovery.document.name));
    },
    async exportRunData() {
      const { trainSeries, testSeries, document } = store.getState();
      if (trainSeries.length === 0) {
        tell('info', t().notice.nothingToExport);
        return;
      }
      const suggestedName = `${suggestedFileName(document).replace(/\.netoscope$/, '')} run.csv`;
      try {
        if (await host.exportFile({ suggestedName, mimeType: 'text/csv', data: runCsv(trainSeries, testSeries) })) tell('info', t().notice.exported(suggestedName));
      } catch (error) {
        tell('error', t().notice.notSaved((error as Error).message));
      }
    },
    async exportToPyTorch() {
      let weights: TrainedParameters | null;
      try {
        weights = await trainedWeights();
      } catch {
        // A run whose worker is gone has no weights to give: export the scripts alone.
        weights = null;
      }
      const exported = pyTorchFiles(store.getState().document, weights);
      if (!exported.ok) {
        store.getState().setCompileErrors(exported.problems);
        const [first] = exported.problems;
        tell('error', t().notice.pyTorchRefused(first.nodeId === undefined ? first.message : `${first.nodeId}: ${first.message}`));
        return;
      }
      try {
        if (await host.exportFiles({ suggestedName: exported.folderName, files: exported.files })) tell('info', t().notice.pyTorchExported(exported.folderName, exported.weights));
      } catch (error) {
        tell('error', t().notice.notSaved((error as Error).message));
      }
    },
    async discardRecovery() {
      store.getState().setRecovery(null);
      await clearAutosave(store, host);
    },
  };
}

/** One row per reported step; the held-out accuracy where it was measured, else empty. */
export function runCsv(train: TrainSeries, test: TestSeries): string {
  const testAt = new Map<number, number>();
  for (let index = 0; index < test.length; index += 1) testAt.set(test.steps[index], test.accuracy[index]);
  const rows = ['step,loss,train_accuracy,test_accuracy'];
  for (let index = 0; index < train.length; index += 1) {
    const step = train.steps[index];
    rows.push(`${step},${train.loss[index]},${train.accuracy[index]},${testAt.get(step) ?? ''}`);
  }
  return `${rows.join('\n')}\n`;
}
