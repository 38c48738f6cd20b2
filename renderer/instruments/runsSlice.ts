import type { CompiledPlan } from '../../engine/document/plan';
import { assertNever, type RunInstruments } from '../../engine/protocol';
import type { RunEvent, RunStatus } from '../../engine/run/manager';
import { createStore, type StoreApi } from 'zustand/vanilla';
import { freeRunColour } from './colours';
import { RunHistory, type RunHistoryOptions } from './history';

/**
 * The runs the instruments show: each with its bounded history, fed by the run manager's
 * events. Histories are mutated in place (frames arrive many times a second); `runsVersion`
 * is bumped with every change and is what subscribers compare.
 */

export interface TrackedRun {
  runId: string;
  /** Shown in the column header and legends; the user may rename it. */
  name: string;
  /** The variant the run trains ("he-normal"), or the document's name for a single run. */
  variant: string;
  /** The comparison it belongs to: runs started together share it. */
  group: string;
  colour: string;
  pinned: boolean;
  hidden: boolean;
  status: RunStatus;
  /** Why it ended badly. */
  message: string | null;
  totalSteps: number;
  /** The frozen plan the run trains. */
  plan: CompiledPlan;
  history: RunHistory;
}

export type CompareLayout = 'columns' | 'overlay';

export interface NewRun {
  runId: string;
  name: string;
  variant?: string;
  group: string;
  plan: CompiledPlan;
  instruments: RunInstruments | null;
}

export interface RunsSlice {
  runs: TrackedRun[];
  runsVersion: number;
  compareLayout: CompareLayout;
  /** The node whose bands and histograms the views show; null: the first hidden activation. */
  focusNodeId: string | null;
  lossLogScale: boolean;
  /** The Instruments tab is showing (over the canvas, the inspector and the run panel). */
  instrumentsOpen: boolean;

  /**
   * Adds runs about to start. Unpinned runs of other groups leave (a new comparison replaces the
   * last one); pinned ones stay for reference.
   */
  trackRuns(runs: readonly NewRun[]): void;
  handleRunEvent(event: RunEvent): void;
  renameRun(runId: string, name: string): void;
  togglePinned(runId: string): void;
  toggleHidden(runId: string): void;
  forgetRun(runId: string): void;
  setCompareLayout(layout: CompareLayout): void;
  setFocusNode(nodeId: string | null): void;
  setLossLogScale(logScale: boolean): void;
  setInstrumentsOpen(open: boolean): void;
}

type Partial_ = Partial<RunsSlice>;
/** The store's setter and getter as a slice sees them; the app's combined store passes its own. */
export type RunsSetter = (partial: Partial_ | ((state: RunsSlice) => Partial_)) => void;
export type RunsGetter = () => RunsSlice;

export function createRunsSlice(set: RunsSetter, get: RunsGetter, historyOptions: RunHistoryOptions = {}): RunsSlice {
  const find = (runId: string) => get().runs.find((run) => run.runId === runId);
  /** Replaces one run's record (a new object, so selectors see the change) and bumps the version. */
  const update = (runId: string, change: (run: TrackedRun) => Partial<TrackedRun>) =>
    set((state) => ({
      runs: state.runs.map((run) => (run.runId === runId ? { ...run, ...change(run) } : run)),
      runsVersion: state.runsVersion + 1,
    }));
  const touch = () => set((state) => ({ runsVersion: state.runsVersion + 1 }));

  return {
    runs: [],
    runsVersion: 0,
    compareLayout: 'columns',
    focusNodeId: null,
    lossLogScale: false,
    instrumentsOpen: false,

    trackRuns(added) {
      set((state) => {
        const groups = new Set(added.map((run) => run.group));
        const ids = new Set(added.map((run) => run.runId));
        const kept = state.runs.filter((run) => run.pinned && !ids.has(run.runId) && !groups.has(run.group));
        const taken = new Set(kept.map((run) => run.colour));
        const fresh = added.map(
          (run, index): TrackedRun => ({
            runId: run.runId,
            name: run.name,
            variant: run.variant ?? run.name,
            group: run.group,
            colour: freeRunColour(taken, index),
            pinned: false,
            hidden: false,
            status: 'queued',
            message: null,
            totalSteps: run.plan.training.steps,
            plan: run.plan,
            history: new RunHistory(run.plan, run.instruments, historyOptions),
          }),
        );
        return { runs: [...kept, ...fresh], runsVersion: state.runsVersion + 1 };
      });
    },

    handleRunEvent(event) {
      const run = find(event.runId);
      if (!run) return;
      switch (event.type) {
        case 'queued':
          return update(run.runId, () => ({ status: 'queued' }));
        case 'frame':
          run.history.appendFrame(event);
          return touch();
        case 'state':
          return update(run.runId, () => ({ status: event.state }));
        case 'reset':
          run.history.clear();
          return update(run.runId, () => ({ message: null }));
        case 'diverged':
          return update(run.runId, () => ({ message: `Diverged at step ${event.step} in ${event.nodeId} (${event.pass} pass): ${event.message}` }));
        case 'error':
          return update(run.runId, () => ({ message: event.message }));
        default:
          return assertNever(event);
      }
    },

    renameRun(runId, name) {
      const trimmed = name.trim();
      if (trimmed.length > 0 && find(runId)) update(runId, () => ({ name: trimmed }));
    },
    togglePinned(runId) {
      if (find(runId)) update(runId, (run) => ({ pinned: !run.pinned }));
    },
    toggleHidden(runId) {
      if (find(runId)) update(runId, (run) => ({ hidden: !run.hidden }));
    },
    forgetRun(runId) {
      set((state) => ({ runs: state.runs.filter((run) => run.runId !== runId), runsVersion: state.runsVersion + 1 }));
    },
    setCompareLayout(compareLayout) {
      set({ compareLayout });
    },
    setFocusNode(focusNodeId) {
      set({ focusNodeId });
    },
    setLossLogScale(lossLogScale) {
      set({ lossLogScale });
    },
    setInstrumentsOpen(instrumentsOpen) {
      set({ instrumentsOpen });
    },
  };
}

export type RunsStore = StoreApi<RunsSlice>;

/** A store of the runs slice alone: tests, and views outside the app's store. */
export function createRunsStore(historyOptions: RunHistoryOptions = {}): RunsStore {
  return createStore<RunsSlice>()((set, get) => createRunsSlice(set, get, historyOptions));
}

/** The runs the views draw, in order. */
export function visibleRuns(state: Pick<RunsSlice, 'runs'>): TrackedRun[] {
  return state.runs.filter((run) => !run.hidden);
}

/** The node the views focus on: the chosen one if every run has it, else the first activation (else the first layer) of the first run. */
export function focusNode(state: Pick<RunsSlice, 'runs' | 'focusNodeId'>): string | null {
  const [first] = state.runs;
  if (!first) return null;
  if (state.focusNodeId && state.runs.every((run) => run.history.hasNode(state.focusNodeId!))) return state.focusNodeId;
  const nodes = first.history.layout.nodes;
  return (nodes.find((node) => node.kind === 'activation') ?? nodes[1] ?? nodes[0]).nodeId;
}
