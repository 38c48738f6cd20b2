import { memo, useCallback } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_STYLE, CHART_MARGIN, formatPercent, formatStep, formatTick, formatValue, GRID_COLOR, TOOLTIP_STYLE, Y_AXIS_WIDTH } from './chartStyle';
import { ChartFrame } from './ChartFrame';
import { seriesCsv } from './exportData';
import { useInstrumentsText } from './text';
import { chartPropsEqual, type Domain, type RunViews } from './views';

export interface MetricChartProps {
  views: readonly RunViews[];
  steps: Domain;
  testId: string;
  height?: number;
}

/** Training loss (batch means) and test loss, one colour per run, linear or log. */
export const LossChart = memo(function LossChart({ views, steps, domain, logScale, onLogScale, testId, height = 170 }: MetricChartProps & { domain: Domain | null; logScale: boolean; onLogScale(logScale: boolean): void }) {
  const text = useInstrumentsText();
  const single = views.length === 1;
  const csv = useCallback(() => trainTestCsv(views, 'trainLoss', 'testLoss', text), [views, text]);
  const toggle = (
    <label className="instrument__toggle">
      <input type="checkbox" checked={logScale} onChange={(event) => onLogScale(event.target.checked)} data-testid={`${testId}-log`} />
      {text.logScale}
    </label>
  );
  return (
    <ChartFrame title={single ? `${text.loss}: ${views[0].run.name}` : text.loss} testId={testId} height={height} csv={csv} actions={toggle}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_COLOR} />
          <XAxis dataKey="step" type="number" domain={steps} tick={AXIS_STYLE} tickFormatter={formatStep} allowDuplicatedCategory={false} />
          <YAxis
            type="number"
            scale={logScale ? 'log' : 'linear'}
            domain={domain ?? ['auto', 'auto']}
            allowDataOverflow
            tick={AXIS_STYLE}
            width={Y_AXIS_WIDTH}
            tickFormatter={formatTick}
          />
          <Tooltip formatter={(value) => formatValue(Number(value))} labelFormatter={(step) => text.step(Number(step))} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
          {trainTestLines(views, 'trainLoss', 'testLoss', text, single ? 0.5 : 0.35)}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}, chartPropsEqual((view) => view.loss));

/** Accuracy on the batch (faint) and on the test set (bold), one colour per run. */
export const AccuracyChart = memo(function AccuracyChart({ views, steps, testId, height = 150 }: MetricChartProps) {
  const text = useInstrumentsText();
  const single = views.length === 1;
  const csv = useCallback(() => trainTestCsv(views, 'trainAccuracy', 'testAccuracy', text), [views, text]);
  return (
    <ChartFrame title={single ? `${text.accuracy}: ${views[0].run.name}` : text.accuracy} testId={testId} height={height} csv={csv}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_COLOR} />
          <XAxis dataKey="step" type="number" domain={steps} tick={AXIS_STYLE} tickFormatter={formatStep} allowDuplicatedCategory={false} />
          <YAxis type="number" domain={[0, 1]} tick={AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatPercent} />
          <Tooltip formatter={(value) => `${(Number(value) * 100).toFixed(1)}%`} labelFormatter={(step) => text.step(Number(step))} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
          {trainTestLines(views, 'trainAccuracy', 'testAccuracy', text, 0.35)}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}, chartPropsEqual((view) => view.loss));

type SeriesKey = 'trainLoss' | 'testLoss' | 'trainAccuracy' | 'testAccuracy';

/** Per run, the training and the test series as CSV columns named after the run. */
function trainTestCsv(views: MetricChartProps['views'], train: SeriesKey, test: SeriesKey, text: { train: string; test: string }): string {
  return seriesCsv(
    views.flatMap((view) => [
      { name: `${view.run.name} ${text.train}`, points: view.loss[train] },
      { name: `${view.run.name} ${text.test}`, points: view.loss[test] },
    ]),
  );
}

/** Per run: the training series faint and thin, the test series bold, both in the run's colour. */
function trainTestLines(views: MetricChartProps['views'], train: SeriesKey, test: SeriesKey, text: { train: string; test: string }, trainOpacity: number) {
  return views.flatMap((view) => [
    <Line
      key={`${view.run.runId}-train`}
      data={view.loss[train]}
      dataKey="value"
      name={`${view.run.name} ${text.train}`}
      stroke={view.run.colour}
      strokeOpacity={trainOpacity}
      strokeWidth={1}
      dot={false}
      isAnimationActive={false}
    />,
    <Line
      key={`${view.run.runId}-test`}
      data={view.loss[test]}
      dataKey="value"
      name={`${view.run.name} ${text.test}`}
      stroke={view.run.colour}
      strokeWidth={2}
      dot={false}
      isAnimationActive={false}
    />,
  ]);
}
