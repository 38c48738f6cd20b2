import { readFile } from 'node:fs/promises';
import { compile } from '../engine/document/compile';
import type { CompileError, CompiledPlan } from '../engine/document/plan';
import { readDocument, type DocumentProblem } from '../engine/document/read';
import type { NetDocument } from '../engine/document/types';
import { applyVariant, expandVariants } from '../engine/document/variants';
import type { VariantChoice } from './args';
import { CliError, EXIT } from './exit';

export interface LoadedDocument {
  document: NetDocument;
  /** The format version the file was migrated from, if it was older. */
  migratedFrom?: number;
}

/** A document to train: its name in reports, how messages call it, the document itself. */
export interface ChosenDocument {
  name: string;
  label: string;
  document: NetDocument;
}

export interface CompiledRun extends ChosenDocument {
  plan: CompiledPlan;
}

/** Reads and checks a `.netoscope` file: an I/O CliError when it cannot be read, an invalid-document one listing every problem. */
export async function loadDocument(file: string): Promise<LoadedDocument> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read '${file}': ${describeIoError(error)}.`, EXIT.io);
  }
  const result = readDocument(text);
  if (!result.ok) throw new CliError(listProblems(`${file} is not a valid Netoscope document`, result.problems.map(describeProblem)), EXIT.invalidDocument);
  return result.migratedFrom === undefined ? { document: result.document } : { document: result.document, migratedFrom: result.migratedFrom };
}

/** The base document, without its variants. */
export function baseDocument(document: NetDocument): ChosenDocument {
  const { variants: _variants, ...base } = document;
  return { name: document.name, label: 'the base document', document: base };
}

/** Every variant of a document (none when it declares none). */
export function allVariants(document: NetDocument): ChosenDocument[] {
  if (!document.variants?.length) return [];
  return expandVariants(document).map(({ name, document: variant }) => ({ name, label: `variant '${name}'`, document: variant }));
}

/** The documents a choice names: the base document, one variant, or every variant (the base document when there are none). */
export function chooseDocuments(document: NetDocument, choice: VariantChoice): ChosenDocument[] {
  switch (choice.kind) {
    case 'base':
      return [baseDocument(document)];
    case 'all': {
      const variants = allVariants(document);
      return variants.length > 0 ? variants : [baseDocument(document)];
    }
    case 'named': {
      const variant = document.variants?.find((candidate) => candidate.name === choice.name);
      if (variant) return [{ name: variant.name, label: `variant '${variant.name}'`, document: applyVariant(document, variant) }];
      const names = document.variants?.map((candidate) => `'${candidate.name}'`).join(', ');
      throw new CliError(`The document has no variant '${choice.name}' (${names ? `its variants: ${names}` : 'it declares none'}).`, EXIT.usage);
    }
    default: {
      const unknown: never = choice;
      throw new Error(`Unhandled variant choice ${JSON.stringify(unknown)}`);
    }
  }
}

/** Compiles every chosen document; an invalid-document CliError lists every error of every one that fails. */
export function compileRuns(file: string, documents: readonly ChosenDocument[]): CompiledRun[] {
  const runs: CompiledRun[] = [];
  const problems: string[] = [];
  for (const chosen of documents) {
    const result = compile(chosen.document);
    if (result.ok) runs.push({ ...chosen, plan: result.plan });
    else problems.push(...result.errors.map((error) => (documents.length > 1 ? `${chosen.label}: ${describeCompileError(error)}` : describeCompileError(error))));
  }
  if (problems.length > 0) throw new CliError(listProblems(`${file} does not compile`, problems), EXIT.invalidDocument);
  return runs;
}

export function describeProblem(problem: DocumentProblem): string {
  const where = [problem.path || '(the document)', problem.nodeId === undefined ? '' : ` (node '${problem.nodeId}')`].join('');
  return `${where}: ${problem.message}`;
}

export function describeCompileError(error: CompileError): string {
  const where = [error.nodeId === undefined ? null : `node '${error.nodeId}'`, error.field ?? null].filter((part) => part !== null).join(', ');
  return where ? `${where}: ${error.message}` : error.message;
}

export function listProblems(title: string, problems: readonly string[]): string {
  const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`;
  return [`${title} (${count}):`, ...problems.map((problem) => `  ${problem}`)].join('\n');
}

export function describeIoError(error: unknown): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
