import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../engine/document/compile';
import { writeDocument } from '../../engine/document/read';
import { PRESET_DOCUMENTS } from './presets';
import { presetDocument } from './support';

const names = Object.keys(PRESET_DOCUMENTS);

describe('the lecture presets (presets/*.netoscope)', () => {
  it('are exactly the documents of presets.ts (`npx vitest run tests/lecture/presets.test.ts -u` rewrites them)', async () => {
    for (const name of names) {
      await expect(writeDocument(PRESET_DOCUMENTS[name])).toMatchFileSnapshot(`../../presets/${name}.netoscope`);
    }
    const files = readdirSync(path.resolve(import.meta.dirname, '../../presets')).filter((file) => file.endsWith('.netoscope'));
    expect(files.sort()).toEqual(names.map((name) => `${name}.netoscope`).sort());
  });

  it.each(names)('%s compiles, with every variant, and carries its explanation and views', (name) => {
    const document = presetDocument(name);
    const { description, display } = PRESET_DOCUMENTS[name];
    expect(description.length).toBeGreaterThan(200);
    expect(display.length).toBeGreaterThan(0);
    const runs = [document, ...(document.variants ?? []).map((variant) => presetDocument(name, variant.name))];
    for (const run of runs) {
      const result = compile(run);
      expect(result.ok ? [] : result.errors).toEqual([]);
    }
  });
});
