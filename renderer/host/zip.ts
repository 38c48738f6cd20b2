/**
 * A ZIP archive (PKWARE APPNOTE 6.3) with every file stored uncompressed: how the browser hands
 * over several files in one download. Stored is enough: scripts are small, and the weights and
 * data barely compress. Names are UTF-8 (general-purpose flag bit 11); sizes stay below 4 GiB,
 * so no ZIP64 records are needed.
 */

export interface ZipEntry {
  /** Path inside the archive, '/'-separated. */
  name: string;
  data: string | Uint8Array;
}

const UTF8_NAMES = 0x0800;
const VERSION = 20;

/** The archive's bytes; `modified` dates every entry (the local time, as ZIP keeps it). */
export function zipFiles(entries: readonly ZipEntry[], modified: Date = new Date()): Uint8Array {
  const encoder = new TextEncoder();
  const time = (modified.getHours() << 11) | (modified.getMinutes() << 5) | (modified.getSeconds() >> 1);
  const date = ((Math.max(modified.getFullYear(), 1980) - 1980) << 9) | ((modified.getMonth() + 1) << 5) | modified.getDate();
  const files = entries.map((entry) => {
    const data = typeof entry.data === 'string' ? encoder.encode(entry.data) : entry.data;
    return { name: encoder.encode(entry.name), data, crc: crc32(data) };
  });
  const localSize = files.reduce((sum, file) => sum + 30 + file.name.length + file.data.length, 0);
  const centralSize = files.reduce((sum, file) => sum + 46 + file.name.length, 0);
  const archive = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(archive.buffer);
  let at = 0;
  const u16 = (value: number): void => {
    view.setUint16(at, value, true);
    at += 2;
  };
  const u32 = (value: number): void => {
    view.setUint32(at, value >>> 0, true);
    at += 4;
  };
  const bytes = (value: Uint8Array): void => {
    archive.set(value, at);
    at += value.length;
  };
  /** The fields local and central headers share, from "version needed" to the extra field's length. */
  const common = (file: (typeof files)[number]): void => {
    u16(VERSION);
    u16(UTF8_NAMES);
    u16(0); // stored
    u16(time);
    u16(date);
    u32(file.crc);
    u32(file.data.length);
    u32(file.data.length);
    u16(file.name.length);
    u16(0);
  };

  const offsets = files.map((file) => {
    const offset = at;
    u32(0x04034b50);
    common(file);
    bytes(file.name);
    bytes(file.data);
    return offset;
  });
  const centralStart = at;
  files.forEach((file, i) => {
    u32(0x02014b50);
    u16(VERSION); // made by: MS-DOS attributes, version 2.0
    common(file);
    u16(0); // comment length
    u16(0); // disk number
    u16(0); // internal attributes
    u32(0); // external attributes
    u32(offsets[i]);
    bytes(file.name);
  });
  u32(0x06054b50);
  u16(0);
  u16(0);
  u16(files.length);
  u16(files.length);
  u32(centralSize);
  u32(centralStart);
  u16(0);
  return archive;
}

let table: Uint32Array | null = null;

/** CRC-32 as ZIP computes it (reflected polynomial 0xEDB88320). */
export function crc32(data: Uint8Array): number {
  if (!table) {
    table = new Uint32Array(256);
    for (let n = 0; n < 256; n++) {
      let c = n;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[n] = c >>> 0;
    }
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
