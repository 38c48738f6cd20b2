import { describe, expect, it } from 'vitest';
import { NODE_KINDS } from '../../engine/document/nodes';
import { parseNumeric, rangeText } from '../../renderer/document/fields';
import { CATALOGS, kindTitle } from '../../renderer/i18n';
import { paramSummary } from '../../renderer/nodes/summary';
import { matchingKinds } from '../../renderer/panels/Palette';

describe('numeric fields', () => {
  const rate = { type: 'number', min: 0, max: 1, maxExclusive: true } as const;
  const units = { type: 'integer', min: 1, max: 4096 } as const;

  it('accept values in range and say why others are refused', () => {
    expect(parseNumeric(' 16 ', units)).toEqual({ value: 16, problem: null });
    expect(parseNumeric('', units).problem).toEqual({ code: 'empty' });
    expect(parseNumeric('abc', units).problem).toEqual({ code: 'not-a-number' });
    expect(parseNumeric('1.5', units).problem).toEqual({ code: 'not-whole' });
    expect(parseNumeric('0', units).problem).toEqual({ code: 'too-small', min: 1, exclusive: false });
    expect(parseNumeric('0.5', rate)).toEqual({ value: 0.5, problem: null });
    expect(parseNumeric('1', rate).problem).toEqual({ code: 'too-large', max: 1, exclusive: true });
  });

  it('show their range in interval notation', () => {
    const plain = (value: number) => String(value);
    expect(rangeText(units, plain)).toBe('[1, 4096]');
    expect(rangeText(rate, plain)).toBe('[0, 1)');
    expect(rangeText({ type: 'number', min: 0, max: Infinity, minExclusive: true }, plain)).toBe('(0, ∞)');
    expect(rangeText({ type: 'integer', min: -Infinity, max: Infinity }, plain)).toBe('(−∞, ∞)');
  });
});

describe('node text', () => {
  it('cards sum up the first parameter and those changed from their default', () => {
    expect(paramSummary(CATALOGS.en, 'dense', { units: 16 })).toBe('16 units');
    expect(paramSummary(CATALOGS.en, 'dense', { units: 8, bias: false, init: 'he-normal' })).toBe('8 units, bias: off, he-normal');
    expect(paramSummary(CATALOGS.en, 'activation', { fn: 'relu' })).toBe('relu');
    expect(paramSummary(CATALOGS.ru, 'dense', { units: 16 })).toBe('16 нейроны');
  });

  it('the palette search finds kinds by name, description or group, in either language', () => {
    expect(matchingKinds(CATALOGS.en, 'norm')).toEqual(['batchnorm']);
    expect(matchingKinds(CATALOGS.en, 'skip')).toEqual(['add']);
    expect(matchingKinds(CATALOGS.ru, 'выход')).toContain('output');
    expect(matchingKinds(CATALOGS.en, '')).toEqual(NODE_KINDS);
    expect(matchingKinds(CATALOGS.en, 'zzz')).toEqual([]);
  });

  it('every kind has a title in every language (the registry’s where untranslated)', () => {
    for (const catalog of Object.values(CATALOGS)) for (const kind of NODE_KINDS) expect(kindTitle(catalog, kind)).not.toBe('');
  });
});
