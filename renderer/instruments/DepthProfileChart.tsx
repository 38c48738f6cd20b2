import { memo, useCallback } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_STYLE, CHART_MARGIN, formatTick, formatValue, GRID_COLOR, TOOLTIP_STYLE, Y_AXIS_WIDTH } from './chartStyle';
import { ChartFrame } from './ChartFrame';
import { toCsv } from './exportData';
import { useInstrumentsText } from './text';
import { chartPropsEqual, type Domain, type RunViews } from './views';

/**
 * The lecture's paralysis table as a picture: per Dense layer (by depth) the mean |dL/dW| on a
 * log axis (solid) and the std of its activation (dashed, right axis), one colour per run.
 */
export const DepthProfileChart = memo(function DepthProfileChart({
  views,
  gradientDomain,
  stdDomain,
  testId,
  height = 190,
}: {
  views: readonly RunViews[];
  gradientDomain: Domain | null;
  stdDomain: Domain | null;
  testId: string;
  height?: number;
}) {
  const text = useInstrumentsText();
  const single = views.length === 1;
  const layers = Math.max(1, ...views.map((view) => view.depth.length));
  const csv = useCallback(
    () => toCsv(['run', 'layer', 'node', 'meanAbsGradient', 'activationStd'], views.flatMap((view) => view.depth.map((row) => [view.run.name, row.depth, row.nodeId, row.gradient, row.activationStd]))),
    [views],
  );
  return (
    <ChartFrame title={single ? `${text.depthProfile}: ${views[0].run.name}` : text.depthProfile} testId={testId} height={height} csv={csv}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart margin={{ ...CHART_MARGIN, right: 0 }}>
          <CartesianGrid stroke={GRID_COLOR} />
          <XAxis dataKey="depth" type="number" domain={[1, layers]} allowDecimals={false} tick={AXIS_STYLE} allowDuplicatedCategory={false} />
          <YAxis yAxisId="gradient" type="number" scale="log" domain={gradientDomain ?? [1e-8, 1]} allowDataOverflow tick={AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatTick} />
          <YAxis yAxisId="std" orientation="right" type="number" domain={stdDomain ?? [0, 1]} allowDataOverflow tick={AXIS_STYLE} width={40} tickFormatter={formatTick} />
          <Tooltip formatter={(value) => formatValue(Number(value))} labelFormatter={(depth) => `${text.layerIndex} ${depth}`} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
          {views.flatMap((view) => [
            <Line
              key={`${view.run.runId}-gradient`}
              yAxisId="gradient"
              data={view.depth}
              dataKey="gradient"
              name={single ? text.gradient : `${view.run.name} ${text.gradient}`}
              stroke={view.run.colour}
              strokeWidth={2}
              dot={{ r: 2 }}
              isAnimationActive={false}
            />,
            <Line
              key={`${view.run.runId}-std`}
              yAxisId="std"
              data={view.depth}
              dataKey="activationStd"
              name={single ? text.activationStd : `${view.run.name} ${text.activationStd}`}
              stroke={view.run.colour}
              strokeDasharray="4 3"
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />,
          ])}
        </LineChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}, chartPropsEqual((view) => view.depth));
