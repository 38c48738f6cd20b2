import type { CompileResult, CompiledPlan } from '../../engine/document/plan';
import { expandVariants, variantsAlong, type VariantSweep } from '../../engine/document/variants';
import type { ActivationKind, NetDocument, Variant } from '../../engine/document/types';
import { initializerFromParams, type InitializerKind } from '../../engine/init';
import { assertNever, type RunInstruments } from '../../engine/protocol';
import { documentInstruments } from '../../engine/run/instruments';

/**
 * What the Compare dialog asks: the document's own variants, or one axis with its values. Numbers
 * are typed as lists ("0.1, 0.01"); initializers take their default parameters (normal is the
 * lecture's N(0, 0.01)).
 */
export type CompareSetup =
  | { axis: 'document' }
  | { axis: 'initializer'; kinds: InitializerKind[] }
  | { axis: 'batchnorm' }
  | { axis: 'dropout'; rates: string }
  | { axis: 'activation'; functions: ActivationKind[] }
  | { axis: 'learningRate'; rates: string };

export type CompareAxis = CompareSetup['axis'];

export interface PlannedRun {
  /** The variant's name ("he-normal"). */
  name: string;
  plan: CompiledPlan;
  instruments: RunInstruments | null;
}

export type ComparisonResult = { ok: true; runs: PlannedRun[] } | { ok: false; message: string };

/** Numbers separated by commas, semicolons or spaces, each within the range; repeats dropped. A string is the problem. */
export function parseNumberList(text: string, field: string, range: { min: number; max: number; maxExclusive?: boolean; minExclusive?: boolean }): number[] | string {
  const words = text.split(/[\s,;]+/).filter((word) => word.length > 0);
  if (words.length === 0) return `${field}: give at least one value.`;
  const values: number[] = [];
  for (const word of words) {
    const value = Number(word);
    const aboveMin = range.minExclusive ? value > range.min : value >= range.min;
    const belowMax = range.maxExclusive ? value < range.max : value <= range.max;
    if (!Number.isFinite(value) || !aboveMin || !belowMax) {
      return `${field}: "${word}" is not a number in ${range.minExclusive ? '(' : '['}${range.min}, ${range.max}${range.maxExclusive ? ')' : ']'}.`;
    }
    values.push(value);
  }
  return [...new Set(values)];
}

function sweepOf(setup: Exclude<CompareSetup, { axis: 'document' }>): VariantSweep | string {
  switch (setup.axis) {
    case 'initializer':
      return setup.kinds.length > 0 ? { axis: 'initializer', values: setup.kinds.map((kind) => initializerFromParams({ init: kind })) } : 'Initializer: choose at least one.';
    case 'batchnorm':
      return { axis: 'batchnorm', values: [true, false] };
    case 'dropout': {
      const rates = parseNumberList(setup.rates, 'Dropout rate', { min: 0, max: 1, maxExclusive: true });
      return typeof rates === 'string' ? rates : { axis: 'dropout', values: rates };
    }
    case 'activation':
      return setup.functions.length > 0 ? { axis: 'activation', values: setup.functions } : 'Activation: choose at least one.';
    case 'learningRate': {
      const rates = parseNumberList(setup.rates, 'Learning rate', { min: 0, max: 10, minExclusive: true });
      return typeof rates === 'string' ? rates : { axis: 'learningRate', values: rates };
    }
    default:
      return assertNever(setup);
  }
}

/** The variants a setup asks for over the document (its own, when the axis is 'document'). */
export function comparisonVariants(doc: NetDocument, setup: CompareSetup): Variant[] | string {
  if (setup.axis === 'document') return doc.variants && doc.variants.length > 0 ? doc.variants : 'The document defines no variants.';
  const sweep = sweepOf(setup);
  return typeof sweep === 'string' ? sweep : variantsAlong(sweep);
}

/**
 * Every variant of the comparison compiled, ready to train with the document's instruments;
 * or why not: the first variant that does not compile, named, with its first error.
 */
export function planComparison(doc: NetDocument, setup: CompareSetup, compile: (doc: NetDocument) => CompileResult): ComparisonResult {
  const variants = comparisonVariants(doc, setup);
  if (typeof variants === 'string') return { ok: false, message: variants };
  const expanded = expandVariants({ ...doc, variants });
  const runs: PlannedRun[] = [];
  for (const { name, document } of expanded) {
    const result = compile(document);
    if (!result.ok) {
      const [error] = result.errors;
      return { ok: false, message: `Variant "${name}" does not compile: ${error.nodeId ? `${error.nodeId}: ` : ''}${error.message}` };
    }
    runs.push({ name, plan: result.plan, instruments: documentInstruments(document) });
  }
  return { ok: true, runs };
}
