import { memo, useCallback } from 'react';
import { Bar, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_STYLE, CHART_MARGIN, formatPercent, formatTick, formatValue, GRID_COLOR, TOOLTIP_STYLE, Y_AXIS_WIDTH } from './chartStyle';
import { ChartFrame } from './ChartFrame';
import { toCsv } from './exportData';
import { useInstrumentsText } from './text';
import { chartPropsEqual, type Domain, type RunViews } from './views';

/**
 * Per Dense layer: the saturated fraction (sigmoid/tanh) and the dead-unit fraction (ReLU) of its
 * activation as bars (lines when runs overlay), and the update-to-weight ratio on a log axis.
 */
export const LayerHealthChart = memo(function LayerHealthChart({ views, ratioDomain, testId, height = 170 }: { views: readonly RunViews[]; ratioDomain: Domain | null; testId: string; height?: number }) {
  const text = useInstrumentsText();
  const single = views.length === 1;
  const layers = Math.max(1, ...views.map((view) => view.health.length));
  const csv = useCallback(
    () => toCsv(['run', 'layer', 'node', 'saturated', 'dead', 'updateRatio'], views.flatMap((view) => view.health.map((row) => [view.run.name, row.depth, row.nodeId, row.saturated, row.dead, row.updateRatio]))),
    [views],
  );
  const label = (name: string, view: RunViews) => (single ? name : `${view.run.name} ${name}`);
  return (
    <ChartFrame title={single ? `${text.layerHealth}: ${views[0].run.name}` : text.layerHealth} testId={testId} height={height} csv={csv}>
      <ResponsiveContainer width="100%" height="100%">
        <ComposedChart data={single ? views[0].health : undefined} margin={{ ...CHART_MARGIN, right: 0 }}>
          <CartesianGrid stroke={GRID_COLOR} />
          <XAxis dataKey="depth" type={single ? 'category' : 'number'} domain={single ? undefined : [1, layers]} allowDecimals={false} tick={AXIS_STYLE} allowDuplicatedCategory={false} />
          <YAxis yAxisId="fraction" type="number" domain={[0, 1]} tick={AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatPercent} />
          <YAxis yAxisId="ratio" orientation="right" type="number" scale="log" domain={ratioDomain ?? [1e-6, 1]} allowDataOverflow tick={AXIS_STYLE} width={40} tickFormatter={formatTick} />
          <Tooltip formatter={(value) => formatValue(Number(value))} labelFormatter={(depth) => `${text.layerIndex} ${depth}`} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
          {single
            ? [
                <Bar key="saturated" yAxisId="fraction" dataKey="saturated" name={text.saturated} fill="var(--group-output)" isAnimationActive={false} />,
                <Bar key="dead" yAxisId="fraction" dataKey="dead" name={text.dead} fill="var(--series-muted)" isAnimationActive={false} />,
                <Line key="ratio" yAxisId="ratio" dataKey="updateRatio" name={text.updateRatio} stroke={views[0].run.colour} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />,
              ]
            : views.flatMap((view) => [
                <Line key={`${view.run.runId}-saturated`} yAxisId="fraction" data={view.health} dataKey="saturated" name={label(text.saturated, view)} stroke={view.run.colour} strokeWidth={2} dot={false} isAnimationActive={false} />,
                <Line key={`${view.run.runId}-dead`} yAxisId="fraction" data={view.health} dataKey="dead" name={label(text.dead, view)} stroke={view.run.colour} strokeDasharray="2 2" dot={false} isAnimationActive={false} />,
                <Line key={`${view.run.runId}-ratio`} yAxisId="ratio" data={view.health} dataKey="updateRatio" name={label(text.updateRatio, view)} stroke={view.run.colour} strokeDasharray="6 3" dot={{ r: 2 }} isAnimationActive={false} />,
              ])}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}, chartPropsEqual((view) => view.health));
