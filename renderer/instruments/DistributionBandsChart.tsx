import { memo, useCallback } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, ResponsiveContainer, Tooltip, XAxis, YAxis, type TooltipContentProps } from 'recharts';
import { AXIS_STYLE, CHART_MARGIN, formatStep, formatTick, formatValue, GRID_COLOR, Y_AXIS_WIDTH } from './chartStyle';
import { ChartFrame } from './ChartFrame';
import { bandsCsv } from './exportData';
import type { BandPoint } from './series';
import { useInstrumentsText, type InstrumentsText } from './text';
import { chartPropsEqual, type Domain, type RunViews } from './views';

interface ReadoutRun {
  name: string;
  colour: string;
  ranks: readonly number[];
}

/** The exact percentiles of the hovered measurement, for every run drawn. */
function BandReadout({ active, payload, runs, text }: Pick<TooltipContentProps<number, string>, 'active' | 'payload'> & { runs: ReadonlyMap<string, ReadoutRun>; text: InstrumentsText }) {
  if (!active || !payload || payload.length === 0) return null;
  const entries = payload.filter((entry) => entry.dataKey === 'outer' && typeof entry.name === 'string' && runs.has(entry.name));
  if (entries.length === 0) return null;
  return (
    <div className="band-readout" data-testid="band-readout">
      {entries.map((entry) => {
        const run = runs.get(entry.name as string)!;
        const point = entry.payload as BandPoint;
        return (
          <div key={entry.name as string} className="band-readout__run">
            <div className="band-readout__head" style={{ color: run.colour }}>
              {runs.size > 1 ? `${run.name} · ` : ''}
              {text.step(point.step)}
              {point.fromStep !== point.step ? ` (${formatStep(point.fromStep)}–)` : ''}
            </div>
            <table>
              <tbody>
                {[...run.ranks.keys()].reverse().map((index) => (
                  <tr key={index}>
                    <th>{text.rankName(run.ranks[index])}</th>
                    <td data-testid={`band-value-${run.ranks[index]}`} data-value={String(point.values[index])}>
                      {formatValue(point.values[index])}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        );
      })}
    </div>
  );
}

/**
 * A node's distribution over time, the BN paper's figure: min–max (faint), the 15–85 band and
 * the median, one colour per run; hovering reads every percentile of the nearest measurement.
 */
export const DistributionBandsChart = memo(function DistributionBandsChart({
  views,
  steps,
  domain,
  testId,
  height = 190,
}: {
  views: readonly RunViews[];
  steps: Domain;
  domain: Domain | null;
  testId: string;
  height?: number;
}) {
  const text = useInstrumentsText();
  const [first] = views;
  const drawn = views.filter((view) => view.bands !== null);
  const runs = new Map(drawn.map((view) => [view.run.runId, { name: view.run.name, colour: view.run.colour, ranks: view.bands!.ranks }]));
  const title = `${text.bands(first.focusNodeId, first.percentileSource)}${views.length === 1 ? ` · ${first.run.name}` : ''}`;
  const csv = useCallback(() => {
    const [view] = drawn;
    return view ? bandsCsv(view.bands!.ranks, view.bands!.points) : 'step\r\n';
  }, [drawn]);
  const measured = drawn.some((view) => view.bands!.points.length > 0);
  return (
    <ChartFrame title={title} testId={testId} height={height} csv={drawn.length === 1 ? csv : undefined} note={measured ? undefined : text.notMeasured}>
      <ResponsiveContainer width="100%" height="100%">
        {/* One run: its points are the chart's, so the pointer reads the nearest measurement; several: each series brings its own. */}
        <ComposedChart data={drawn.length === 1 ? drawn[0].bands!.points : undefined} margin={CHART_MARGIN}>
          <CartesianGrid stroke={GRID_COLOR} />
          <XAxis dataKey="step" type="number" domain={steps} tick={AXIS_STYLE} tickFormatter={formatStep} allowDuplicatedCategory={false} />
          <YAxis type="number" domain={domain ?? ['auto', 'auto']} allowDataOverflow tick={AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatTick} />
          <Tooltip content={(props) => <BandReadout active={props.active} payload={props.payload} runs={runs} text={text} />} isAnimationActive={false} />
          {drawn.flatMap((view) => [
            <Area
              key={`${view.run.runId}-outer`}
              data={drawn.length === 1 ? undefined : view.bands!.points}
              dataKey="outer"
              name={view.run.runId}
              stroke="none"
              fill={view.run.colour}
              fillOpacity={0.14}
              isAnimationActive={false}
              activeDot={false}
            />,
            <Area
              key={`${view.run.runId}-inner`}
              data={drawn.length === 1 ? undefined : view.bands!.points}
              dataKey="inner"
              name={`${view.run.runId} inner`}
              stroke="none"
              fill={view.run.colour}
              fillOpacity={0.32}
              isAnimationActive={false}
              activeDot={false}
            />,
            <Line
              key={`${view.run.runId}-median`}
              data={drawn.length === 1 ? undefined : view.bands!.points}
              dataKey="median"
              name={`${view.run.runId} median`}
              stroke={view.run.colour}
              strokeWidth={1.5}
              dot={false}
              isAnimationActive={false}
            />,
          ])}
        </ComposedChart>
      </ResponsiveContainer>
    </ChartFrame>
  );
}, chartPropsEqual((view) => view.bands));
