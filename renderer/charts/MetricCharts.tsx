import { memo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Messages } from '../i18n';
import { formatStep } from '../instruments/chartStyle';
import type { AccuracyPoint, LossPoint } from './snapshot';

type ChartText = Messages['run'];

// Colours are the theme's CSS variables, so the charts follow light and dark.
const AXIS_STYLE = { fontSize: 13, fill: 'var(--muted)' };
const GRID_COLOR = 'var(--border-soft)';
const TOOLTIP_STYLE = { background: 'var(--panel)', borderColor: 'var(--border)', color: 'var(--text)' };
const CHART_MARGIN = { top: 8, right: 16, bottom: 4, left: 0 };

function stepDomain(totalSteps: number): [number, number | 'dataMax'] {
  return [0, totalSteps > 0 ? totalSteps : 'dataMax'];
}

export const LossChart = memo(function LossChart({ points, totalSteps, text }: { points: LossPoint[]; totalSteps: number; text: ChartText }) {
  return (
    <figure className="chart" data-testid="loss-chart">
      <figcaption className="chart__title">{text.lossChart}</figcaption>
      <div className="chart__body">
        {points.length === 0 && <p className="chart__empty">{text.lossEmpty}</p>}
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={CHART_MARGIN}>
            <CartesianGrid stroke={GRID_COLOR} />
            <XAxis dataKey="step" type="number" domain={stepDomain(totalSteps)} tick={AXIS_STYLE} tickFormatter={formatStep} />
            <YAxis type="number" domain={['auto', 'auto']} tick={AXIS_STYLE} width={48} tickFormatter={(value: number) => value.toFixed(2)} />
            <Tooltip formatter={(value) => Number(value).toFixed(4)} labelFormatter={(step) => text.stepLabel(String(step))} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
            <Line dataKey="loss" name={text.loss} stroke="var(--accent)" strokeWidth={2} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});

export const AccuracyChart = memo(function AccuracyChart({
  train,
  test,
  totalSteps,
  text,
}: {
  train: AccuracyPoint[];
  test: AccuracyPoint[];
  totalSteps: number;
  text: ChartText;
}) {
  return (
    <figure className="chart" data-testid="accuracy-chart">
      <figcaption className="chart__title">{text.accuracyChart}</figcaption>
      <div className="chart__body">
        {train.length === 0 && <p className="chart__empty">{text.accuracyEmpty}</p>}
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={CHART_MARGIN}>
            <CartesianGrid stroke={GRID_COLOR} />
            <XAxis dataKey="step" type="number" domain={stepDomain(totalSteps)} tick={AXIS_STYLE} tickFormatter={formatStep} allowDuplicatedCategory={false} />
            <YAxis type="number" domain={[0, 1]} tick={AXIS_STYLE} width={48} tickFormatter={(value: number) => `${Math.round(value * 100)}%`} />
            <Tooltip formatter={(value) => `${(Number(value) * 100).toFixed(1)}%`} labelFormatter={(step) => text.stepLabel(String(step))} contentStyle={TOOLTIP_STYLE} isAnimationActive={false} />
            <Legend verticalAlign="top" height={24} iconType="plainline" />
            <Line data={train} dataKey="accuracy" name={text.trainSeries} stroke="var(--series-muted)" strokeWidth={1.5} dot={false} isAnimationActive={false} />
            <Line data={test} dataKey="accuracy" name={text.testSeries} stroke="var(--ok)" strokeWidth={2.5} dot={false} isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  );
});
