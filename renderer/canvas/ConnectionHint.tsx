import { useConnection } from '@xyflow/react';
import { kindTitle, useT } from '../i18n';
import { useServices } from '../services';

/**
 * While a wire is dragged over a port that refuses it, says why (a loop, an occupied input, a
 * width Add cannot sum), so a refused connection is never a silent mystery.
 */
export function ConnectionHint() {
  const { store } = useServices();
  const t = useT();
  const ends = useConnection((connection) => {
    if (!connection.inProgress || !connection.toNode) return null;
    const fromSource = connection.fromHandle.type === 'source';
    return { source: fromSource ? connection.fromNode.id : connection.toNode.id, target: fromSource ? connection.toNode.id : connection.fromNode.id };
  });
  if (!ends) return null;
  const problem = store.getState().connectionProblem(ends.source, ends.target);
  if (!problem) return null;
  return (
    <div className="connection-hint" role="alert" data-testid="connection-refused">
      {t.canvas.refused(t.connection(problem, (kind) => kindTitle(t, kind)))}
    </div>
  );
}
