import type { StatFrame } from '../../engine/protocol';

/** A frame of consecutive reported steps ending at the last of `steps`. */
export function frame(runId: string, steps: number[], loss: number[], testAccuracy = 0.5): StatFrame {
  return {
    type: 'frame',
    runId,
    step: steps[steps.length - 1],
    epoch: 0,
    steps: Float64Array.from(steps),
    loss: Float32Array.from(loss),
    accuracy: Float32Array.from(loss.map((value) => 1 - value / 2)),
    testAccuracy,
  };
}
