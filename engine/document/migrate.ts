import { describeValue, isRecord } from './params';
import { DOCUMENT_VERSION } from './types';
import type { DocumentProblem } from './validate';

/**
 * Older documents move forward one version at a time, each step a pure function of the JSON
 * value; the result is then validated as a current document. A step recognises its version's
 * layout and reports, with the old document's paths, only what it cannot carry over; anything
 * it does not touch is validated (and refused if unknown) afterwards.
 *
 * - Version 0, the walking skeleton's draft (never a release): the graph was `network` with
 *   `layers` ({ id, type, params, x, y, label? }) and `links` ({ from, to }, no ids), and the
 *   dataset was `data`. Links get the ids `link-1`, `link-2`, … in their order.
 * - Version 1: the current layout with the two spirals as the only dataset; training settings
 *   beyond optimizer, learningRate, batchSize, steps, seed, shuffle and reportEvery optional.
 * - Version 2: more datasets and preprocessing, batch sampling, `instruments` and `variants`.
 *   Every version-1 document is a version-2 document with a new number.
 */

type Migration = (doc: Record<string, unknown>, problems: DocumentProblem[]) => Record<string, unknown>;

/** MIGRATIONS[v] takes a version-v document to version v + 1. */
const MIGRATIONS: readonly Migration[] = [fromVersion0, fromVersion1];

export const OLDEST_VERSION = DOCUMENT_VERSION - MIGRATIONS.length;

/** The document at the current version, or problems (with the old paths) when a step cannot map it. */
export function migrate(doc: Record<string, unknown>, version: number): { ok: true; doc: Record<string, unknown> } | { ok: false; problems: DocumentProblem[] } {
  let current = doc;
  for (let from = version; from < DOCUMENT_VERSION; from++) {
    const problems: DocumentProblem[] = [];
    current = MIGRATIONS[from - OLDEST_VERSION](current, problems);
    if (problems.length > 0) return { ok: false, problems };
  }
  return { ok: true, doc: current };
}

function fromVersion0(doc: Record<string, unknown>, problems: DocumentProblem[]): Record<string, unknown> {
  const { network, data, ...rest } = doc;
  if (!isRecord(network) || !Array.isArray(network.layers) || !Array.isArray(network.links)) {
    problems.push({ path: 'network', message: `A version-0 document keeps its graph in 'network', an object with 'layers' and 'links' lists (got ${describeValue(network)}).` });
    return doc;
  }
  const { layers, links, ...otherNetwork } = network;
  const nodes = layers.map((layer: unknown) => {
    if (!isRecord(layer)) return layer;
    const { type, x, y, ...node } = layer;
    return { ...node, ...(type !== undefined && { kind: type }), position: { x, y } };
  });
  const edges = links.map((link: unknown, index) => {
    if (!isRecord(link)) return link;
    const { from, to, ...edge } = link;
    return { id: `link-${index + 1}`, source: from, target: to, ...edge };
  });
  return { ...rest, version: 1, graph: { ...otherNetwork, nodes, edges }, ...(data !== undefined && { dataset: data }) };
}

function fromVersion1(doc: Record<string, unknown>): Record<string, unknown> {
  return { ...doc, version: 2 };
}
