import '@xyflow/react/dist/style.css';
import './styles.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { compile } from '../engine/document/compile';
import { App } from './App';
import { createDocumentCommands } from './document/commands';
import { detectHost } from './host';
import { createRunClient } from './run/runClient';
import { startWebWorker } from './run/webWorker';
import { ServicesContext, type Services } from './services';
import { createAppStore } from './store';

const store = createAppStore();
const runClient = createRunClient(store, { compile, startWorker: startWebWorker });
const services: Services = { store, runClient, commands: createDocumentCommands(store, detectHost(), runClient.check) };

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element.');
createRoot(root).render(
  <StrictMode>
    <ServicesContext.Provider value={services}>
      <App />
    </ServicesContext.Provider>
  </StrictMode>,
);
