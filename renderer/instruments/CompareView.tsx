import { memo, useCallback, useMemo, useState, type ChangeEvent, type KeyboardEvent } from 'react';
import type { StoreApi } from 'zustand/vanilla';
import { useServices } from '../services';
import { AccuracyChart, LossChart } from './LossAccuracyChart';
import { BatchNormInspector } from './BatchNormInspector';
import { DepthProfileChart } from './DepthProfileChart';
import { DistributionBandsChart } from './DistributionBandsChart';
import { fileStem, runStatisticsJson } from './exportData';
import { HistogramChart } from './HistogramChart';
import { LayerHealthChart } from './LayerHealthChart';
import { planeOf } from './probes';
import { RunDecisionBoundary, RunSample, type SampleChoice } from './ProbeViews';
import { focusNode, visibleRuns, type RunsSlice, type TrackedRun } from './runsSlice';
import { useInstrumentsText } from './text';
import { TheoryChart } from './TheoryChart';
import { useSampled } from './useSampled';
import { createViewsCache, sameDomains, sharedDomains, type RunViews, type SharedDomains } from './views';
import './instruments.css';

/** The views redraw at most this often, whatever the rate of frames: once a second reads as live, and leaves the machine to training. */
export const REDRAW_INTERVAL_MS = 1000;

interface ViewsSnapshot {
  runs: TrackedRun[];
  layout: RunsSlice['compareLayout'];
  logScale: boolean;
  focus: string | null;
  views: RunViews[];
  /** One view per column, each an array of one, stable between redraws. */
  columns: RunViews[][];
  domains: SharedDomains;
}

const viewsChanged = (state: RunsSlice, previous: RunsSlice) =>
  state.runsVersion !== previous.runsVersion ||
  state.runs !== previous.runs ||
  state.focusNodeId !== previous.focusNodeId ||
  state.lossLogScale !== previous.lossLogScale ||
  state.compareLayout !== previous.compareLayout;

/**
 * Everything the views draw, derived at once (the histories are mutated in place, so only a
 * fresh read sees new frames), reusing every object whose data has not changed.
 */
function createViewsReader(): (state: RunsSlice) => ViewsSnapshot {
  const cache = createViewsCache();
  let previous: ViewsSnapshot | null = null;
  return (state) => {
    const focus = focusNode(state);
    cache.beginRedraw(new Set(state.runs.map((run) => run.runId)));
    const views = focus === null ? [] : visibleRuns(state).map((run) => cache.viewsOf(run, focus, state.lossLogScale));
    const columns = views.map((view) => previous?.columns.find(([old]) => old === view) ?? [view]);
    const domains = sameDomains(previous?.domains, sharedDomains(views, state.lossLogScale));
    previous = { runs: state.runs, layout: state.compareLayout, logScale: state.lossLogScale, focus, views, columns, domains };
    return previous;
  };
}

/** One run's header: its colour, name (editable), status, and its pin, hide and export buttons. */
const RunChip = memo(function RunChip({ run, step, store }: { run: TrackedRun; step: number; store: StoreApi<RunsSlice> }) {
  const text = useInstrumentsText();
  const { host } = useServices();
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft !== null) store.getState().renameRun(run.runId, draft);
    setDraft(null);
  };
  const exportJson = () =>
    void host.exportFile({
      suggestedName: `${fileStem(run.name)}.json`,
      mimeType: 'application/json',
      data: runStatisticsJson(run.history, { runId: run.runId, name: run.name, status: run.status }),
    });
  return (
    <li className={`run-chip${run.hidden ? ' run-chip--hidden' : ''}`} data-testid="run-chip" data-run-id={run.runId} data-status={run.status} data-step={step}>
      <span className="run-chip__swatch" style={{ background: run.colour }} />
      <input
        className="run-chip__name"
        aria-label={text.rename}
        value={draft ?? run.name}
        onChange={(event: ChangeEvent<HTMLInputElement>) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event: KeyboardEvent<HTMLInputElement>) => {
          if (event.key === 'Enter') event.currentTarget.blur();
          if (event.key === 'Escape') setDraft(null);
        }}
        data-testid="run-name"
      />
      <span className="run-chip__status" title={run.message ?? undefined}>
        {text.status[run.status] ?? run.status}
        {run.status === 'running' || run.status === 'paused' ? ` · ${step}/${run.totalSteps}` : ''}
      </span>
      <button type="button" className="instrument__button" aria-pressed={run.pinned} onClick={() => store.getState().togglePinned(run.runId)} data-testid="run-pin">
        {run.pinned ? text.unpin : text.pin}
      </button>
      <button type="button" className="instrument__button" aria-pressed={run.hidden} onClick={() => store.getState().toggleHidden(run.runId)} data-testid="run-hide">
        {run.hidden ? text.show : text.hide}
      </button>
      <button type="button" className="instrument__button" onClick={exportJson} data-testid="run-export-json">
        {text.exportJson}
      </button>
    </li>
  );
});

