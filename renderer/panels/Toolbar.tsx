import { isRunActive, type RunStatus } from '../store';
import { useAppStore, useServices } from '../services';

const STATUS_LABELS: Record<RunStatus, string> = {
  idle: 'Ready',
  starting: 'Starting…',
  running: 'Training',
  paused: 'Paused',
  stopped: 'Stopped',
  finished: 'Finished',
  diverged: 'Diverged',
  failed: 'Failed',
};

export function Toolbar() {
  const { store, runClient, commands } = useServices();
  const name = useAppStore((state) => state.document.name);
  const status = useAppStore((state) => state.runStatus);
  const active = isRunActive(status);

  return (
    <header className="toolbar" data-testid="toolbar">
      <span className="toolbar__brand">Netoscope</span>
      <input
        className="toolbar__name"
        aria-label="Document name"
        value={name}
        onChange={(event) => store.getState().renameDocument(event.target.value)}
        data-testid="document-name"
      />
      <div className="toolbar__group" role="group" aria-label="Document">
        <button type="button" className="button" onClick={commands.newDocument} data-testid="new-document">
          New
        </button>
        <button type="button" className="button" onClick={() => void commands.openDocument()} data-testid="open-document">
          Open…
        </button>
        <button type="button" className="button" onClick={() => void commands.saveDocument()} data-testid="save-document">
          Save
        </button>
      </div>
      <div className="toolbar__group" role="group" aria-label="Run">
        <button type="button" className="button button--primary" disabled={active} onClick={() => runClient.train()} data-testid="train">
          Train
        </button>
        <button
          type="button"
          className="button"
          disabled={status !== 'running' && status !== 'paused'}
          onClick={() => (status === 'paused' ? runClient.resume() : runClient.pause())}
          data-testid="pause-resume"
        >
          {status === 'paused' ? 'Resume' : 'Pause'}
        </button>
        <button type="button" className="button" disabled={!active} onClick={() => runClient.stop()} data-testid="stop">
          Stop
        </button>
      </div>
      <span className={`status status--${status}`} data-testid="run-status" data-status={status}>
        {STATUS_LABELS[status]}
      </span>
    </header>
  );
}
