import { newDocument } from '../../engine/document/defaults';
import type { NetDocument } from '../../engine/document/types';
import { readDocument } from '../document/file';

/** A document the start screen offers, with what it shows. */
export interface Preset {
  id: string;
  document: NetDocument;
  /** The preset's own explanation when its file has one (a string `description`), else null. */
  description: string | null;
}

/**
 * The lecture's presets: every `.netoscope` file in presets/, bundled at build time, after the
 * built-in default network. A file that does not read as a document is left out rather than
 * offered and then refused.
 */
const files = import.meta.glob<string>('../../presets/*.netoscope', { query: '?raw', import: 'default', eager: true });

function presetFromFile(path: string, text: string): Preset | null {
  const read = readDocument(text);
  if (!read.ok) return null;
  const description = (read.document as NetDocument & { description?: unknown }).description;
  return { id: path.split('/').pop()!, document: read.document, description: typeof description === 'string' ? description : null };
}

export const BUILT_IN_PRESET_ID = 'built-in';

export const PRESETS: readonly Preset[] = [
  { id: BUILT_IN_PRESET_ID, document: newDocument(), description: null },
  ...Object.entries(files)
    .sort(([a], [b]) => a.localeCompare(b))
    .flatMap(([path, text]) => presetFromFile(path, text) ?? []),
];
