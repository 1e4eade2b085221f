/**
 * A lexer for the brace languages whose fixes need only strings, comments
 * and brackets: Java, Go, C# and HCL (Terraform). Each string token knows
 * its content span, so a fix can tell whether the secret fills it.
 */

import { nextLineBreak } from "./common";

export type Dialect = "java" | "go" | "csharp" | "hcl";

export type StringKind =
  | "normal" // "…" with backslash escapes
  | "textBlock" // Java """…"""
  | "raw" // Go `…`
  | "verbatim" // C# @"…"
  | "interpolated" // C# $"…"
  | "interpolatedVerbatim" // C# $@"…"
  | "rawCs" // C# """…"""
  | "template" // HCL "…" with ${…}
  | "heredoc" // HCL <<EOF … EOF
  | "char";

export interface CToken {
  type: "string" | "punct" | "ident" | "number";
  start: number;
  end: number;
  value: string;
  kind?: StringKind;
  contentStart?: number;
  contentEnd?: number;
}

export interface CLex {
  tokens: CToken[];
  comments: Array<[number, number]>;
  /** Partner index of each bracket token (-1 for others or unbalanced). */
  partner: number[];
}

/** One fix request lexes the same text several times (name, each store, ignore): keep the last result. */
let last: { text: string; dialect: Dialect; lexed: CLex } | undefined;

export function lex(text: string, dialect: Dialect): CLex {
  if (last && last.text === text && last.dialect === dialect) return last.lexed;
  const lexed = lexUncached(text, dialect);
  last = { text, dialect, lexed };
  return lexed;
}

function lexUncached(text: string, dialect: Dialect): CLex {
  const lexer = new Lexer(text, dialect);
  lexer.scanCode(false);
  // Strings found inside interpolation holes are pushed before their outer
  // string; keep the list in text order so that brackets pair up.
  const tokens = lexer.tokens.sort((a, b) => a.start - b.start || b.end - a.end);
  const partner = tokens.map(() => -1);
  const stack: number[] = [];
  tokens.forEach((t, i) => {
    if (t.type !== "punct") return;
    if (t.value === "(" || t.value === "[" || t.value === "{") stack.push(i);
    else if ((t.value === ")" || t.value === "]" || t.value === "}") && stack.length > 0) {
      const open = stack.pop()!;
      partner[open] = i;
      partner[i] = open;
    }
  });
  return { tokens, comments: lexer.comments, partner };
}

/** The innermost string token holding [start, end) in its content. */
export function stringAt(lexed: CLex, start: number, end: number): CToken | undefined {
  let best: CToken | undefined;
  for (const t of lexed.tokens) {
    if (t.type !== "string" || t.kind === "char") continue;
    if (t.contentStart! <= start && end <= t.contentEnd!) {
      if (!best || t.end - t.start < best.end - best.start) best = t;
    }
  }
  return best;
}

/** Index of the innermost unclosed bracket before token index `i`, or -1. */
export function enclosingOpener(lexed: CLex, i: number): number {
  for (let j = i - 1; j >= 0; j--) {
    const t = lexed.tokens[j];
    if (t.type !== "punct") continue;
    if (t.value === ")" || t.value === "]" || t.value === "}") {
      if (lexed.partner[j] < 0) return -1;
      j = lexed.partner[j];
    } else if (t.value === "(" || t.value === "[" || t.value === "{") return j;
  }
  return -1;
}

class Lexer {
  readonly tokens: CToken[] = [];
  readonly comments: Array<[number, number]> = [];
  pos = 0;

  constructor(
    private readonly text: string,
    private readonly dialect: Dialect,
  ) {}

  scanCode(untilBrace: boolean): void {
    const text = this.text;
    let depth = 0;
    while (this.pos < text.length) {
      const c = text[this.pos];
      const start = this.pos;
      if (/\s/.test(c)) {
        this.pos++;
      } else if ((c === "/" && text[this.pos + 1] === "/") || (c === "#" && this.dialect === "hcl")) {
        this.pos = nextLineBreak(text, this.pos);
        this.comments.push([start, this.pos]);
      } else if (c === "/" && text[this.pos + 1] === "*") {
        const close = text.indexOf("*/", this.pos + 2);
        this.pos = close < 0 ? text.length : close + 2;
        this.comments.push([start, this.pos]);
      } else if (this.scanString()) {
        // pushed
      } else if (/[A-Za-z_\u0080-\uFFFF]/.test(c)) {
        while (this.pos < text.length && /[\w\u0080-\uFFFF]/.test(text[this.pos])) this.pos++;
        this.push("ident", start, this.pos);
      } else if (/[0-9]/.test(c)) {
        while (this.pos < text.length && /[\w.]/.test(text[this.pos])) this.pos++;
        this.push("number", start, this.pos);
      } else {
        this.pos++;
        // The `}` closing an interpolation hole belongs to its string, not to the code's brackets.
        if (c === "}" && depth === 0 && untilBrace) return;
        this.push("punct", start, this.pos);
        if (c === "{") depth++;
        else if (c === "}") depth--;
      }
    }
  }

  private push(type: CToken["type"], start: number, end: number, extra: Partial<CToken> = {}): void {
    this.tokens.push({ type, start, end, value: this.text.slice(start, end), ...extra });
  }

  private pushString(kind: StringKind, start: number, contentStart: number, contentEnd: number, end: number): true {
    this.push("string", start, end, { kind, contentStart, contentEnd });
    this.pos = end;
    return true;
  }

