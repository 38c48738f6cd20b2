import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Reads the exporter's tensor format (an index JSON naming each tensor's shape and byte offset
 * in a raw little-endian float32 file): the test's side of weights.json and of compare.py's
 * results. The index's other fields come back as `meta`.
 */
export function readTensors(indexPath: string): { meta: Record<string, unknown>; tensors: Map<string, Float32Array> } {
  const { data, tensors: entries, ...meta } = JSON.parse(readFileSync(indexPath, 'utf8')) as {
    data: string;
    tensors: { name: string; shape: number[]; offset: number }[];
  } & Record<string, unknown>;
  const bytes = readFileSync(path.join(path.dirname(indexPath), data));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tensors = new Map(
    entries.map(({ name, shape, offset }) => {
      const values = new Float32Array(shape.reduce((product, length) => product * length, 1));
      for (let i = 0; i < values.length; i++) values[i] = view.getFloat32(offset + 4 * i, true);
      return [name, values] as const;
    }),
  );
  return { meta, tensors };
}
