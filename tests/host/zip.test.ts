import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, zipFiles } from '../../renderer/host/zip';

/**
 * The browser's several-files download: a stored ZIP, read back by Python's zipfile (which
 * checks every CRC while it reads), the reader the PyTorch export test already requires.
 */

const READ_ZIP = [
  'import json, sys, zipfile',
  'archive = zipfile.ZipFile(sys.argv[1])',
  'print(json.dumps([[i.filename, i.compress_type, list(i.date_time), list(archive.read(i))] for i in archive.infolist()]))',
].join('\n');

describe('zipFiles', () => {
  it('computes the CRC-32 of the ZIP specification', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it('writes an archive a standard reader opens: folders, UTF-8 names, text and bytes, dates', () => {
    const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 37) % 256);
    const archive = zipFiles(
      [
        { name: 'Two spirals (PyTorch)/model.py', data: 'import torch\n' },
        { name: 'Two spirals (PyTorch)/weights.bin', data: bytes },
        { name: 'Спирали/train.py', data: '# λ₂/2 · Σw²\n' },
      ],
      new Date(2024, 4, 17, 13, 45, 30),
    );
    const folder = mkdtempSync(path.join(tmpdir(), 'netoscope-zip-'));
    try {
      const file = path.join(folder, 'export.zip');
      writeFileSync(file, archive);
      const read = spawnSync('/usr/bin/python3', ['-c', READ_ZIP, file], { encoding: 'utf8' });
      expect(read.stderr).toBe('');
      const entries = JSON.parse(read.stdout) as [string, number, number[], number[]][];
      const text = (values: number[]) => new TextDecoder().decode(Uint8Array.from(values));
      expect(entries.map(([name, method, date]) => [name, method, date])).toEqual([
        ['Two spirals (PyTorch)/model.py', 0, [2024, 5, 17, 13, 45, 30]],
        ['Two spirals (PyTorch)/weights.bin', 0, [2024, 5, 17, 13, 45, 30]],
        ['Спирали/train.py', 0, [2024, 5, 17, 13, 45, 30]],
      ]);
      expect(text(entries[0][3])).toBe('import torch\n');
      expect(Uint8Array.from(entries[1][3])).toEqual(bytes);
      expect(text(entries[2][3])).toBe('# λ₂/2 · Σw²\n');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
