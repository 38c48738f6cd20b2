import type { Dataset } from './dataset';

/** A dataset whose rows are grey images of `height × width` pixels, row-major (`Dataset.width` = height·width). */
export interface ImageDataset extends Dataset {
  image: { height: number; width: number };
}

/** Averages each 2×2 block of pixels: 28×28 MNIST becomes 14×14 (196 inputs) for fast demos. */
export function averagePool2x2(dataset: ImageDataset): ImageDataset {
  const { height, width } = dataset.image;
  if (height % 2 !== 0 || width % 2 !== 0) {
    throw new Error(`2×2 downsampling needs even image sides, got ${height}×${width}`);
  }
  const outHeight = height / 2;
  const outWidth = width / 2;
  const outSize = outHeight * outWidth;
  const features = new Float32Array(dataset.rows * outSize);
  for (let row = 0; row < dataset.rows; row++) {
    const source = row * dataset.width;
    const target = row * outSize;
    for (let y = 0; y < outHeight; y++) {
      for (let x = 0; x < outWidth; x++) {
        const topLeft = source + 2 * y * width + 2 * x;
        features[target + y * outWidth + x] =
          (dataset.features[topLeft] + dataset.features[topLeft + 1] + dataset.features[topLeft + width] + dataset.features[topLeft + width + 1]) / 4;
      }
    }
  }
  return { features, labels: dataset.labels.slice(), rows: dataset.rows, width: outSize, classes: dataset.classes, image: { height: outHeight, width: outWidth } };
}
