import { memo, useMemo, useRef, type ChangeEvent } from 'react';
import { DecisionBoundary } from './DecisionBoundary';
import { boundaryGrid, datasetImageSide, outputRanges, type Plane } from './probes';
import type { TrackedRun } from './runsSlice';
import { SampleView } from './SampleView';
import { useInstrumentsText } from './text';
import { useOnScreen } from './useOnScreen';
import { useProbe } from './useProbe';

/**
 * The views that ask the run's worker (probes) rather than read the stat frames. Each asks
 * only while on screen, and again when the run's step moves, at a bounded rate (useProbe); an
 * ended run is asked once, and its views keep the last answer if its worker has gone.
 */

/** Which example the sample views show: one choice for every column (each has the picker), so runs compare on the same input. */
export interface SampleChoice {
  split: 'train' | 'test';
  index: number;
}

/** The run's decision boundary over its 2-D plane, live. */
export const RunDecisionBoundary = memo(function RunDecisionBoundary({ run, step, plane, testId }: { run: TrackedRun; step: number; plane: Plane; testId: string }) {
  const frame = useRef<HTMLDivElement>(null);
  const visible = useOnScreen(frame);
  const query = useMemo(() => ({ type: 'probe-grid' as const, ...boundaryGrid(run.plan, plane) }), [run.plan, plane]);
  const { answer, problem } = useProbe(run.runId, run.status, step, query, visible);
  return (
    <div ref={frame}>
      <DecisionBoundary grid={answer} points={plane.points} bounds={plane} problem={problem} testId={testId} />
    </div>
  );
});

/** One example through the run's network, live. */
export const RunSample = memo(function RunSample({
  run,
  step,
  choice,
  onChoice,
  testId,
}: {
  run: TrackedRun;
  step: number;
  choice: SampleChoice;
  onChoice(choice: SampleChoice): void;
  testId: string;
}) {
  const frame = useRef<HTMLDivElement>(null);
  const visible = useOnScreen(frame);
  const query = useMemo(() => ({ type: 'probe-sample' as const, split: choice.split, index: choice.index }), [choice]);
  const { answer, problem } = useProbe(run.runId, run.status, step, query, visible);
  const imageSide = datasetImageSide(run.plan.dataset);
  const ranges = useMemo(() => outputRanges(run.plan), [run.plan]);
  return (
    <div ref={frame}>
      <SampleView
        sample={answer}
        imageSide={imageSide}
        ranges={ranges}
        problem={problem}
        testId={testId}
        actions={<SamplePicker choice={choice} onChange={onChoice} testId={testId} />}
      />
    </div>
  );
});

/** The example the sample views show: the split, its number, and a step back or forward. */
export function SamplePicker({ choice, onChange, testId }: { choice: SampleChoice; onChange(choice: SampleChoice): void; testId: string }) {
  const text = useInstrumentsText();
  const setIndex = (index: number) => {
    if (Number.isInteger(index) && index >= 0) onChange({ ...choice, index });
  };
  return (
    <div className="sample-picker" role="group" aria-label={text.samplePicker}>
      <span>{text.samplePicker}</span>
      <select
        value={choice.split}
        aria-label={text.sampleSplit}
        onChange={(event: ChangeEvent<HTMLSelectElement>) => onChange({ ...choice, split: event.target.value === 'test' ? 'test' : 'train' })}
        data-testid={`${testId}-split`}
      >
        <option value="train">{text.train}</option>
        <option value="test">{text.test}</option>
      </select>
      <button type="button" className="instrument__button" aria-label={text.samplePrevious} title={text.samplePrevious} disabled={choice.index === 0} onClick={() => setIndex(choice.index - 1)} data-testid={`${testId}-previous`}>
        ‹
      </button>
      <input
        type="number"
        min={0}
        step={1}
        className="sample-picker__index"
        aria-label={text.sampleIndex}
        value={choice.index}
        onChange={(event: ChangeEvent<HTMLInputElement>) => setIndex(event.target.valueAsNumber)}
        data-testid={`${testId}-index`}
      />
      <button type="button" className="instrument__button" aria-label={text.sampleNext} title={text.sampleNext} onClick={() => setIndex(choice.index + 1)} data-testid={`${testId}-next`}>
        ›
      </button>
    </div>
  );
}
