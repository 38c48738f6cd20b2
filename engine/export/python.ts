/**
 * Small helpers for writing Python source: identifiers from node labels, literals from numbers,
 * and indented blocks.
 */

const KEYWORDS = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try',
  'while', 'with', 'yield', 'match', 'case',
]);

/**
 * Names an attribute or local variable of the exported module must not take: Python's builtins
 * that shadowing would break or confuse, the script's own names (`x` is the forward pass's
 * running tensor), and nn.Module's attributes and methods.
 */
const RESERVED = new Set([
  'abs', 'all', 'any', 'bool', 'dict', 'float', 'format', 'id', 'input', 'int', 'iter', 'len', 'list', 'map', 'max', 'min', 'next', 'object',
  'print', 'range', 'round', 'set', 'slice', 'str', 'sum', 'super', 'tuple', 'type', 'vars', 'zip',
  'self', 'x', 'torch', 'nn', 'F', 'math',
  'add_module', 'apply', 'bfloat16', 'buffers', 'children', 'cpu', 'cuda', 'double', 'dump_patches', 'eval', 'extra_repr', 'forward',
  'get_buffer', 'get_parameter', 'get_submodule', 'half', 'load_state_dict', 'modules', 'named_buffers', 'named_children',
  'named_modules', 'named_parameters', 'parameters', 'register_buffer', 'register_forward_hook', 'register_forward_pre_hook',
  'register_module', 'register_parameter', 'requires_grad_', 'reset_parameters', 'share_memory', 'state_dict', 'to', 'to_empty',
  'train', 'training', 'zero_grad',
]);

/**
 * A snake_case Python identifier for a label ("Hidden layer 1" → `hidden_layer_1`, "BNorm" →
 * `b_norm`), or null when nothing of it is usable (an empty or non-Latin label). Reserved
 * names get a trailing underscore, PEP 8's way of avoiding a clash.
 */
export function pythonIdentifier(label: string): string | null {
  const words = label
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
  if (words.length === 0) return null;
  let name = words.join('_');
  if (/^[0-9]/.test(name)) name = `layer_${name}`;
  return KEYWORDS.has(name) || RESERVED.has(name) ? `${name}_` : name;
}

/**
 * Unique identifiers for a list of candidates (each the label, then the fallbacks, in order of
 * preference): the first usable candidate, with `_2`, `_3`, … added when an earlier item took it.
 */
export function uniqueIdentifiers(candidates: readonly (readonly string[])[]): string[] {
  const taken = new Set<string>();
  return candidates.map((options) => {
    const base = options.map(pythonIdentifier).find((name): name is string => name !== null) ?? 'layer';
    let name = base;
    for (let suffix = 2; taken.has(name); suffix++) name = `${base}_${suffix}`;
    taken.add(name);
    return name;
  });
}

/** A float literal as Python's repr writes it: `0.1`, `1.0`, `1e-05`. */
export function pyFloat(value: number): string {
  if (!Number.isFinite(value)) throw new Error(`Cannot write ${value} as a Python literal`);
  if (Number.isInteger(value) && Math.abs(value) < 1e16) return value.toFixed(1);
  // Python's repr switches to an exponent below 1e-4 and writes it with two digits at least.
  if (Math.abs(value) >= 1e-4 && Math.abs(value) < 1e16) return String(value);
  return value.toExponential().replace(/e([+-])(\d)$/, 'e$10$2');
}

/** A Python string literal with double quotes. */
export function pyString(text: string): string {
  return JSON.stringify(text);
}

/** The shortest decimal that reads back as the same float32: how the exported data files write numbers. */
export function float32Text(value: number): string {
  if (value === 0) return '0';
  for (let digits = 1; digits < 9; digits++) {
    const text = value.toPrecision(digits);
    if (Math.fround(Number(text)) === value) return String(Number(text));
  }
  return String(Number(value.toPrecision(9)));
}

/** Indents every non-empty line of `lines` by `levels` × 4 spaces. */
export function indent(lines: readonly string[], levels = 1): string[] {
  const pad = ' '.repeat(4 * levels);
  return lines.map((line) => (line === '' ? line : pad + line));
}

/** A docstring as lines: one line when it fits, else the summary, a blank line and the body. */
export function docstring(summary: string, body: readonly string[] = []): string[] {
  if (body.length === 0) return [`"""${summary}"""`];
  return [`"""${summary}`, '', ...body, '"""'];
}

/** Text for inside a docstring: no backslash escapes, no closing quotes. */
export function docText(text: string): string {
  return text.replace(/\\/g, '/').replace(/"""/g, "'''");
}

/** Words re-flowed to lines of at most `width` characters, paragraphs kept apart by a blank line. */
export function wrapText(text: string, width = 96): string[] {
  return text.split(/\n\s*\n/).flatMap((paragraph, index) => {
    const lines: string[] = index > 0 ? [''] : [];
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    if (line) lines.push(line);
    return lines;
  });
}
