import type { CompiledPlan } from '../engine/document/plan';
import type { DivergedMessage, FrameStats, RunState, StatFrame } from '../engine/protocol';
import type { OutputFormat } from './args';

/**
 * The CLI's reports and their three formats. The JSON lines are the machine interface:
 * docs/CLI.md documents every field, and changing one is a breaking change.
 */

/** The percentile ranks every report shows (the lecture's 15/50/85); the CLI always measures them. */
export const REPORTED_RANKS = [15, 50, 85] as const;

export interface RunInfo {
  name: string;
  /** The document's name (with the variant's, for a variant). */
  document: string;
  /** null when the run is given in epochs. */
  steps: number | null;
  epochs: number | null;
  every: number;
  /** Ranks of NodeStats.percentiles, ascending. */
  ranks: readonly number[];
  /** Each measured node's kind: the activation function for activations ('tanh'), else the layer kind. */
  kinds: ReadonlyMap<string, string>;
}

export function nodeKinds(plan: CompiledPlan): Map<string, string> {
  return new Map([[plan.inputNodeId, 'input'], ...plan.layers.map((layer): [string, string] => [layer.nodeId, layer.kind === 'activation' ? layer.fn : layer.kind])]);
}

export interface NodeRow {
  id: string;
  kind: string;
  /** Of the node's output. */
  mean: number;
  std: number;
  min: number;
  max: number;
  /** By rank; of the pre-activation for activations, of the output for the others (`percentilesOf`). */
  percentiles: Record<string, number>;
  percentilesOf: 'preActivation' | 'output';
  saturated: number | null;
  dead: number | null;
  outputGradMeanAbs: number | null;
  weightGradMeanAbs: number | null;
  weightGradRms: number | null;
  updateRatio: number | null;
}

export interface Report {
  run: RunInfo;
  step: number;
  epoch: number;
  /** Means over the steps since the previous report. */
  loss: number;
  accuracy: number;
  testLoss: number;
  testAccuracy: number;
  /** Empty when the frame carries no measurement (a run stopped between two). */
  nodes: NodeRow[];
}

/** A frame as a report; `previousStep` is the step of the previous report (0 for the first). */
export function reportOf(run: RunInfo, frame: StatFrame, previousStep: number): Report {
  let steps = 0;
  let loss = 0;
  let accuracy = 0;
  frame.steps.forEach((step, i) => {
    const weight = step - (i === 0 ? previousStep : frame.steps[i - 1]);
    steps += weight;
    loss += weight * frame.loss[i];
    accuracy += weight * frame.accuracy[i];
  });
  return {
    run,
    step: frame.step,
    epoch: frame.epoch,
    loss: loss / steps,
    accuracy: accuracy / steps,
    // The CLI's frames are lockstep ones, which always carry the test metrics.
    testLoss: frame.test?.loss ?? NaN,
    testAccuracy: frame.test?.accuracy ?? NaN,
    // Lockstep frames carry at most one measurement.
    nodes: frame.stats.length > 0 ? nodeRows(run, frame.stats[frame.stats.length - 1]) : [],
  };
}

function nodeRows(run: RunInfo, stats: FrameStats): NodeRow[] {
  return stats.nodes.map((node) => ({
    id: node.nodeId,
    kind: run.kinds.get(node.nodeId) ?? 'unknown',
    mean: node.output.mean,
    std: node.output.std,
    min: node.output.min,
    max: node.output.max,
    percentiles: Object.fromEntries(run.ranks.map((rank, i) => [String(rank), node.percentiles[i]])),
    percentilesOf: node.percentileSource,
    saturated: node.saturatedFraction,
    dead: node.deadFraction,
    outputGradMeanAbs: node.outputGradient?.meanAbs ?? null,
    weightGradMeanAbs: node.weight?.gradient.meanAbs ?? null,
    weightGradRms: node.weight?.gradient.rms ?? null,
    updateRatio: node.weight?.updateRatio ?? null,
  }));
}

export interface Formatter {
  /** Written once, before anything else. */
  header(): string;
  started(run: RunInfo): string;
  report(report: Report): string;
  diverged(run: RunInfo, divergence: DivergedMessage): string;
  /** `error`: why a failed run failed. */
  ended(run: RunInfo, state: RunState, step: number, error: string | null): string;
}

export function createFormatter(format: OutputFormat, multipleRuns: boolean): Formatter {
  switch (format) {
    case 'table':
      return tableFormatter(multipleRuns);
    case 'json':
      return jsonFormatter;
    case 'csv':
      return csvFormatter;
    default: {
      const unknown: never = format;
      throw new Error(`Unknown format ${JSON.stringify(unknown)}`);
    }
  }
}

