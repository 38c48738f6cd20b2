import { createContext, useContext } from 'react';
import { useStore } from 'zustand';
import type { DocumentCommands } from './document/commands';
import type { Host } from './host/host';
import type { RunClient } from './run/runClient';
import type { AppState, AppStore } from './store';

/** Everything main.tsx wires once and the components reach through context. */
export interface Services {
  store: AppStore;
  runClient: RunClient;
  commands: DocumentCommands;
  host: Host;
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
