import { BaseEdge, getBezierPath, type EdgeProps } from '@xyflow/react';
import { memo, type CSSProperties } from 'react';
import { useEdgeGradient } from '../instruments/overlays';
import type { NetFlowEdge } from '../nodes/flowTypes';

/**
 * An edge of the graph. Once a run has measured it, its colour and width show the gradient
 * flowing back through it (mean |∂L/∂a| of its source's output, on a log scale), so that a
 * vanishing gradient is visible on the graph itself; selection and drop highlighting still win.
 */
export const NetEdge = memo(function NetEdge({
  id,
  source,
  sourceX,
  sourceY,
  sourcePosition,
  targetX,
  targetY,
  targetPosition,
  markerEnd,
  label,
  labelShowBg,
  labelBgPadding,
  labelBgBorderRadius,
  interactionWidth,
}: EdgeProps<NetFlowEdge>) {
  const gradient = useEdgeGradient(source);
  const [path, labelX, labelY] = getBezierPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition });
  const style = gradient ? ({ '--edge-gradient': gradient.stroke, '--edge-gradient-width': gradient.strokeWidth } as CSSProperties) : undefined;
  return (
    <BaseEdge
      id={id}
      path={path}
      markerEnd={markerEnd}
      label={label}
      labelX={labelX}
      labelY={labelY}
      labelShowBg={labelShowBg}
      labelBgPadding={labelBgPadding}
      labelBgBorderRadius={labelBgBorderRadius}
      interactionWidth={interactionWidth}
      className={gradient ? 'net-edge__path--measured' : undefined}
      style={style}
      data-gradient={gradient?.magnitude}
      data-source={source}
      data-testid="edge-path"
    />
  );
});
