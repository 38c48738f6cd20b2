import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { compile } from '../engine/document/compile';
import { App } from './App';
import { handleHostCommand } from './commands/hostCommands';
import { startAnalyser } from './document/analyser';
import { readAutosave, startAutosave } from './document/autosave';
import { createDocumentCommands } from './document/commands';
import { detectHost } from './host';
import { loadPreferences, startPreferences } from './preferences';
import { createComparisonRunner } from './instruments/comparisonRunner';
import { createRunClient } from './run/runClient';
import { startWebWorker } from './run/webWorker';
import { ServicesContext, type Services } from './services';
import { createAppStore } from './store';

const store = createAppStore(loadPreferences());
const host = detectHost();
const runClient = createRunClient(store, {
  compile,
  startWorker: startWebWorker,
  // The Instruments tab follows every run: the one Train starts (its own group, so a new Train replaces it unless pinned) and comparisons'.
  onStart: (run) => store.getState().trackRuns([{ ...run, group: run.runId }]),
  onEvent: (event) => store.getState().handleRunEvent(event),
});
const comparisons = createComparisonRunner(store, runClient.manager, compile);
const commands = createDocumentCommands(store, host, runClient.check, runClient.trainedParameters);
const services: Services = { store, runClient, commands, host, comparisons };

startPreferences(store);
startAnalyser(store, compile);
startAutosave(store, host);
host.onCommand((command) => handleHostCommand(command, store, commands));

// The start screen greets every launch; it offers the unsaved work of a previous session, if any.
store.getState().openDialog({ kind: 'start' });
host.autosave.read().then(
  (text) => store.getState().setRecovery(readAutosave(text)),
  () => store.getState().setRecovery(null),
);

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