const line = (value: unknown): string => `${JSON.stringify(value)}\n`;

const jsonFormatter: Formatter = {
  header: () => '',
  started: (run) => line({ type: 'start', run: run.name, document: run.document, steps: run.steps, epochs: run.epochs, every: run.every }),
  report: ({ run, nodes, ...metrics }) => line({ type: 'report', run: run.name, ...metrics, nodes }),
  diverged: (run, { step, nodeId, pass, message }) => line({ type: 'diverged', run: run.name, step, nodeId, pass, message }),
  ended: (run, state, step, error) => line({ type: 'end', run: run.name, state, step, error }),
};

const CSV_COLUMNS = [
  'run',
  'step',
  'epoch',
  'loss',
  'accuracy',
  'test_loss',
  'test_accuracy',
  'node',
  'kind',
  'weight_grad_mean_abs',
  'mean',
  'std',
  'p15',
  'p50',
  'p85',
  'saturated',
  'dead',
  'update_ratio',
  'output_grad_mean_abs',
];

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

const csvFormatter: Formatter = {
  header: () => `${CSV_COLUMNS.join(',')}\n`,
  started: () => '',
  report(report) {
    const metrics = [report.run.name, report.step, report.epoch, report.loss, report.accuracy, report.testLoss, report.testAccuracy];
    const rows = report.nodes.length === 0 ? [[...metrics, ...CSV_COLUMNS.slice(metrics.length).map(() => null)]] : report.nodes.map((node) => [
      ...metrics,
      node.id,
      node.kind,
      node.weightGradMeanAbs,
      node.mean,
      node.std,
      ...REPORTED_RANKS.map((rank) => node.percentiles[rank]),
      node.saturated,
      node.dead,
      node.updateRatio,
      node.outputGradMeanAbs,
    ]);
    return rows.map((row) => `${row.map(csvCell).join(',')}\n`).join('');
  },
  diverged: () => '',
  ended: () => '',
};

/** Four significant decimals where they fit, else scientific notation; '-' where a column does not apply. */
export function formatNumber(value: number | null): string {
  if (value === null) return '-';
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  return magnitude >= 1e-3 && magnitude < 1e5 ? value.toFixed(4) : value.toExponential(2);
}

const TABLE_HEADINGS = ['node', 'kind', 'mean|dW|', 'mean', 'std', 'p15', 'p50', 'p85', 'saturated', 'dead'];

function tableFormatter(multipleRuns: boolean): Formatter {
  const prefix = (run: RunInfo): string => (multipleRuns ? `[${run.name}] ` : '');
  return {
    header: () => '',
    started(run) {
      const length = run.steps === null ? `${run.epochs} epochs` : `${run.steps} steps`;
      return `${prefix(run)}${run.document}: ${length}, a report every ${run.every} steps\n`;
    },
    report(report) {
      const { run } = report;
      const summary = [
        `step ${report.step}`,
        `epoch ${report.epoch}`,
        `loss ${formatNumber(report.loss)}`,
        `accuracy ${formatNumber(report.accuracy)}`,
        `test loss ${formatNumber(report.testLoss)}`,
        `test accuracy ${formatNumber(report.testAccuracy)}`,
      ].join('  ');
      if (report.nodes.length === 0) return `\n${prefix(run)}${summary}\n`;
      const rows = report.nodes.map((node) => [
        node.id,
        node.kind,
        formatNumber(node.weightGradMeanAbs),
        formatNumber(node.mean),
        formatNumber(node.std),
        ...REPORTED_RANKS.map((rank) => formatNumber(node.percentiles[rank])),
        formatNumber(node.saturated),
        formatNumber(node.dead),
      ]);
      return `\n${prefix(run)}${summary}\n${alignColumns([TABLE_HEADINGS, ...rows])}`;
    },
    diverged: (run, divergence) => `\n${prefix(run)}Diverged: ${divergence.message}\n`,
    ended(run, state, step, error) {
      const how = error ? `${state} after ${step} steps: ${error.split('\n')[0]}` : `${state} after ${step} steps`;
      return `\n${prefix(run)}${run.document}: ${how}\n`;
    },
  };
}

/** Text columns: the first two left-aligned (names), the others right-aligned (numbers). */
function alignColumns(rows: readonly string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows.map((row) => `  ${row.map((cell, column) => (column < 2 ? cell.padEnd(widths[column]) : cell.padStart(widths[column]))).join('  ')}\n`).join('');
}
