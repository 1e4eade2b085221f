/**
 * A small JavaScript/TypeScript scanner: just enough structure to place an
 * `await` safely. The TypeScript compiler would do this perfectly, but at
 * ~9 MB it cannot ship inside the extension bundle; this scanner knows
 * strings, template literals (with nested `${}`), comments, regex literals,
 * JSX (in the react variants) and brackets, and the fixes refuse to offer a
 * lookup whenever it cannot tell where an `await` would land.
 */

import { nextLineBreak } from "./common";

export type JsTokenType = "punct" | "ident" | "number" | "string" | "template" | "regex" | "jsxText" | "jsxString";

export interface JsToken {
  type: JsTokenType;
  /** For `template`, the chunk of text between delimiters; otherwise the whole token. */
  start: number;
  end: number;
  value: string;
  /** Template chunks: offset of the template's opening backtick, and whether this chunk opens/closes it. */
  templateStart?: number;
  head?: boolean;
  tail?: boolean;
}

const OPENERS = new Set(["(", "[", "{", "${"]);
const CLOSERS = new Set([")", "]", "}"]);
const PUNCTUATORS = [
  ">>>=",
  "...",
  "===",
  "!==",
  "**=",
  "<<=",
  ">>=",
  "&&=",
  "||=",
  "??=",
  "=>",
  "?.",
  "==",
  "!=",
  "<=",
  ">=",
  "&&",
  "||",
  "??",
  "++",
  "--",
  "+=",
  "-=",
  "*=",
  "/=",
  "%=",
  "&=",
  "|=",
  "^=",
  "**",
  "<<",
];
/** Keywords after which a `/` starts a regex and a `<` may start JSX. */
const EXPRESSION_KEYWORDS = new Set([
  "return",
  "typeof",
  "instanceof",
  "in",
  "of",
  "new",
  "delete",
  "void",
  "throw",
  "case",
  "do",
  "else",
  "yield",
  "await",
  "default",
]);

export class JsScan {
  readonly tokens: JsToken[] = [];
  readonly comments: Array<[number, number]> = [];
  /** JSX children spans (between `>` and `</`) and the `{…}` containers in JSX, for comment placement. */
  readonly jsxChildren: Array<[number, number]> = [];
  readonly jsxContainers: Array<[number, number]> = [];
  /** For each bracket token, the index of its partner (or -1 when unbalanced). */
  readonly partner: number[] = [];
  private pos = 0;

  constructor(
    readonly text: string,
    private readonly jsx: boolean,
  ) {
    this.scanCode(false);
    const stack: number[] = [];
    for (let i = 0; i < this.tokens.length; i++) {
      this.partner[i] = -1;
      const t = this.tokens[i];
      if (t.type !== "punct") continue;
      if (OPENERS.has(t.value)) stack.push(i);
      else if (CLOSERS.has(t.value) && stack.length > 0) {
        const open = stack.pop()!;
        this.partner[open] = i;
        this.partner[i] = open;
      }
    }
  }

