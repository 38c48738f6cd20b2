import { newDocument as presetDocument } from '../../engine/document/defaults';
import { defaultParams } from '../../engine/document/nodes';
import type { NetDocument } from '../../engine/document/types';

/**
 * What New opens: only the two ends of a network, far enough apart to drop layers between
 * them, with the dataset and training settings of the default document.
 */
export function blankDocument(): NetDocument {
  const preset = presetDocument();
  return {
    ...preset,
    name: 'Untitled',
    graph: {
      nodes: [
        { id: 'input', kind: 'input', params: defaultParams('input'), position: { x: 0, y: 120 } },
        { id: 'output', kind: 'output', params: defaultParams('output'), position: { x: 1000, y: 120 } },
      ],
      edges: [],
    },
  };
}
