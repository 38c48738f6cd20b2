import { memo, useEffect, useMemo, useRef, type ReactNode } from 'react';
import { ChartFrame } from './ChartFrame';
import { greyImage, imageShape, symmetricRange, type SampleActivations } from './probes';
import { useInstrumentsText } from './text';

/** CSS pixels of the longer side of each picture: the input, a layer's output, one unit's weights. */
const INPUT_SIZE = 84;
const LAYER_SIZE = 56;
const FEATURE_SIZE = 40;

/** One vector as a small grey image, scaled up without smoothing so every unit stays a square. */
function VectorImage({
  values,
  imageSide,
  label,
  size,
  range = null,
  nodeId,
}: {
  values: Float32Array;
  imageSide: number | null;
  label: string;
  size: number;
  range?: readonly [number, number] | null;
  nodeId?: string;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { columns, rows } = imageShape(values.length, imageSide);
  useEffect(() => {
    canvas.current?.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(greyImage(values, columns, rows, range)), columns, rows), 0, 0);
  }, [values, columns, rows, range]);
  const scale = size / Math.max(columns, rows);
  return (
    <figure className="sample__image">
      <canvas ref={canvas} width={columns} height={rows} style={{ width: columns * scale, height: rows * scale }} className="instrument__pixels" data-node-id={nodeId} />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/**
 * One input through the network (a `sample` probe of the run's worker): the input, every
 * layer's output as an image (the lecture's flat grey first layer under N(0, 0.01)), and the
 * first Dense layer's weights, each unit's row drawn in the input's shape (learned strokes on
 * MNIST and letters). Before the first answer, a line saying so.
 */
export const SampleView = memo(function SampleView({
  sample,
  imageSide,
  ranges,
  problem = null,
  actions,
  testId,
  maxFeatures = 64,
}: {
  sample: SampleActivations | null;
  /** The side of the dataset's square images (datasetImageSide), null for tabular data. */
  imageSide: number | null;
  /** The fixed grey scale of bounded layers' outputs (outputRange), by node id. */
  ranges: ReadonlyMap<string, [number, number]>;
  /** Why the sample is not (or no longer) updated. */
  problem?: string | null;
  /** Controls beside the title: which example. */
  actions?: ReactNode;
  testId: string;
  maxFeatures?: number;
}) {
  const text = useInstrumentsText();
  const weights = sample?.firstWeights ?? null;
  // Each unit's weights on its own symmetric scale: 0 is mid grey, the sign shows as light or dark.
  const features = useMemo(
    () =>
      weights
        ? Array.from({ length: Math.min(weights.rows, maxFeatures) }, (_, unit) => {
            const values = weights.values.subarray(unit * weights.columns, (unit + 1) * weights.columns);
            return { values, range: symmetricRange(values) };
          })
        : [],
    [weights, maxFeatures],
  );
  const title = sample ? `${text.sample(sample.split, sample.index, sample.label)} · ${text.step(sample.step)}` : text.sampleTitle;
  return (
    <ChartFrame title={title} testId={testId} height={320} surface="canvas" actions={actions} note={problem ? text.probeProblem(problem) : undefined}>
      {sample ? (
        <div className="sample" data-step={sample.step}>
          <div className="sample__row" aria-label={text.layerOutputs} data-testid={`${testId}-layers`}>
            <VectorImage values={sample.input} imageSide={imageSide} label={text.sampleInput} size={INPUT_SIZE} nodeId="input" />
            {sample.layers.map((layer) => (
              <VectorImage key={layer.nodeId} values={layer.values} imageSide={null} label={layer.nodeId} size={LAYER_SIZE} range={ranges.get(layer.nodeId)} nodeId={layer.nodeId} />
            ))}
          </div>
          {weights && (
            <>
              <p className="sample__caption">{text.firstWeights(weights.nodeId, features.length, weights.rows)}</p>
              <div className="sample__row sample__row--features" data-testid={`${testId}-features`}>
                {features.map(({ values, range }, unit) => (
                  <VectorImage key={unit} values={values} imageSide={imageSide} label={String(unit)} size={FEATURE_SIZE} range={range} />
                ))}
              </div>
            </>
          )}
        </div>
      ) : (
        <p className="sample__waiting">{text.probeWaiting}</p>
      )}
    </ChartFrame>
  );
});
