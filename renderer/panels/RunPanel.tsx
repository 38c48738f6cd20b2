import { AccuracyChart, LossChart } from '../charts/MetricCharts';
import { useRunSnapshot } from '../charts/useRunSnapshot';
import { useLocale, useT } from '../i18n';
import { useAppStore } from '../services';

/** Charts redraw at most this often, whatever the frame rate of the worker. */
const REDRAW_INTERVAL_MS = 200;

function Metric({ label, value, testId, digits = 4, percent = false }: { label: string; value: number | null; testId: string; digits?: number; percent?: boolean }) {
  // NaN: not defined, like the accuracy of a reconstruction.
  const text = value === null || Number.isNaN(value) ? '—' : percent ? `${(value * 100).toFixed(1)}%` : value.toFixed(digits);
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
  const t = useT();
  const locale = useLocale();
  const run = useRunSnapshot(REDRAW_INTERVAL_MS);
  const documentErrors = useAppStore((state) => state.documentErrors);
  const divergence = useAppStore((state) => state.divergence);
  const message = run.status === 'diverged' && divergence ? t.run.diverged(divergence.step, divergence.message) : run.message;
  const progress = run.totalSteps > 0 ? Math.min(1, run.step / run.totalSteps) : 0;

  return (
    <section className="run-panel" aria-label={t.run.label} data-testid="run-panel">
      <div className="run-panel__metrics">
        <div className="run-panel__progress" aria-label={t.run.progress}>
          <div className="run-panel__progress-text">
            {t.run.step} <span data-testid="run-step" data-value={run.step}>{run.step.toLocaleString(locale)}</span>
            {run.totalSteps > 0 && <> / {run.totalSteps.toLocaleString(locale)}</>}
          </div>
          <div className="progress-bar">
            <div className="progress-bar__fill" style={{ width: `${progress * 100}%` }} />
          </div>
        </div>
        <dl className="metric-list">
          <Metric label={t.run.loss} value={run.latestLoss} testId="latest-loss" />
          <Metric label={t.run.firstLoss} value={run.firstLoss} testId="first-loss" />
          <Metric label={t.run.trainAccuracy} value={run.latestAccuracy} testId="latest-accuracy" percent />
          <Metric label={t.run.testAccuracy} value={run.latestTestAccuracy} testId="test-accuracy" percent />
        </dl>
        <div className="run-panel__points">
          <span data-testid="points-count" data-value={run.points}>{run.points}</span> {t.run.points}
        </div>
        {message && (
          <p className="run-panel__message" role="alert" data-testid="run-message">
            {message}
          </p>
        )}
        {documentErrors.map((message) => (
          <p key={message} className="run-panel__message" role="alert" data-testid="document-error">
            {message}
          </p>
        ))}
      </div>
      <LossChart points={run.loss} totalSteps={run.totalSteps} text={t.run} />
      <AccuracyChart train={run.accuracy} test={run.testAccuracy} totalSteps={run.totalSteps} text={t.run} />
    </section>
  );
}
