import type { Writable } from 'node:stream';
import { DOCUMENT_VERSION } from '../engine/document/types';
import { allVariants, baseDocument, compileRuns, loadDocument } from './document';
import { EXIT, type ExitCode } from './exit';

/**
 * `netoscope validate`: reads the document (every problem with its JSON path and node id) and
 * compiles it and each of its variants (every error with its node id and field). Problems
 * throw an invalid-document CliError; a valid document gets a summary per run.
 */
export async function validateCommand(file: string, stdout: Writable): Promise<ExitCode> {
  const { document, migratedFrom } = await loadDocument(file);
  const runs = compileRuns(file, [baseDocument(document), ...allVariants(document)]);
  const lines = [`${file}: valid${migratedFrom === undefined ? '' : ` (format version ${migratedFrom}, read as version ${DOCUMENT_VERSION})`}`];
  for (const { label, plan } of runs) {
    const parameters = plan.layers.reduce((sum, layer) => sum + layer.parameterCount, 0);
    lines.push(`  ${label}: ${plural(plan.layers.length, 'layer')}, ${parameters.toLocaleString('en-US')} parameters, ${plan.training.steps} steps`);
  }
  stdout.write(`${lines.join('\n')}\n`);
  return EXIT.ok;
}

const plural = (count: number, noun: string): string => `${count} ${noun}${count === 1 ? '' : 's'}`;
