import { describe, expect, it } from 'vitest';
import { createRunsStore, focusNode, visibleRuns } from '../../renderer/instruments/runsSlice';
import { INSTRUMENTS, planOf, trainedFrames, withActivation } from './instruments-support';

const plan = planOf();

function storeWithRuns(group = 'compare-1', ids = ['run-1', 'run-2', 'run-3']) {
  const store = createRunsStore();
  store.getState().trackRuns(ids.map((runId, index) => ({ runId, name: `variant ${index + 1}`, group, plan, instruments: INSTRUMENTS })));
  return store;
}

describe('runs slice', () => {
  it('tracks runs with distinct colours and feeds each its own frames', () => {
    const store = storeWithRuns();
    const [first, second] = trainedFrames(plan, 2, INSTRUMENTS, 'run-2');
    store.getState().handleRunEvent({ type: 'queued', runId: 'run-2' });
    store.getState().handleRunEvent({ type: 'state', runId: 'run-2', state: 'running', step: 0 });
    const version = store.getState().runsVersion;
    store.getState().handleRunEvent(first);
    store.getState().handleRunEvent(second);
    const { runs, runsVersion } = store.getState();
    expect(runsVersion).toBe(version + 2);
    expect(runs.map((run) => run.history.measurements)).toEqual([0, 2, 0]);
    expect(runs[1].status).toBe('running');
    expect(new Set(runs.map((run) => run.colour)).size).toBe(3);
    expect(runs[0].totalSteps).toBe(3000);
  });

  it('ignores events of runs it does not track', () => {
    const store = storeWithRuns();
    const before = store.getState();
    store.getState().handleRunEvent({ type: 'state', runId: 'elsewhere', state: 'finished', step: 3 });
    expect(store.getState()).toBe(before);
  });

  it('records why a run ended badly, and starts its history over on reset', () => {
    const store = storeWithRuns();
    store.getState().handleRunEvent(trainedFrames(plan, 1, INSTRUMENTS, 'run-1')[0]);
    store.getState().handleRunEvent({ type: 'diverged', runId: 'run-1', step: 7, nodeId: 'act1', pass: 'forward', message: 'NaN' });
    expect(store.getState().runs[0].message).toBe('Diverged at step 7 in act1 (forward pass): NaN');
    store.getState().handleRunEvent({ type: 'reset', runId: 'run-1' });
    expect(store.getState().runs[0]).toMatchObject({ message: null });
    expect(store.getState().runs[0].history.measurements).toBe(0);
    store.getState().handleRunEvent({ type: 'error', runId: 'run-1', message: 'MNIST is missing', source: 'dataset' });
    expect(store.getState().runs[0].message).toBe('MNIST is missing');
  });

  it('renames, pins, hides and forgets runs', () => {
    const store = storeWithRuns();
    const state = () => store.getState();
    state().renameRun('run-1', '  He  ');
    state().renameRun('run-1', '   ');
    state().togglePinned('run-1');
    state().toggleHidden('run-2');
    expect(state().runs.map(({ name, pinned, hidden }) => ({ name, pinned, hidden }))).toEqual([
      { name: 'He', pinned: true, hidden: false },
      { name: 'variant 2', pinned: false, hidden: true },
      { name: 'variant 3', pinned: false, hidden: false },
    ]);
    expect(visibleRuns(state()).map((run) => run.runId)).toEqual(['run-1', 'run-3']);
    state().forgetRun('run-3');
    expect(state().runs.map((run) => run.runId)).toEqual(['run-1', 'run-2']);
  });

  it('replaces the last comparison but keeps pinned runs', () => {
    const store = storeWithRuns();
    store.getState().togglePinned('run-2');
    store.getState().trackRuns([{ runId: 'run-4', name: 'again', group: 'compare-2', plan, instruments: INSTRUMENTS }]);
    const runs = store.getState().runs;
    expect(runs.map((run) => run.runId)).toEqual(['run-2', 'run-4']);
    expect(runs[1].colour).not.toBe(runs[0].colour);
  });

  it('focuses the chosen node when every run has it, else the first activation', () => {
    const store = storeWithRuns();
    expect(focusNode(store.getState())).toBe('act1');
    store.getState().setFocusNode('dense2');
    expect(focusNode(store.getState())).toBe('dense2');
    store.getState().setFocusNode('missing');
    expect(focusNode(store.getState())).toBe('act1');
    expect(focusNode(createRunsStore().getState())).toBeNull();
    const relu = planOf(withActivation('relu'));
    store.getState().trackRuns([{ runId: 'relu', name: 'relu', group: 'g', plan: relu, instruments: null }]);
    expect(store.getState().runs[0].history.ranks).toEqual([]);
  });

  it('keeps the layout and scale choices', () => {
    const store = createRunsStore();
    store.getState().setCompareLayout('overlay');
    store.getState().setLossLogScale(true);
    expect(store.getState()).toMatchObject({ compareLayout: 'overlay', lossLogScale: true });
  });
});
