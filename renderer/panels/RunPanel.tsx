import { AccuracyChart, LossChart } from '../charts/MetricCharts';
import { useRunSnapshot } from '../charts/useRunSnapshot';
import { useAppStore } from '../services';

/** Charts redraw at most this often, whatever the frame rate of the worker. */
const REDRAW_INTERVAL_MS = 200;

function Metric({ label, value, testId, digits = 4, percent = false }: { label: string; value: number | null; testId: string; digits?: number; percent?: boolean }) {
  const text = value === null ? '—' : percent ? `${(value * 100).toFixed(1)}%` : value.toFixed(digits);
  return (
    <div className="metric">
      <dt>{label}</dt>
      {/* data-value keeps full precision for tests and tools; the text is rounded for reading. */}
      <dd data-testid={testId} data-value={value === null ? '' : String(value)}>
        {text}
      </dd>
    </div>
  );
}

export function RunPanel() {
  const run = useRunSnapshot(REDRAW_INTERVAL_MS);
  const documentErrors = useAppStore((state) => state.documentErrors);
  const progress = run.totalSteps > 0 ? Math.min(1, run.step / run.totalSteps) : 0;

  return (
    <section className="run-panel" aria-label="Training" data-testid="run-panel">
      <div className="run-panel__metrics">
        <div className="run-panel__progress" aria-label="Progress">
          <div className="run-panel__progress-text">
            Step <span data-testid="run-step" data-value={run.step}>{run.step.toLocaleString('en')}</span>
            {run.totalSteps > 0 && <> / {run.totalSteps.toLocaleString('en')}</>}
          </div>
          <div className="progress-bar">
            <div className="progress-bar__fill" style={{ width: `${progress * 100}%` }} />
          </div>
        </div>
        <dl className="metric-list">
          <Metric label="Loss" value={run.latestLoss} testId="latest-loss" />
          <Metric label="First loss" value={run.firstLoss} testId="first-loss" />
          <Metric label="Train accuracy" value={run.latestAccuracy} testId="latest-accuracy" percent />
          <Metric label="Test accuracy" value={run.latestTestAccuracy} testId="test-accuracy" percent />
        </dl>
        <div className="run-panel__points">
          <span data-testid="points-count" data-value={run.points}>{run.points}</span> points
        </div>
        {run.message && (
          <p className="run-panel__message" role="alert" data-testid="run-message">
            {run.message}
          </p>
        )}
        {documentErrors.map((message) => (
          <p key={message} className="run-panel__message" role="alert" data-testid="document-error">
            {message}
          </p>
        ))}
      </div>
      <LossChart points={run.loss} totalSteps={run.totalSteps} />
      <AccuracyChart train={run.accuracy} test={run.testAccuracy} totalSteps={run.totalSteps} />
    </section>
  );
}