/** Every view of some runs: one run's in a column, or all runs' overlaid in one. */
function ViewStack({
  views,
  domains,
  logScale,
  onLogScale,
  sample,
  onSample,
  id,
}: {
  views: readonly RunViews[];
  domains: SharedDomains;
  logScale: boolean;
  onLogScale(value: boolean): void;
  sample: SampleChoice;
  onSample(choice: SampleChoice): void;
  id: string;
}) {
  const text = useInstrumentsText();
  const [first] = views;
  const single = views.length === 1;
  const plane = useMemo(() => (single ? planeOf(first.run.plan) : null), [single, first.run.plan]);
  return (
    <>
      <LossChart views={views} steps={domains.steps} domain={domains.loss} logScale={logScale} onLogScale={onLogScale} testId={`loss-${id}`} />
      <AccuracyChart views={views} steps={domains.steps} testId={`accuracy-${id}`} />
      <DistributionBandsChart views={views} steps={domains.steps} domain={domains.bands} testId={`bands-${id}`} />
      {single && (
        <HistogramChart title={text.outputHistogram(first.focusNodeId)} data={first.outputHistogram} colour={first.run.colour} testId={`histogram-${id}`} />
      )}
      {single && first.weightHistogram && (
        <HistogramChart title={text.weightHistogram(first.weightHistogram.nodeId)} data={first.weightHistogram.data} colour="var(--group-layers)" testId={`weights-${id}`} />
      )}
      <DepthProfileChart views={views} gradientDomain={domains.gradient} stdDomain={domains.activationStd} testId={`depth-${id}`} />
      <LayerHealthChart views={views} ratioDomain={domains.updateRatio} testId={`health-${id}`} />
      <TheoryChart views={views} domain={domains.theory} testId={`theory-${id}`} />
      {single && first.batchNorm && (
        <BatchNormInspector
          nodeId={first.batchNorm.nodeId}
          runName={first.run.name}
          colour={first.run.colour}
          points={first.batchNorm.points}
          units={first.batchNorm.units}
          steps={domains.steps}
          testId={`batchnorm-${id}`}
        />
      )}
      {plane && <RunDecisionBoundary run={first.run} step={first.run.history.step} plane={plane} testId={`boundary-${id}`} />}
      {single && <RunSample run={first.run} step={first.run.history.step} choice={sample} onChoice={onSample} testId={`sample-${id}`} />}
    </>
  );
}

/**
 * The instruments of every tracked run: a bar of runs (rename, pin, hide, export), the layout
 * (columns with shared axes, or overlaid), the node whose distribution is shown, and the views.
 */
export function CompareView({ store }: { store: StoreApi<RunsSlice> }) {
  const text = useInstrumentsText();
  // One reader per view: it keeps the objects of the last redraw to hand back unchanged ones.
  const [readViews] = useState(createViewsReader);
  const [sample, setSample] = useState<SampleChoice>({ split: 'test', index: 0 });
  const { runs, layout, logScale, focus, views, columns, domains } = useSampled(store, viewsChanged, readViews, REDRAW_INTERVAL_MS);
  const onLogScale = useCallback((value: boolean) => store.getState().setLossLogScale(value), [store]);

  if (runs.length === 0) {
    return (
      <section className="compare compare--empty" data-testid="compare-view">
        <p>{text.empty}</p>
      </section>
    );
  }
  const nodes = runs[0].history.layout.nodes;
  return (
    <section className="compare" data-testid="compare-view" data-layout={layout}>
      <header className="compare__bar">
        <div className="compare__controls">
          <div className="segmented" role="group" aria-label={text.layoutLabel}>
            {(['columns', 'overlay'] as const).map((mode) => (
              <button key={mode} type="button" aria-pressed={layout === mode} onClick={() => store.getState().setCompareLayout(mode)} data-testid={`compare-layout-${mode}`}>
                {mode === 'columns' ? text.columns : text.overlay}
              </button>
            ))}
          </div>
          <label className="compare__node">
            {text.node}
            <select value={focus ?? ''} onChange={(event) => store.getState().setFocusNode(event.target.value)} data-testid="compare-node">
              {nodes.map((node) => (
                <option key={node.nodeId} value={node.nodeId}>
                  {node.nodeId}
                  {node.fn ? ` (${node.fn})` : ` (${node.kind})`}
                </option>
              ))}
            </select>
          </label>
        </div>
        <ul className="compare__runs">
          {runs.map((run) => (
            <RunChip key={run.runId} run={run} step={run.history.step} store={store} />
          ))}
        </ul>
      </header>
      {layout === 'columns' ? (
        <div className="compare__columns" style={{ gridTemplateColumns: `repeat(${Math.max(1, views.length)}, minmax(300px, 1fr))` }}>
          {columns.map((column) => {
            const { run } = column[0];
            return (
              <section
                key={run.runId}
                className="compare__column"
                data-testid="compare-column"
                data-run-id={run.runId}
                data-measurements={run.history.measurements}
                data-points={run.history.train.length}
              >
                <h3 className="compare__column-title" style={{ borderColor: run.colour }}>
                  {run.name}
                </h3>
                <ViewStack views={column} domains={domains} logScale={logScale} onLogScale={onLogScale} sample={sample} onSample={setSample} id={run.runId} />
              </section>
            );
          })}
        </div>
      ) : (
        <div className="compare__overlay" data-testid="compare-overlay">
          {views.length > 0 && <ViewStack views={views} domains={domains} logScale={logScale} onLogScale={onLogScale} sample={sample} onSample={setSample} id="overlay" />}
        </div>
      )}
    </section>
  );
}
