import type { TextEdit } from "../../shared/text";
import {
  ADDED_BY,
  endOfLineBreak,
  nextLineBreak,
  findingSpan,
  nameBefore,
  normalizeEdits,
  preferredQuote,
  STORE_TITLES,
  textFacts,
} from "./common";
import type { FormatFixer } from "./family";
import type { FixContext, SecretFix, SecretStore } from "./types";

/**
 * Python: boto3. The literal becomes `get_secret("app/x")`; `import boto3`
 * and a helper are added once after the module's imports. A secret inside
 * a larger string keeps the rest of it through an f-string.
 */

interface PyString {
  start: number;
  end: number;
  prefix: string;
  quote: string;
  contentStart: number;
  contentEnd: number;
}

interface PyScan {
  strings: PyString[];
  comments: Array<[number, number]>;
}

/** Strings (all prefixes, triple quotes) and comments, in order. */
function scanPython(text: string): PyScan {
  const strings: PyString[] = [];
  const comments: Array<[number, number]> = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === "#") {
      const end = nextLineBreak(text, i);
      comments.push([i, end]);
      i = end;
      continue;
    }
    const m = /^([rRbBuUfF]{0,2})('''|"""|'|")/.exec(text.slice(i, i + 5));
    if (m && (m[1] === "" || !/[\w]/.test(text[i - 1] ?? ""))) {
      const prefix = m[1];
      const quote = m[2];
      let j = i + prefix.length + quote.length;
      const contentStart = j;
      let contentEnd = text.length;
      while (j < text.length) {
        if (text[j] === "\\") {
          j += 2;
          continue;
        }
        if (text.startsWith(quote, j)) {
          contentEnd = j;
          j += quote.length;
          break;
        }
        if (quote.length === 1 && (text[j] === "\n" || text[j] === "\r")) {
          contentEnd = j;
          break;
        }
        j++;
      }
      // Raw strings skip a backslash's next character too: r"\"" is not closed by its second quote.
      strings.push({ start: i, end: Math.min(j, text.length), prefix, quote, contentStart, contentEnd });
      i = j;
      continue;
    }
    if (/[\w]/.test(c)) {
      while (i < text.length && /[\w]/.test(text[i])) i++;
      continue;
    }
    i++;
  }
  return { strings, comments };
}

function locate(ctx: FixContext): PyString | undefined {
  const { start, end } = findingSpan(ctx);
  return scanPython(ctx.text).strings.find((s) => s.contentStart <= start && end <= s.contentEnd);
}

/** `"a" "b"` is one string in Python: a call next to a literal would be a syntax error there. */
function adjacentToString(text: string, lit: PyString): boolean {
  const strings = scanPython(text).strings;
  const i = strings.findIndex((s) => s.start === lit.start);
  const gap = (a: number, b: number) => /^(\s|\\\r?\n)*$/.test(text.slice(a, b));
  return (i > 0 && gap(strings[i - 1].end, lit.start)) || (i >= 0 && i + 1 < strings.length && gap(lit.end, strings[i + 1].start));
}

const HELPERS: Record<SecretStore, { name: string; lines: (i: string, q: string) => string[] }> = {
  secretsManager: {
    name: "get_secret",
    lines: (i, q) => [
      `def get_secret(secret_id):`,
      `${i}${q}${q}${q}Reads a secret from AWS Secrets Manager (${ADDED_BY}).${q}${q}${q}`,
      `${i}return boto3.client(${q}secretsmanager${q}).get_secret_value(SecretId=secret_id)[${q}SecretString${q}]`,
    ],
  },
  parameterStore: {
    name: "get_parameter",
    lines: (i, q) => [
      `def get_parameter(name):`,
      `${i}${q}${q}${q}Reads a SecureString parameter from AWS Systems Manager Parameter Store (${ADDED_BY}).${q}${q}${q}`,
      `${i}return boto3.client(${q}ssm${q}).get_parameter(Name=name, WithDecryption=True)[${q}Parameter${q}][${q}Value${q}]`,
    ],
  },
};

/**
 * The end of the module's header: the docstring, `from __future__` imports
 * and the imports that follow, at top level. New imports go after it, so
 * that they run before any code that could use them.
 */
function headerEnd(text: string, scan: PyScan): { afterImports: number; lastImport: number | undefined } {
  const lineRe = /[^\r\n]*(\r\n|\n|\r|$)/g;
  let offset = 0;
  let afterImports = 0;
  let lastImport: number | undefined;
  let first = true;
  while (offset < text.length) {
    lineRe.lastIndex = offset;
    const line = lineRe.exec(text)![0];
    if (line.length === 0) break;
    const trimmed = line.trim();
    const str = scan.strings.find((s) => s.start === offset + (line.length - line.trimStart().length));
    if (trimmed === "" || trimmed.startsWith("#")) {
      offset += line.length;
      continue;
    }
    if (first && str && /^[rRuU]?$/.test(str.prefix) && !/^\s/.test(line)) {
      // The module docstring.
      offset = endOfLineBreak(text, str.end);
      afterImports = offset;
      first = false;
      continue;
    }
    first = false;
    if (/^(import\s|from\s+\S+\s+import\b)/.test(line)) {
      // An import may run on over parentheses or backslashes.
      let end = offset + line.length;
      const open = line.indexOf("(");
      if (open >= 0 && line.indexOf(")") < 0) {
        const close = text.indexOf(")", offset + open);
        end = close < 0 ? text.length : endOfLineBreak(text, close);
      } else {
        while (/\\\s*$/.test(text.slice(offset, end)) && end < text.length) end = endOfLineBreak(text, end);
      }
      offset = end;
      afterImports = end;
      lastImport = end;
      continue;
    }
    break;
  }
  return { afterImports, lastImport };
}

function detectPyIndent(text: string): string {
  const m = /:[ \t]*(?:#[^\r\n]*)?\r?\n(?:[ \t]*\r?\n)*([ \t]+)\S/.exec(text);
  return m ? m[1] : "    ";
}

function lookup(ctx: FixContext, store: SecretStore, secretName: string): SecretFix | undefined {
  const lit = locate(ctx);
  if (!lit) return undefined;
  const facts = textFacts(ctx.text);
  const { eol } = facts;
  const q = preferredQuote(ctx.text);
  const helper = HELPERS[store];
  const { start, end } = findingSpan(ctx);
  const before = ctx.text.slice(lit.contentStart, start);
  const after = ctx.text.slice(end, lit.contentEnd);
  const isBytes = /b/i.test(lit.prefix);
  const edits: TextEdit[] = [];
  const call = (quote: string) => `${helper.name}(${quote}${secretName}${quote})`;
  const whole = /^(\s|\\[nrt])*$/.test(before) && /^(\s|\\[nrt])*$/.test(after);
  if (whole && !adjacentToString(ctx.text, lit)) {
    edits.push({ offset: lit.start, length: lit.end - lit.start, newText: call(q) + (isBytes ? ".encode()" : "") });
  } else if (isBytes) {
    // f-strings cannot be bytes: concatenate instead.
    const left = before ? `${lit.prefix}${lit.quote}${before}${lit.quote} + ` : "";
    const right = after ? ` + ${lit.prefix}${lit.quote}${after}${lit.quote}` : "";
    edits.push({ offset: lit.start, length: lit.end - lit.start, newText: `(${left}${call(q)}.encode()${right})` });
  } else {
    // Python before 3.12 forbids the f-string's own quote inside its braces.
    const inner = lit.quote[0] === '"' ? "'" : '"';
    const isF = /f/i.test(lit.prefix);
    const escapeBraces = (s: string) => (isF ? s : s.replace(/\{/g, "{{").replace(/\}/g, "}}"));
    const prefix = isF ? lit.prefix : lit.prefix.replace(/[uU]/, "") + "f";
    edits.push({
      offset: lit.start,
      length: lit.end - lit.start,
      newText: `${prefix}${lit.quote}${escapeBraces(before)}{${call(inner)}}${escapeBraces(after)}${lit.quote}`,
    });
  }
  edits.push(...importEdits(ctx, store, eol, q));
  return { title: STORE_TITLES[store], store, secretName, edits: normalizeEdits(edits), isPreferred: store === "secretsManager" };
}

function importEdits(ctx: FixContext, store: SecretStore, eol: string, q: string): TextEdit[] {
  const text = ctx.text;
  const scan = scanPython(text);
  const helper = HELPERS[store];
  const hasImport = /^import[ \t]+(?:[\w.]+[ \t]*,[ \t]*)*boto3\b(?![ \t]+as\b)/m.test(text);
  const hasHelper = new RegExp(`^def[ \\t]+${helper.name}\\b`, "m").test(text);
  if (hasImport && hasHelper) return [];
  const { afterImports, lastImport } = headerEnd(text, scan);
  const at = afterImports;
  let block = "";
  if (!hasImport) {
    // After a docstring with no imports below it, keep a blank line between the two.
    block += (at > 0 && lastImport === undefined ? eol : "") + `import boto3${eol}`;
  }
  if (!hasHelper) block += eol + eol + helper.lines(detectPyIndent(text), q).join(eol) + eol;
  const rest = text.slice(at);
  if (!hasHelper) {
    // Two blank lines between the helper and the code after it (PEP 8).
    const blank = /^((?:[ \t]*(?:\r\n|\n|\r))*)/.exec(rest)![1];
    const blankLines = blank ? blank.split(/\r\n|\n|\r/).length - 1 : 0;
    if (rest.trim().length > 0) block += eol.repeat(Math.max(0, 2 - blankLines));
  } else if (afterImports === 0 && rest.trim().length > 0) {
    block += eol;
  }
  if (at > 0 && !/[\r\n]$/.test(text.slice(0, at))) block = eol + block;
  return [{ offset: at, length: 0, newText: block }];
}

export const pythonFixer: FormatFixer = {
  supportsParameterStore: true,
  derivedName(ctx) {
    const lit = locate(ctx);
    return nameBefore(ctx.text, lit ? lit.start : ctx.finding.offset);
  },
  lookup,
  ignoreLines(ctx) {
    const facts = textFacts(ctx.text);
    const lit = locate(ctx);
    const startOffset = lit ? Math.min(lit.start, ctx.finding.offset) : ctx.finding.offset;
    const endOffset = lit ? Math.max(lit.end, ctx.finding.offset + ctx.finding.length) : ctx.finding.offset + ctx.finding.length;
    let first = facts.lines.positionAt(startOffset).line;
    const last = facts.lines.positionAt(endOffset).line;
    // A comment line cannot sit inside a backslash continuation.
    while (first > 0 && /\\\s*$/.test(facts.lines.lineText(first - 1))) first--;
    return { first, last };
  },
};
