import { memo, useEffect, useRef } from 'react';
import { ChartFrame } from './ChartFrame';
import { CLASS_RGB } from './colours';
import { decisionImage, type DecisionGrid, type PlanePoints } from './probes';
import { useInstrumentsText } from './text';

const SIZE = 320;

/**
 * The decision boundary of a 2-D dataset: the network's class probabilities over the plane as a
 * heat map (DecisionGrid, from the worker) under the data points. Without a grid yet, the points alone.
 */
export const DecisionBoundary = memo(function DecisionBoundary({
  grid,
  points,
  bounds,
  problem = null,
  testId,
}: {
  grid: DecisionGrid | null;
  points: PlanePoints | null;
  /** The plane shown, [x0, x1] × [y0, y1]; the grid's when there is one. */
  bounds: { x: [number, number]; y: [number, number] };
  /** Why the grid is not (or no longer) updated. */
  problem?: string | null;
  testId: string;
}) {
  const text = useInstrumentsText();
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.clearRect(0, 0, SIZE, SIZE);
    const { x, y } = grid ?? bounds;
    if (grid) {
      const cells = document.createElement('canvas');
      cells.width = grid.columns;
      cells.height = grid.rows;
      cells.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(decisionImage(grid, CLASS_RGB)), grid.columns, grid.rows), 0, 0);
      context.imageSmoothingEnabled = true;
      context.drawImage(cells, 0, 0, SIZE, SIZE);
    }
    if (!points) return;
    context.lineWidth = 1;
    context.strokeStyle = 'rgba(255, 255, 255, 0.9)';
    for (let index = 0; index < points.labels.length; index += 1) {
      const [r, g, b] = CLASS_RGB[points.labels[index] % CLASS_RGB.length];
      context.fillStyle = `rgb(${r}, ${g}, ${b})`;
      const px = ((points.x[index] - x[0]) / (x[1] - x[0])) * SIZE;
      const py = SIZE - ((points.y[index] - y[0]) / (y[1] - y[0])) * SIZE;
      context.beginPath();
      context.arc(px, py, 3, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
  }, [grid, points, bounds]);
  return (
    <ChartFrame
      title={grid ? `${text.decisionBoundary} · ${text.step(grid.step)}` : text.decisionBoundary}
      testId={testId}
      height={SIZE}
      surface="canvas"
      note={problem ? text.probeProblem(problem) : undefined}
    >
      <canvas ref={canvas} width={SIZE} height={SIZE} className="instrument__canvas" data-grid-step={grid?.step ?? ''} />
    </ChartFrame>
  );
});
