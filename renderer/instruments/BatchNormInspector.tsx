import { memo, useCallback, type ReactNode } from 'react';
import { CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { AXIS_STYLE, CHART_MARGIN, formatStep, formatTick, formatValue, GRID_COLOR, TOOLTIP_STYLE, Y_AXIS_WIDTH } from './chartStyle';
import { ChartFrame } from './ChartFrame';
import { toCsv } from './exportData';
import type { BatchNormStats } from '../../engine/stats/collect';
import { batchNormUnits, type BatchNormOverviewPoint, type BatchNormUnitRow } from './probes';
import { useInstrumentsText } from './text';
import type { Domain } from './views';

/**
 * A BatchNorm node: over time, the mean and std of the batch it normalised (all units together)
 * against what came out; and per unit, at the latest measurement (`BatchNormStats`), the
 * batch against the running mean and variance and the learned γ and β.
 */
export const BatchNormInspector = memo(function BatchNormInspector({
  nodeId,
  runName,
  colour,
  points,
  units,
  steps,
  testId,
  height = 170,
}: {
  nodeId: string;
  runName: string;
  colour: string;
  points: readonly BatchNormOverviewPoint[];
  units: BatchNormStats | null;
  steps: Domain;
  testId: string;
  height?: number;
}) {
  const text = useInstrumentsText();
  const csv = useCallback(() => toCsv(['step', 'inputMean', 'inputStd', 'outputMean', 'outputStd'], points.map((point) => [point.step, point.inputMean, point.inputStd, point.outputMean, point.outputStd])), [points]);
  const rows = units ? batchNormUnits(units) : null;
  return (
    <>
      <ChartFrame title={`${text.batchNorm(nodeId)} · ${runName}`} testId={testId} height={height} csv={csv} note={points.length === 0 ? text.notMeasured : undefined}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={[...points]} margin={CHART_MARGIN}>
            <CartesianGrid stroke={GRID_COLOR} />
            <XAxis dataKey="step" type="number" domain={steps} tick={AXIS_STYLE} tickFormatter={formatStep} />
            <YAxis type="number" domain={['auto', 'auto']} tick={AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatTick} />
            <Tooltip formatter={(value) => formatValue(Number(value))} labelFormatter={(step) => text.step(Number(step))} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
            <Line dataKey="inputMean" name={text.inputMean} stroke="var(--series-muted)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
            <Line dataKey="inputStd" name={text.inputStd} stroke="var(--series-muted)" strokeDasharray="4 3" strokeWidth={1.5} dot={false} isAnimationActive={false} />
            <Line dataKey="outputMean" name={text.outputMean} stroke={colour} strokeWidth={2} dot={false} isAnimationActive={false} />
            <Line dataKey="outputStd" name={text.outputStd} stroke={colour} strokeDasharray="4 3" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </ChartFrame>
      {rows && (
        <ChartFrame
          title={`${text.batchNorm(nodeId)}: ${text.batchMean} / ${text.runningMean}, γ, β`}
          testId={`${testId}-units`}
          height={height}
          csv={() => toCsv(['unit', 'batchMean', 'runningMean', 'batchVariance', 'runningVariance', 'gamma', 'beta'], rows.map((row) => [row.unit, row.batchMean, row.runningMean, row.batchVariance, row.runningVariance, row.gamma, row.beta]))}
        >
          <UnitsChart rows={rows} unitLabel={text.unit}>
            <Line dataKey="batchMean" name={text.batchMean} stroke="none" dot={{ r: 2, fill: 'var(--series-muted)' }} isAnimationActive={false} />
            <Line dataKey="runningMean" name={text.runningMean} stroke="none" dot={{ r: 2, fill: colour }} isAnimationActive={false} />
            <Line dataKey="gamma" name={text.gamma} stroke="var(--group-normalization)" strokeWidth={1} dot={false} isAnimationActive={false} />
            <Line dataKey="beta" name={text.beta} stroke="var(--group-output)" strokeWidth={1} dot={false} isAnimationActive={false} />
          </UnitsChart>
        </ChartFrame>
      )}
      {rows && (
        <ChartFrame title={`${text.batchNorm(nodeId)}: ${text.batchVariance} / ${text.runningVariance}`} testId={`${testId}-variance`} height={height}>
          <UnitsChart rows={rows} unitLabel={text.unit}>
            <Line dataKey="batchVariance" name={text.batchVariance} stroke="none" dot={{ r: 2, fill: 'var(--series-muted)' }} isAnimationActive={false} />
            <Line dataKey="runningVariance" name={text.runningVariance} stroke="none" dot={{ r: 2, fill: colour }} isAnimationActive={false} />
          </UnitsChart>
        </ChartFrame>
      )}
    </>
  );
});

/** Values per unit of a layer (unit index along x), one `<Line>` child per series. */
function UnitsChart({ rows, unitLabel, children }: { rows: BatchNormUnitRow[]; unitLabel: string; children: ReactNode }) {
  return (
    <ResponsiveContainer width="100%" height="100%">
      <LineChart data={rows} margin={CHART_MARGIN}>
        <CartesianGrid stroke={GRID_COLOR} />
        <XAxis dataKey="unit" type="number" tick={AXIS_STYLE} allowDecimals={false} />
        <YAxis type="number" tick={AXIS_STYLE} width={Y_AXIS_WIDTH} tickFormatter={formatTick} />
        <Tooltip formatter={(value) => formatValue(Number(value))} labelFormatter={(unit) => `${unitLabel} ${unit}`} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
        {children}
      </LineChart>
    </ResponsiveContainer>
  );
}
