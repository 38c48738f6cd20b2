import { useCanvasRun } from '../instruments/overlays';
import { useT } from '../i18n';

/**
 * Names the run whose measurements the cards' sparklines and the wires' colours show: the last
 * Train, or a comparison's first visible variant, which may differ from the graph on the canvas.
 */
export function CanvasRunBadge() {
  const t = useT();
  const run = useCanvasRun();
  if (!run) return null;
  return (
    <div className="canvas-run" data-testid="canvas-run" title={t.canvas.overlayTitle}>
      <span className="canvas-run__swatch" style={{ background: run.colour }} />
      {t.canvas.overlayRun(run.name, run.step)}
    </div>
  );
}
