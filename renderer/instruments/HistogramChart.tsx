import { memo, useCallback } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_STYLE, CHART_MARGIN, formatTick, formatValue, GRID_COLOR, TOOLTIP_STYLE, Y_AXIS_WIDTH } from './chartStyle';
import { ChartFrame } from './ChartFrame';
import { toCsv } from './exportData';
import type { HistogramData } from './series';
import { useInstrumentsText } from './text';

/** The latest histogram of a node's output or a layer's weights: counts per bin, outliers in a note. */
export const HistogramChart = memo(function HistogramChart({
  title,
  data,
  colour,
  testId,
  height = 140,
}: {
  title: string;
  data: HistogramData | null;
  colour: string;
  testId: string;
  height?: number;
}) {
  const text = useInstrumentsText();
  const csv = useCallback(() => toCsv(['from', 'to', 'count'], (data?.bars ?? []).map((bar) => [bar.x0, bar.x1, bar.count])), [data]);
  const outside = data && data.below + data.above + data.nan > 0 ? text.outside(data.below, data.above, data.nan) : undefined;
  return (
    <ChartFrame title={title} testId={testId} height={height} csv={csv} note={data ? outside : text.notMeasured}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data?.bars ?? []} margin={CHART_MARGIN} barCategoryGap={1}>
          <CartesianGrid stroke={GRID_COLOR} vertical={false} />
          <XAxis dataKey="mid" tick={AXIS_STYLE} tickFormatter={(value: number) => formatTick(value)} minTickGap={16} />
          <YAxis tick={AXIS_STYLE} width={Y_AXIS_WIDTH} allowDecimals={false} />
          <Tooltip
            labelFormatter={(_, payload) => {
              const bar = payload[0]?.payload as { x0: number; x1: number } | undefined;
              return bar ? `[${formatValue(bar.x0)}, ${formatValue(bar.x1)})` : '';
            }}
            contentStyle={TOOLTIP_STYLE}
            isAnimationActive={false}
          />
          <Bar dataKey="count" fill={colour} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
});
