import { memo } from 'react';
import { useNodeSparkline } from './overlays';

/**
 * A node card's sparkline: its latest output histogram as tiny bars (heights relative to the
 * tallest bin, `histogramHeights`). Nothing before the first measurement.
 */
export const NodeSparkline = memo(function NodeSparkline({ bins, width = 64, height = 16, colour = 'var(--accent)' }: { bins: readonly number[] | null; width?: number; height?: number; colour?: string }) {
  if (!bins || bins.length === 0) return null;
  return (
    <svg className="node-sparkline" width={width} height={height} viewBox={`0 0 ${width} ${height}`} aria-hidden="true" data-testid="node-sparkline">
      <path d={barsPath(bins, width, height)} fill={colour} />
    </svg>
  );
});

/** The bars as one path: a canvas of sixty cards redraws sixty elements, not two thousand. */
function barsPath(bins: readonly number[], width: number, height: number): string {
  const barWidth = width / bins.length;
  const drawn = Math.max(0.5, barWidth - 0.5);
  return bins
    .map((value, index) => {
      const barHeight = Math.max(value > 0 ? 1 : 0, value * height);
      return barHeight > 0 ? `M${(index * barWidth).toFixed(2)} ${height}h${drawn.toFixed(2)}v${(-barHeight).toFixed(2)}h${(-drawn).toFixed(2)}z` : '';
    })
    .join('');
}

/**
 * The sparkline of a node card, from the run the canvas stands for. Its own component, so that a
 * new measurement re-renders the sparklines and never the cards around them.
 */
export const LiveNodeSparkline = memo(function LiveNodeSparkline({ nodeId, title }: { nodeId: string; title: string }) {
  const bins = useNodeSparkline(nodeId);
  if (!bins) return null;
  return (
    <div className="net-node__sparkline" title={title}>
      <NodeSparkline bins={bins} width={120} height={18} />
    </div>
  );
});