  /** Reads a string or char literal at `pos`, if one starts there. */
  private scanString(): boolean {
    const text = this.text;
    const i = this.pos;
    const c = text[i];
    const d = this.dialect;
    if (d === "java" && text.startsWith('"""', i)) {
      const close = findUnescaped(text, '"""', i + 3);
      return this.pushString("textBlock", i, i + 3, close, Math.min(close + 3, text.length));
    }
    if (d === "csharp") {
      const m = /^(\$*)(@?)(\$*)("""+|")/.exec(text.slice(i, i + 12));
      const prevWord = /[\w]/.test(text[i - 1] ?? "");
      if (m && !prevWord && (m[1] || m[2] || m[3] || m[4])) {
        const dollars = m[1].length + m[3].length;
        const quotes = m[4];
        const contentStart = i + m[0].length;
        if (quotes.length >= 3) {
          const close = text.indexOf(quotes, contentStart);
          const end = close < 0 ? text.length : close + quotes.length;
          return this.pushString("rawCs", i, contentStart, close < 0 ? text.length : close, end);
        }
        if (m[2]) {
          const close = this.scanCsVerbatim(contentStart, dollars > 0);
          return this.pushString(dollars > 0 ? "interpolatedVerbatim" : "verbatim", i, contentStart, close, close + 1);
        }
        if (dollars > 0) {
          const close = this.scanCsInterpolated(contentStart);
          return this.pushString("interpolated", i, contentStart, close, Math.min(close + 1, text.length));
        }
      }
    }
    if (c === '"') {
      if (d === "hcl") {
        const close = this.scanHclTemplate(i + 1);
        return this.pushString("template", i, i + 1, close, Math.min(close + 1, text.length));
      }
      const close = lineEndOr(text, i + 1, '"');
      return this.pushString("normal", i, i + 1, close, Math.min(close + 1, text.length));
    }
    if (c === "`" && d === "go") {
      const close = text.indexOf("`", i + 1);
      const end = close < 0 ? text.length : close;
      return this.pushString("raw", i, i + 1, end, Math.min(end + 1, text.length));
    }
    if (c === "'" && d !== "hcl") {
      const close = lineEndOr(text, i + 1, "'");
      return this.pushString("char", i, i + 1, close, Math.min(close + 1, text.length));
    }
    if (d === "hcl" && text.startsWith("<<", i)) {
      const m = /^<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(i, i + 200));
      if (m) {
        const contentStart = i + m[0].length;
        const endRe = new RegExp(`^[ \\t]*${m[2]}[ \\t]*$`, "m");
        const rest = text.slice(contentStart);
        const found = endRe.exec(rest);
        const markerLine = found ? contentStart + found.index : text.length;
        const markerEnd = found ? markerLine + found[0].length : text.length;
        return this.pushString("heredoc", i, contentStart, markerLine, markerEnd);
      }
    }
    return false;
  }

  /** C# $"…": `{{` is a brace, `{` opens code up to its `}`. Returns the closing quote's offset. */
  private scanCsInterpolated(from: number): number {
    const text = this.text;
    let j = from;
    while (j < text.length) {
      const ch = text[j];
      if (ch === "\\") j += 2;
      else if (ch === "{" && text[j + 1] === "{") j += 2;
      else if (ch === "{") {
        this.pos = j + 1;
        this.scanCode(true);
        j = this.pos;
      } else if (ch === '"' || ch === "\n") return j;
      else j++;
    }
    return text.length;
  }

  private scanCsVerbatim(from: number, interpolated: boolean): number {
    const text = this.text;
    let j = from;
    while (j < text.length) {
      const ch = text[j];
      if (ch === '"' && text[j + 1] === '"') j += 2;
      else if (ch === '"') return j;
      else if (interpolated && ch === "{" && text[j + 1] === "{") j += 2;
      else if (interpolated && ch === "{") {
        this.pos = j + 1;
        this.scanCode(true);
        j = this.pos;
      } else j++;
    }
    return text.length;
  }

  /** HCL "…": `${…}` and `%{…}` hold expressions (with their own strings); `$${` and `%%{` are literal. */
  private scanHclTemplate(from: number): number {
    const text = this.text;
    let j = from;
    while (j < text.length) {
      const ch = text[j];
      if (ch === "\\") j += 2;
      else if ((ch === "$" || ch === "%") && text[j + 1] === ch && text[j + 2] === "{") j += 3;
      else if ((ch === "$" || ch === "%") && text[j + 1] === "{") {
        this.pos = j + 2;
        this.scanCode(true);
        j = this.pos;
      } else if (ch === '"' || ch === "\n" || ch === "\r") return j;
      else j++;
    }
    return text.length;
  }
}

function findUnescaped(text: string, needle: string, from: number): number {
  let j = from;
  while (j < text.length) {
    if (text[j] === "\\") j += 2;
    else if (text.startsWith(needle, j)) return j;
    else j++;
  }
  return text.length;
}

/** The offset of the closing quote of a one-line literal (or of the line end if unterminated). */
function lineEndOr(text: string, from: number, quote: string): number {
  let j = from;
  while (j < text.length) {
    const ch = text[j];
    if (ch === "\\") j += 2;
    else if (ch === quote || ch === "\n" || ch === "\r") return j;
    else j++;
  }
  return text.length;
}
