import { useCallback, useRef, useState, type ReactNode } from 'react';
import { useServices } from '../services';
import { fileStem } from './exportData';
import { canvasPng, chartSvgMarkup, svgToPng } from './exportImage';
import { useInstrumentsText } from './text';
import { useOnScreen } from './useOnScreen';

export interface ChartFrameProps {
  title: string;
  /** Stem of exported files; default the title. */
  fileName?: string;
  testId: string;
  height: number;
  /** The chart's data as CSV; no CSV button without it. */
  csv?: () => string;
  /** What the body draws with: recharts' SVG (PNG and SVG exports) or a canvas (PNG only). */
  surface?: 'svg' | 'canvas';
  /** Controls beside the title (a log-scale toggle). */
  actions?: ReactNode;
  /** A line under the chart (outliers, what is not measured). */
  note?: ReactNode;
  children: ReactNode;
}

/** A chart with its title and its exports: CSV of its data, PNG, and SVG of what it draws. */
export function ChartFrame({ title, fileName, testId, height, csv, surface = 'svg', actions, note, children }: ChartFrameProps) {
  const text = useInstrumentsText();
  const { host } = useServices();
  const figure = useRef<HTMLElement>(null);
  const body = useRef<HTMLDivElement>(null);
  const stem = fileStem(fileName ?? title);
  // Off screen, the chart keeps what it drew: the same element again makes React skip the subtree.
  const onScreen = useOnScreen(figure);
  const [drawn, setDrawn] = useState(children);
  if (onScreen && drawn !== children) setDrawn(children);

  const exportCsv = useCallback(() => {
    if (csv) void host.exportFile({ suggestedName: `${stem}.csv`, mimeType: 'text/csv', data: csv() });
  }, [csv, host, stem]);

  const exportImage = useCallback(
    async (format: 'png' | 'svg') => {
      const background = figure.current ? getComputedStyle(figure.current).backgroundColor : '#ffffff';
      const canvas = body.current?.querySelector('canvas');
      if (surface === 'canvas' && canvas) {
        await host.exportFile({ suggestedName: `${stem}.png`, mimeType: 'image/png', data: await canvasPng(canvas) });
        return;
      }
      const svg = body.current?.querySelector<SVGSVGElement>('svg.recharts-surface');
      if (!svg) return;
      const markup = chartSvgMarkup(svg, background);
      if (format === 'svg') {
        await host.exportFile({ suggestedName: `${stem}.svg`, mimeType: 'image/svg+xml', data: markup });
        return;
      }
      const { width, height: svgHeight } = svg.getBoundingClientRect();
      await host.exportFile({ suggestedName: `${stem}.png`, mimeType: 'image/png', data: await svgToPng(markup, width, svgHeight) });
    },
    [host, stem, surface],
  );

  return (
    <figure className="instrument" data-testid={testId} ref={figure}>
      <figcaption className="instrument__head">
        <span className="instrument__title" title={title}>
          {title}
        </span>
        <span className="instrument__actions">
          {actions}
          {csv && (
            <button type="button" className="instrument__button" onClick={exportCsv} data-testid={`${testId}-csv`}>
              {text.exportCsv}
            </button>
          )}
          <button type="button" className="instrument__button" onClick={() => void exportImage('png')} data-testid={`${testId}-png`}>
            {text.exportPng}
          </button>
          {surface === 'svg' && (
            <button type="button" className="instrument__button" onClick={() => void exportImage('svg')} data-testid={`${testId}-svg`}>
              {text.exportSvg}
            </button>
          )}
        </span>
      </figcaption>
      <div className="instrument__body" ref={body} style={{ height }}>
        {onScreen ? children : drawn}
      </div>
      {note && <p className="instrument__note">{note}</p>}
    </figure>
  );
}
