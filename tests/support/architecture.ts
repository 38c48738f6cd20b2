/**
 * The layering rules tsconfig cannot express, checked over source text: `engine/` stays pure
 * (no UI, Electron or Node imports, no DOM globals, no Math.random) and `renderer/` reaches the
 * desktop only through the preload's typed API. Sources are lexed just enough to drop comments
 * and string contents, so a word in a comment or a string is never mistaken for code.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';

export interface ImportReference {
  specifier: string;
  /** `import type …` or `export type … from`: erased at compile time. */
  typeOnly: boolean;
}

export interface LexedSource {
  /** The source with comments blanked and every string literal's contents replaced by `"#n"`. */
  code: string;
  /** The contents of string literal n. */
  strings: string[];
}

const NODE_BUILTINS: ReadonlySet<string> = new Set(builtinModules.filter((name) => !name.startsWith('_')));

const ENGINE_FORBIDDEN_PACKAGES = [/^react(-dom)?(\/|$)/, /^electron(\/|$)/, /^zustand(\/|$)/, /^recharts(\/|$)/, /^@xyflow\//];

const DOM_GLOBALS = [
  'window',
  'document',
  'navigator',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'getComputedStyle',
  'matchMedia',
  'DOMParser',
  'XMLHttpRequest',
  'CanvasRenderingContext2D',
  'OffscreenCanvas',
  'Element',
  'HTMLElement',
];
const DOM_GLOBAL_PATTERN = new RegExp(`(?<![\\w$.])(${DOM_GLOBALS.join('|')}|HTML\\w*Element|SVG\\w*Element)(?![\\w$])(?!\\s*:(?!:))`, 'g');

/** Characters after which a `/` starts a regular expression rather than a division. */
const REGEX_PRECEDERS = new Set(['', '(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^']);
const REGEX_PRECEDING_KEYWORDS = /(?:^|[^\w$])(return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield|await)$/;

export function isNodeBuiltin(specifier: string): boolean {
  return specifier.startsWith('node:') || NODE_BUILTINS.has(specifier.split('/')[0]);
}

export function lexSource(source: string): LexedSource {
  const strings: string[] = [];
  let code = '';
  let index = 0;
  // Each open template literal's `${` depth, so a `}` can tell whether it resumes the template.
  const templateBraceDepths: number[] = [];

  // The last few characters of code before a `/`, enough to tell a regex from a division.
  const codeBeforeSlash = (): string => {
    let end = code.length;
    while (end > 0 && /\s/.test(code[end - 1])) end -= 1;
    return code.slice(Math.max(0, end - 12), end);
  };

  const readQuoted = (quote: string): void => {
    let value = '';
    index += 1;
    while (index < source.length && source[index] !== quote && source[index] !== '\n') {
      if (source[index] === '\\') {
        value += source.slice(index, index + 2);
        index += 2;
      } else {
        value += source[index];
        index += 1;
      }
    }
    index += 1;
    strings.push(value);
    code += `"#${strings.length - 1}"`;
  };

  // Reads template text up to the closing backtick or the next `${`.
  const readTemplateChunk = (): void => {
    let value = '';
    while (index < source.length) {
      const char = source[index];
      if (char === '\\') {
        value += source.slice(index, index + 2);
        index += 2;
      } else if (char === '`') {
        index += 1;
        strings.push(value);
        code += `"#${strings.length - 1}"`;
        return;
      } else if (char === '$' && source[index + 1] === '{') {
        index += 2;
        strings.push(value);
        code += `"#${strings.length - 1}"+(`;
        templateBraceDepths.push(0);
        return;
      } else {
        value += char;
        index += 1;
      }
    }
  };

  while (index < source.length) {
    const char = source[index];
    const next = source[index + 1];
    if (char === '/' && next === '/') {
      while (index < source.length && source[index] !== '\n') index += 1;
    } else if (char === '/' && next === '*') {
      const end = source.indexOf('*/', index + 2);
      const comment = source.slice(index, end === -1 ? source.length : end + 2);
      code += comment.replace(/[^\n]/g, ' ');
      index += comment.length;
    } else if (char === '"' || char === "'") {
      readQuoted(char);
    } else if (char === '`') {
      index += 1;
      readTemplateChunk();
    } else if (char === '/' && startsRegex(codeBeforeSlash())) {
      index = skipRegex(source, index);
      code += '/r/';
    } else if (templateBraceDepths.length > 0 && (char === '{' || char === '}')) {
      const depth = templateBraceDepths[templateBraceDepths.length - 1];
      if (char === '{') {
        templateBraceDepths[templateBraceDepths.length - 1] = depth + 1;
        code += char;
        index += 1;
      } else if (depth > 0) {
        templateBraceDepths[templateBraceDepths.length - 1] = depth - 1;
        code += char;
        index += 1;
      } else {
        templateBraceDepths.pop();
        code += ')+';
        index += 1;
        readTemplateChunk();
      }
    } else {
      code += char;
      index += 1;
    }
  }
  return { code, strings };
}

export function findImports(lexed: LexedSource): ImportReference[] {
  const references: ImportReference[] = [];
  const stringAt = (marker: string): string => lexed.strings[Number(marker)];
  const staticImport = /(?:^|[^\w$.])(import|export)\s+(type\s+)?(?:[\w$*{}\s,]*?\s*from\s*)?"#(\d+)"/g;
  for (const match of lexed.code.matchAll(staticImport)) {
    references.push({ specifier: stringAt(match[3]), typeOnly: match[2] !== undefined });
  }
  const dynamicImport = /(?:^|[^\w$.])(?:import|require)\s*\(\s*"#(\d+)"/g;
  for (const match of lexed.code.matchAll(dynamicImport)) {
    references.push({ specifier: stringAt(match[1]), typeOnly: false });
  }
  return references;
}

/** Problems in one engine file; `relativePath` is from the project root, with forward slashes. */
export function checkEngineSource(relativePath: string, source: string): string[] {
  const lexed = lexSource(source);
  const problems: string[] = [];
  const mayUseNode = relativePath === 'engine/worker/node.ts' || relativePath === 'engine/worker/node-data.ts';
  for (const { specifier } of findImports(lexed)) {
    if (ENGINE_FORBIDDEN_PACKAGES.some((pattern) => pattern.test(specifier))) {
      problems.push(`${relativePath} imports "${specifier}": the engine must not depend on UI or Electron packages`);
    } else if (!mayUseNode && isNodeBuiltin(specifier)) {
      problems.push(`${relativePath} imports the Node built-in "${specifier}": only engine/worker/node.ts and node-data.ts may`);
    }
  }
  for (const match of lexed.code.matchAll(DOM_GLOBAL_PATTERN)) {
    problems.push(`${relativePath} uses the DOM global ${match[1]}: the engine runs where there is no DOM`);
  }
  const mathRandom = /\bMath\s*(?:\?\.|\.)\s*random\b|\bMath\s*\[\s*"#(\d+)"\s*\]/g;
  for (const match of lexed.code.matchAll(mathRandom)) {
    if (match[1] === undefined || lexed.strings[Number(match[1])] === 'random') {
      problems.push(`${relativePath} uses Math.random: draw from the seeded generator instead`);
    }
  }
  return problems;
}

/** Problems in one renderer file; `relativePath` is from the project root, with forward slashes. */
export function checkRendererSource(relativePath: string, source: string): string[] {
  const problems: string[] = [];
  for (const { specifier, typeOnly } of findImports(lexSource(source))) {
    if (/^electron(\/|$)/.test(specifier)) {
      problems.push(`${relativePath} imports "${specifier}": the renderer reaches the desktop only through window.netoscope`);
    } else if (isNodeBuiltin(specifier)) {
      problems.push(`${relativePath} imports the Node built-in "${specifier}": the renderer is a sandboxed web page`);
    } else if (specifier.startsWith('.')) {
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(relativePath), specifier));
      if (target.startsWith('main/')) {
        const isContract = /^main\/ipc-contract(\.[cm]?[jt]s)?$/.test(target);
        if (!isContract || !typeOnly) {
          problems.push(
            `${relativePath} imports "${specifier}": from main/ the renderer may only \`import type\` main/ipc-contract`,
          );
        }
      }
    }
  }
  return problems;
}

function startsRegex(codeBefore: string): boolean {
  const last = codeBefore.slice(-1);
  if (REGEX_PRECEDERS.has(last)) return !codeBefore.endsWith('++') && !codeBefore.endsWith('--');
  return REGEX_PRECEDING_KEYWORDS.test(codeBefore);
}

/** The index just after a regular expression literal starting at `start`, flags included. */
function skipRegex(source: string, start: number): number {
  let index = start + 1;
  let inClass = false;
  while (index < source.length && source[index] !== '\n') {
    const char = source[index];
    if (char === '\\') {
      index += 2;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) break;
    index += 1;
  }
  index += 1;
  while (index < source.length && /[a-z]/i.test(source[index])) index += 1;
  return index;
}
