import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DocumentCommands } from './document/commands';
import type { Host } from './host/host';
import type { ComparisonRunner } from './instruments/comparisonRunner';
import type { RunClient } from './run/runClient';
import type { AppState, AppStore } from './store';

/** Everything main.tsx wires once and the components reach through context. */
export interface Services {
  store: AppStore;
  runClient: RunClient;
  commands: DocumentCommands;
  host: Host;
  /** Starts comparisons (one run per variant) on the run client's manager. */
  comparisons: ComparisonRunner;
}

export const ServicesContext = createContext<Services | null>(null);

export function useServices(): Services {
  const services = useContext(ServicesContext);
  if (!services) throw new Error('Netoscope components must be rendered inside <ServicesContext.Provider>.');
  return services;
}

/** Subscribes a component to one slice of the store; `selector` must return a stable value. */
export function useAppStore<T>(selector: (state: AppState) => T): T {
  return useStore(useServices().store, selector);
}
