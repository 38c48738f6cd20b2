import { memo, useEffect, useRef } from 'react';
import { ChartFrame } from './ChartFrame';
import { greyImage, imageShape, type SampleActivations } from './probes';
import { useInstrumentsText } from './text';

/** One vector as a small grey image, scaled up without smoothing so every unit stays a square. */
function VectorImage({ values, imageSide, label, scale = 4 }: { values: Float32Array; imageSide: number | null; label: string; scale?: number }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const { columns, rows } = imageShape(values.length, imageSide);
  useEffect(() => {
    canvas.current?.getContext('2d')?.putImageData(new ImageData(new Uint8ClampedArray(greyImage(values, columns, rows)), columns, rows), 0, 0);
  }, [values, columns, rows]);
  return (
    <figure className="sample__image">
      <canvas ref={canvas} width={columns} height={rows} style={{ width: columns * scale, height: rows * scale }} className="instrument__pixels" />
      <figcaption>{label}</figcaption>
    </figure>
  );
}

/**
 * One input through the network: the input, every layer's activations as an image (the
 * lecture's flat grey first layer under N(0, 0.01)), and the first layer's weights, each unit's
 * row drawn in the input's shape (learned strokes on MNIST and letters).
 */
export const SampleView = memo(function SampleView({ sample, imageSide, testId, maxFeatures = 16 }: { sample: SampleActivations; imageSide: number | null; testId: string; maxFeatures?: number }) {
  const text = useInstrumentsText();
  const weights = sample.firstWeights;
  const features = weights ? Array.from({ length: Math.min(weights.rows, maxFeatures) }, (_, unit) => weights.values.subarray(unit * weights.columns, (unit + 1) * weights.columns)) : [];
  return (
    <ChartFrame title={text.sample(sample.index, sample.label)} testId={testId} height={260} surface="canvas">
      <div className="sample">
        <div className="sample__row">
          <VectorImage values={sample.input} imageSide={imageSide} label={text.sampleInput} scale={3} />
          {sample.layers.map((layer) => (
            <VectorImage key={layer.nodeId} values={layer.values} imageSide={null} label={layer.nodeId} scale={6} />
          ))}
        </div>
        {features.length > 0 && (
          <div className="sample__row" aria-label={text.firstWeights}>
            {features.map((values, unit) => (
              <VectorImage key={unit} values={values} imageSide={imageSide} label={`#${unit}`} scale={2} />
            ))}
          </div>
        )}
      </div>
    </ChartFrame>
  );
});