  /** Index of the token whose span holds [start, end), if any. */
  tokenIndexAt(start: number, end: number): number {
    let low = 0;
    let high = this.tokens.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const t = this.tokens[mid];
      if (t.end <= start) low = mid + 1;
      else if (t.start > start) high = mid - 1;
      else return end <= t.end ? mid : -1;
    }
    return -1;
  }

  /** True when `offset` lies in JSX children, where a `//` line would be text: only a block comment in braces is a comment there. */
  inJsxChildren(offset: number): boolean {
    let innermost: { size: number; children: boolean } | undefined;
    for (const [list, children] of [
      [this.jsxChildren, true],
      [this.jsxContainers, false],
    ] as const) {
      for (const [s, e] of list) {
        if (offset > s && offset < e && (!innermost || e - s < innermost.size)) innermost = { size: e - s, children };
      }
    }
    return innermost?.children ?? false;
  }

  inComment(offset: number): boolean {
    return this.comments.some(([s, e]) => offset >= s && offset < e);
  }

  private push(type: JsTokenType, start: number, end: number, extra: Partial<JsToken> = {}): void {
    this.tokens.push({ type, start, end, value: this.text.slice(start, end), ...extra });
  }

  private lastSignificant(): JsToken | undefined {
    return this.tokens[this.tokens.length - 1];
  }

  /** True where an operand may start: a `/` is a regex there, a `<` may open JSX. */
  private atExpressionStart(): boolean {
    const prev = this.lastSignificant();
    if (!prev) return true;
    if (prev.type === "punct") return prev.value !== ")" && prev.value !== "]";
    if (prev.type === "ident") return EXPRESSION_KEYWORDS.has(prev.value);
    return false;
  }

  /** Scans code; inside `${…}` or a JSX `{…}` it stops after the `}` that closes it. */
  private scanCode(untilBrace: boolean): void {
    const text = this.text;
    let depth = 0;
    while (this.pos < text.length) {
      const c = text[this.pos];
      const start = this.pos;
      if (c === " " || c === "\t" || c === "\n" || c === "\r" || c === "\f" || c === "\v" || c === "\uFEFF" || c === "\u00A0") {
        this.pos++;
      } else if (c === "/" && text[this.pos + 1] === "/") {
        this.pos = nextLineBreak(text, this.pos);
        this.comments.push([start, this.pos]);
      } else if (c === "/" && text[this.pos + 1] === "*") {
        const close = text.indexOf("*/", this.pos + 2);
        this.pos = close < 0 ? text.length : close + 2;
        this.comments.push([start, this.pos]);
      } else if (c === "#" && start === 0 && text[1] === "!") {
        this.pos = nextLineBreak(text, this.pos);
        this.comments.push([start, this.pos]);
      } else if (c === '"' || c === "'") {
        this.scanString(c);
      } else if (c === "`") {
        this.scanTemplate();
      } else if (c === "/" && this.atExpressionStart()) {
        this.scanRegex();
      } else if (c === "<" && this.jsx && this.atExpressionStart() && this.looksLikeJsx()) {
        this.scanJsxElement();
      } else if (/[A-Za-z_$#\u0080-\uFFFF]/.test(c)) {
        this.pos++;
        while (this.pos < text.length && /[\w$\u0080-\uFFFF]/.test(text[this.pos])) this.pos++;
        this.push("ident", start, this.pos);
      } else if (/[0-9]/.test(c) || (c === "." && /[0-9]/.test(text[this.pos + 1] ?? ""))) {
        this.pos++;
        while (this.pos < text.length && /[\w.]/.test(text[this.pos])) this.pos++;
        this.push("number", start, this.pos);
      } else if (c === "{") {
        depth++;
        this.pos++;
        this.push("punct", start, this.pos);
      } else if (c === "}") {
        this.pos++;
        this.push("punct", start, this.pos);
        if (depth === 0 && untilBrace) return;
        depth--;
      } else {
        const op = PUNCTUATORS.find((p) => text.startsWith(p, this.pos) && !(p === "?." && /[0-9]/.test(text[this.pos + 2] ?? "")));
        this.pos += op ? op.length : 1;
        this.push("punct", start, this.pos);
      }
    }
  }

  private scanString(quote: string): void {
    const text = this.text;
    const start = this.pos++;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === "\\") this.pos += text[this.pos + 1] === "\r" && text[this.pos + 2] === "\n" ? 3 : 2;
      else if (c === quote) {
        this.pos++;
        break;
      } else if (c === "\n" || c === "\r")
        break; // unterminated: stop at the line end
      else this.pos++;
    }
    this.push("string", start, Math.min(this.pos, text.length));
  }

  private scanTemplate(): void {
    const text = this.text;
    const templateStart = this.pos++;
    let chunkStart = this.pos;
    let head = true;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === "\\") this.pos += 2;
      else if (c === "`") {
        this.push("template", chunkStart, this.pos, { templateStart, head, tail: true });
        this.pos++;
        return;
      } else if (c === "$" && text[this.pos + 1] === "{") {
        this.push("template", chunkStart, this.pos, { templateStart, head, tail: false });
        head = false;
        this.push("punct", this.pos, this.pos + 2);
        this.pos += 2;
        this.scanCode(true);
        chunkStart = this.pos;
      } else this.pos++;
    }
    this.push("template", chunkStart, text.length, { templateStart, head, tail: true });
  }

  private scanRegex(): void {
    const text = this.text;
    const start = this.pos++;
    let inClass = false;
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === "\\") this.pos += 2;
      else if (c === "\n" || c === "\r") break;
      else if (c === "[" || c === "]") {
        inClass = c === "[";
        this.pos++;
      } else if (c === "/" && !inClass) {
        this.pos++;
        while (this.pos < text.length && /[a-z]/i.test(text[this.pos])) this.pos++;
        break;
      } else this.pos++;
    }
    this.push("regex", start, this.pos);
  }

  /** `<div`, `<Foo.Bar`, `<>` open JSX; `<T,>` and `<T extends U>` are generic arrow functions. */
  private looksLikeJsx(): boolean {
    const rest = this.text.slice(this.pos, this.pos + 200);
    if (/^<\s*(const\s+)?[A-Za-z_$][\w$]*\s*(,|extends\b)/.test(rest)) return false;
    return /^<(>|[A-Za-z_$])/.test(rest);
  }

  private scanJsxElement(): void {
    const text = this.text;
    this.pos++; // <
    while (this.pos < text.length && /[\w$.:-]/.test(text[this.pos])) this.pos++;
    // attributes
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (/\s/.test(c)) this.pos++;
      else if (c === "/" && text[this.pos + 1] === ">") {
        this.pos += 2;
        return;
      } else if (c === ">") {
        this.pos++;
        break;
      } else if (c === "{") {
        const open = this.pos;
        this.push("punct", this.pos, ++this.pos);
        this.scanCode(true);
        this.jsxContainers.push([open, this.pos]);
      } else if (c === '"' || c === "'") {
        const close = text.indexOf(c, this.pos + 1);
        const end = close < 0 ? text.length : close + 1;
        this.push("jsxString", this.pos, end);
        this.pos = end;
      } else if (c === "/" && text[this.pos + 1] === "*") {
        const close = text.indexOf("*/", this.pos + 2);
        const end = close < 0 ? text.length : close + 2;
        this.comments.push([this.pos, end]);
        this.pos = end;
      } else if (c === "<") {
        this.scanJsxElement();
      } else this.pos++; // attribute names and `=`
    }
    // children
    const childrenStart = this.pos;
    let textStart = this.pos;
    const flushText = () => {
      if (this.pos > textStart && text.slice(textStart, this.pos).trim()) this.push("jsxText", textStart, this.pos);
    };
    while (this.pos < text.length) {
      const c = text[this.pos];
      if (c === "<" && text[this.pos + 1] === "/") {
        flushText();
        this.jsxChildren.push([childrenStart, this.pos]);
        const close = text.indexOf(">", this.pos);
        this.pos = close < 0 ? text.length : close + 1;
        return;
      } else if (c === "<") {
        flushText();
        this.scanJsxElement();
        textStart = this.pos;
      } else if (c === "{") {
        flushText();
        const open = this.pos;
        this.push("punct", this.pos, ++this.pos);
        this.scanCode(true);
        this.jsxContainers.push([open, this.pos]);
        textStart = this.pos;
      } else this.pos++;
    }
    flushText();
  }
}
