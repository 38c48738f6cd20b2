import type { HistogramStats } from '../../engine/stats/collect';
import { METRIC_ACCURACY, METRIC_LOSS, METRIC_STEP, NODE_FIELDS, type NodeField, type RunHistory } from './history';
import type { RingBuffer } from './ring';
import type { BandPoint, SeriesPoint } from './series';

/**
 * Exports of a run's data: any series as CSV (RFC 4180, "." decimals, empty cells for values
 * that do not exist), a whole run's statistics as JSON (NaN and infinities as null, as JSON
 * has no other way to say it).
 */

type Cell = string | number | null;

function csvCell(cell: Cell): string {
  if (cell === null || (typeof cell === 'number' && !Number.isFinite(cell))) return '';
  const text = String(cell);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly Cell[])[]): string {
  for (const [index, row] of rows.entries()) {
    if (row.length !== header.length) throw new RangeError(`CSV row ${index} has ${row.length} cells, the header ${header.length}`);
  }
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** Several series of one quantity (one per run, say) side by side, joined on the step. */
export function seriesCsv(series: readonly { name: string; points: readonly SeriesPoint[] }[]): string {
  const steps = [...new Set(series.flatMap(({ points }) => points.map((point) => point.step)))].sort((a, b) => a - b);
  const lookups = series.map(({ points }) => new Map(points.map((point) => [point.step, point.value])));
  return toCsv(
    ['step', ...series.map(({ name }) => name)],
    steps.map((step) => [step, ...lookups.map((lookup) => lookup.get(step) ?? null)]),
  );
}

/** Percentile bands: one column per measured rank. */
export function bandsCsv(ranks: readonly number[], points: readonly BandPoint[]): string {
  return toCsv(
    ['step', ...ranks.map((rank) => `p${rank}`)],
    points.map((point) => [point.step, ...point.values]),
  );
}

/** Every metric point of the run at full resolution (what the history holds). */
export function metricsCsv(history: RunHistory): string {
  const rows = (ring: RingBuffer, split: string) =>
    Array.from({ length: ring.length }, (_, index): Cell[] => [split, ring.get(index, METRIC_STEP), ring.get(index, METRIC_LOSS), ring.get(index, METRIC_ACCURACY)]);
  return toCsv(['split', 'step', 'loss', 'accuracy'], [...rows(history.train, 'train'), ...rows(history.test, 'test')]);
}

const jsonNumber = (value: number): number | null => (Number.isFinite(value) ? value : null);

function ringColumns<Name extends string>(ring: RingBuffer, names: readonly Name[]): Record<Name, (number | null)[]> {
  return Object.fromEntries(names.map((name, column) => [name, Array.from({ length: ring.length }, (_, index) => jsonNumber(ring.get(index, column)))])) as Record<
    Name,
    (number | null)[]
  >;
}

function histogramJson(histogram: HistogramStats) {
  return { lo: histogram.lo, hi: histogram.hi, counts: Array.from(histogram.counts), below: histogram.below, above: histogram.above, nan: histogram.nan };
}

export interface RunDescription {
  runId: string;
  name: string;
  status: string;
}

/** A whole run's statistics: metrics, every measurement of every node, the latest histograms. */
export function runStatistics(history: RunHistory, run: RunDescription) {
  const measurements = Array.from({ length: history.measurements }, (_, index) => index);
  return {
    format: 'netoscope-run',
    version: 1,
    run: { ...run, step: history.step, epoch: history.epoch },
    percentileRanks: [...history.ranks],
    dropped: { train: history.train.dropped, test: history.test.dropped, measurements: history.stats.dropped },
    train: ringColumns(history.train, ['step', 'loss', 'accuracy']),
    test: ringColumns(history.test, ['step', 'loss', 'accuracy']),
    measurementSteps: measurements.map((index) => history.measurementStep(index)),
    nodes: history.layout.nodes.map((node) => {
      const latest = history.latest.get(node.nodeId);
      return {
        nodeId: node.nodeId,
        kind: node.kind,
        ...(node.fn ? { fn: node.fn } : {}),
        width: node.width,
        series: Object.fromEntries(
          NODE_FIELDS.map((field: NodeField) => [field, measurements.map((index) => jsonNumber(history.nodeValue(index, node.nodeId, field)))]),
        ) as Record<NodeField, (number | null)[]>,
        percentiles: measurements.map((index) => history.ranks.map((_, rank) => jsonNumber(history.percentile(index, node.nodeId, rank)))),
        latestHistogram: latest ? histogramJson(latest.histogram) : null,
        latestWeightHistogram: latest?.weight?.histogram ? histogramJson(latest.weight.histogram) : null,
      };
    }),
  };
}

export function runStatisticsJson(history: RunHistory, run: RunDescription): string {
  return JSON.stringify(runStatistics(history, run), null, 1);
}

/** A file name from free text (a run's name, a chart's title): no path separators or reserved characters. */
export function fileStem(text: string): string {
  const printable = [...text].map((character) => (character.charCodeAt(0) < 0x20 ? ' ' : character)).join('');
  const stem = printable
    .replace(/[\\/:*?"<>|]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return stem.length > 0 ? stem.slice(0, 120) : 'netoscope';
}
