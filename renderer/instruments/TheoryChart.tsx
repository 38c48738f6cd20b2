import { memo, useCallback } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_STYLE, CHART_MARGIN, formatTick, formatValue, GRID_COLOR, TOOLTIP_STYLE, Y_AXIS_WIDTH } from './chartStyle';
import { ChartFrame } from './ChartFrame';
import { toCsv } from './exportData';
import { useInstrumentsText } from './text';
import { chartPropsEqual, type Domain, type RunViews } from './views';

/** Per Dense layer, its output std as theory predicts it (√fan_in · σ_w · rms(x)) beside the measured one, log axis. */
export const TheoryChart = memo(function TheoryChart({ views, domain, testId, height = 170 }: { views: readonly RunViews[]; domain: Domain | null; testId: string; height?: number }) {
  const text = useInstrumentsText();
  const single = views.length === 1;
  const layers = Math.max(1, ...views.map((view) => view.theory.length));
  const csv = useCallback(
    () =>
      toCsv(
        ['run', 'layer', 'node', 'fanIn', 'initStd', 'predictedStd', 'predictedStdNow', 'measuredStd'],
        views.flatMap((view) => view.theory.map((row) => [view.run.name, row.depth, row.nodeId, row.fanIn, row.initStd, row.predictedStd, row.predictedStdNow, row.measuredStd])),
      ),
    [views],
  );
  const name = (label: string, view: RunViews) => (single ? label : `${view.run.name} ${label}`);
  return (
    <ChartFrame title={single ? `${text.theory}: ${views[0].run.name}` : text.theory} testId={testId} height={height} csv={csv}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_COLOR} />
          <XAxis dataKey="depth" type="number" domain={[1, layers]} allowDecimals={false} tick={AXIS_STYLE} allowDuplicatedCategory={false} />
          <YAxis type="number" scale="log" domain={domain ?? [1e-3, 10]} allowDataOverflow tick={AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatTick} />
          <Tooltip formatter={(value) => formatValue(Number(value))} labelFormatter={(depth) => `${text.layerIndex} ${depth}`} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
          {views.flatMap((view) => [
            <Line key={`${view.run.runId}-predicted`} data={view.theory} dataKey="predictedStd" name={name(text.predicted, view)} stroke={view.run.colour} strokeDasharray="5 4" strokeWidth={1.5} dot={false} isAnimationActive={false} />,
            <Line key={`${view.run.runId}-now`} data={view.theory} dataKey="predictedStdNow" name={name(text.predictedNow, view)} stroke={view.run.colour} strokeDasharray="1 3" strokeWidth={1.5} dot={false} isAnimationActive={false} />,
            <Line key={`${view.run.runId}-measured`} data={view.theory} dataKey="measuredStd" name={name(text.measured, view)} stroke={view.run.colour} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />,
          ])}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}, chartPropsEqual((view) => view.theory));
