import { NODE_DEFINITIONS, type PaletteGroup, type ParamField } from '../../engine/document/nodes';
import type { NodeKind } from '../../engine/document/types';
import { useAppStore } from '../services';
import type { Locale } from '../store';
import { en, type Messages } from './en';
import { ru } from './ru';

export type { Messages };

export const CATALOGS: Record<Locale, Messages> = { en, ru };
export const LOCALES = Object.keys(CATALOGS) as Locale[];

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && Object.hasOwn(CATALOGS, value);
}

/** The messages of the language the user chose; components re-render when it changes. */
export function useT(): Messages {
  return CATALOGS[useAppStore((state) => state.preferences.locale)];
}

export function useLocale(): Locale {
  return useAppStore((state) => state.preferences.locale);
}

// Names from the node registry: the chosen language's translation, else the registry's English.

export function kindTitle(t: Messages, kind: NodeKind): string {
  return t.registry.titles[kind] ?? NODE_DEFINITIONS[kind].title;
}

export function kindDescription(t: Messages, kind: NodeKind): string {
  return t.registry.descriptions[kind] ?? NODE_DEFINITIONS[kind].description;
}

export function groupTitle(t: Messages, group: PaletteGroup): string {
  return t.registry.groups[group] ?? group;
}

/** `scope` is the node kind, `training` or `dataset`. */
export function fieldLabel(t: Messages, scope: string, field: ParamField): string {
  return t.registry.fields[`${scope}.${field.name}`] ?? field.label;
}

export function optionLabel(t: Messages, scope: string, field: ParamField, option: { value: string; label: string }): string {
  return t.registry.options[`${scope}.${field.name}.${option.value}`] ?? option.label;
}

/** 1 234 or 1,234, and 0.001 without exponent noise. */
export function formatNumber(locale: Locale, value: number): string {
  return value.toLocaleString(locale, { maximumFractionDigits: 6 });
}
