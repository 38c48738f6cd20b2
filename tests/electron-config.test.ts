import type { Configuration, FileAssociation, TargetConfiguration } from 'electron-builder';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const projectRoot = path.resolve(import.meta.dirname, '..');
const packageJson = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  main: string;
  devDependencies: Record<string, string>;
};

let config: Configuration;

beforeAll(async () => {
  // The same loader `electron-builder --config electron.config.ts` uses, TypeScript included.
  config = await getConfig(projectRoot, 'electron.config.ts', null);
});

function targetNames(target: unknown): string[] {
  const list = Array.isArray(target) ? target : [target];
  return list.map((entry) => (typeof entry === 'string' ? entry : (entry as TargetConfiguration).target));
}

describe('electron.config.ts', () => {
  it("passes electron-builder's own schema validation", async () => {
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('is checked by a validation that does reject a broken configuration', async () => {
    const broken = { ...config, linux: { ...config.linux, categroy: 'Education' } } as Configuration;
    await expect(validateConfiguration(broken, new DebugLogger(false))).rejects.toThrow(/configuration\.linux/);
  });

  it('names the app', () => {
    expect(config.appId).toBe('org.netoscope.app');
    expect(config.productName).toBe('Netoscope');
    expect(config.directories).toEqual({ output: 'release', buildResources: 'build' });
  });

  it('takes the Electron version from the electron devDependency, as electron-builder requires', () => {
    expect(config.electronVersion).toBeUndefined();
    expect(packageJson.devDependencies.electron).toMatch(/^\^\d+\./);
  });

  it('packs the compiled app into an asar, without sources', () => {
    expect(config.asar).toBe(true);
    // getConfig normalises the list of patterns into one file set.
    expect(config.files).toEqual([{ filter: ['out/**/*', '!out/**/*.map', 'package.json', '!node_modules{,/**/*}'] }]);
    expect(packageJson.main.startsWith('out/')).toBe(true);
  });

  it('builds AppImage and deb on Linux, NSIS on Windows, dmg on macOS', () => {
    expect(targetNames(config.linux?.target)).toEqual(['AppImage', 'deb']);
    expect(config.linux?.category).toBe('Education');
    expect(config.linux?.maintainer).toMatch(/<.+@.+>/);
    expect(targetNames(config.win?.target)).toEqual(['nsis']);
    expect(targetNames(config.mac?.target)).toEqual(['dmg']);
  });

  it('associates .netoscope files with the app', () => {
    const associations = [config.fileAssociations].flat() as FileAssociation[];
    expect(associations).toEqual([expect.objectContaining({ ext: 'netoscope', mimeType: 'application/x-netoscope+json' })]);
  });

  it('points at icon files that exist, in every size the Linux set needs', () => {
    for (const icon of [config.linux?.icon, config.win?.icon, config.mac?.icon]) {
      expect(icon).toBeTypeOf('string');
      expect(existsSync(path.join(projectRoot, icon as string))).toBe(true);
    }
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      const file = path.join(projectRoot, 'build', 'icons', `${size}x${size}.png`);
      const png = readFileSync(file);
      // A PNG's IHDR holds width and height as big-endian integers at bytes 16 and 20.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([size, size]);
    }
    expect(readFileSync(path.join(projectRoot, 'build', 'icon.png')).readUInt32BE(16)).toBe(1024);
  });
});
