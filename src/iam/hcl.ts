/**
 * A tolerant HCL (Terraform) parser that keeps offsets: enough structure to
 * find IAM policies (attributes, blocks, strings, heredocs, tuples, objects,
 * function calls) while any other expression is kept as an opaque span.
 * Half-typed input never throws: what cannot be parsed is skipped and
 * recorded in `errors`, and strings or heredocs that are not closed are marked
 * so that nothing inside them is reported.
 */

export interface HclError {
  offset: number;
  message: string;
}

interface Span {
  offset: number;
  end: number;
}

export interface HString extends Span {
  kind: "string";
  /** Decoded value; meaningful only when `template` is false. */
  value: string;
  /** Has `${...}` or `%{...}`: not a literal. */
  template: boolean;
  terminated: boolean;
}

export interface HHeredoc extends Span {
  kind: "heredoc";
  marker: string;
  indented: boolean;
  /** The body as written, from after the opening line to the start of the closing marker's line. */
  bodyOffset: number;
  bodyEnd: number;
  terminated: boolean;
}

export interface HTuple extends Span {
  kind: "tuple";
  items: HExpr[];
}

export interface HObjectItem {
  key: string;
  keyOffset: number;
  keyEnd: number;
  value: HExpr;
}

export interface HObject extends Span {
  kind: "object";
  items: HObjectItem[];
}

export interface HCall extends Span {
  kind: "call";
  name: string;
  args: HExpr[];
}

export interface HOther extends Span {
  kind: "other";
}

export type HExpr = HString | HHeredoc | HTuple | HObject | HCall | HOther;

export interface HAttribute extends Span {
  kind: "attribute";
  name: string;
  nameOffset: number;
  value: HExpr;
}

export interface HBlock extends Span {
  kind: "block";
  type: string;
  labels: string[];
  body: HBody;
  /** Offset of `{` and `}` (end is -1 when the block is not closed). */
  open: number;
  close: number;
}

export interface HBody {
  items: (HAttribute | HBlock)[];
}

export interface HclFile {
  body: HBody;
  errors: HclError[];
  /** Comment style the file uses most, for inserted comments. */
  commentStyle: "#" | "//";
}

type TokKind = "ident" | "number" | "string" | "heredoc" | "punct" | "newline" | "eof";

interface Tok extends Span {
  kind: TokKind;
  text: string;
  str?: HString;
  heredoc?: HHeredoc;
}

const MULTI_PUNCT = ["==", "!=", "<=", ">=", "&&", "||", "=>", "...", "::"];
const BINARY = new Set(["==", "!=", "<", ">", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%"]);

function tokenize(text: string, errors: HclError[]): { toks: Tok[]; hash: number; slashes: number } {
  const toks: Tok[] = [];
  let hash = 0;
  let slashes = 0;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === " " || c === "\t" || c === "\r" || c === "\uFEFF") {
      i++;
    } else if (c === "\n") {
      toks.push({ kind: "newline", offset: i, end: i + 1, text: "\n" });
      i++;
    } else if (c === "#" || (c === "/" && text[i + 1] === "/")) {
      if (c === "#") hash++;
      else slashes++;
      while (i < n && text[i] !== "\n") i++;
    } else if (c === "/" && text[i + 1] === "*") {
      const close = text.indexOf("*/", i + 2);
      if (close < 0) {
        errors.push({ offset: i, message: "unterminated comment" });
        i = n;
      } else {
        i = close + 2;
      }
    } else if (c === '"') {
      const str = scanString(text, i, errors);
      toks.push({ kind: "string", offset: i, end: str.end, text: "", str });
      i = str.end;
    } else if (c === "<" && text[i + 1] === "<" && /^<<-?[A-Za-z_][\w-]*[ \t]*\r?\n/.test(text.slice(i, i + 200))) {
      const heredoc = scanHeredoc(text, i, errors);
      toks.push({ kind: "heredoc", offset: i, end: heredoc.end, text: "", heredoc });
      i = heredoc.end;
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < n && /[\w-]/.test(text[j])) j++;
      toks.push({ kind: "ident", offset: i, end: j, text: text.slice(i, j) });
      i = j;
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 64));
      const len = m ? m[0].length : 1;
      toks.push({ kind: "number", offset: i, end: i + len, text: text.slice(i, i + len) });
      i += len;
    } else {
      const multi = MULTI_PUNCT.find((p) => text.startsWith(p, i));
      const t = multi ?? c;
      toks.push({ kind: "punct", offset: i, end: i + t.length, text: t });
      i += t.length;
    }
  }
  toks.push({ kind: "eof", offset: n, end: n, text: "" });
  return { toks, hash, slashes };
}

/** Scans a quoted template string starting at `start` (the opening quote). */
function scanString(text: string, start: number, errors: HclError[]): HString {
  let i = start + 1;
  let value = "";
  let template = false;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      return { kind: "string", offset: start, end: i + 1, value, template, terminated: true };
    }
    if (c === "\n") break;
    if (c === "\\") {
      const e = text[i + 1];
      const simple: Record<string, string> = { n: "\n", r: "\r", t: "\t", '"': '"', "\\": "\\" };
      if (e !== undefined && e in simple) {
        value += simple[e];
        i += 2;
      } else if (e === "u" && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
        value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
        i += 6;
      } else if (e === "U" && /^[0-9a-fA-F]{8}$/.test(text.slice(i + 2, i + 10))) {
        value += String.fromCodePoint(parseInt(text.slice(i + 2, i + 10), 16));
        i += 10;
      } else {
        value += c;
        i++;
      }
      continue;
    }
    if ((c === "$" || c === "%") && text[i + 1] === c && text[i + 2] === "{") {
      value += c + "{";
      i += 3;
      continue;
    }
    if ((c === "$" || c === "%") && text[i + 1] === "{") {
      template = true;
      i = skipInterpolation(text, i + 2, errors);
      continue;
    }
    value += c;
    i++;
  }
  errors.push({ offset: start, message: "unterminated string" });
  return { kind: "string", offset: start, end: i, value, template: true, terminated: false };
}

/** Skips to after the `}` that closes an interpolation opened just before `i`. */
function skipInterpolation(text: string, i: number, errors: HclError[]): number {
  let depth = 1;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === '"') {
      i = scanString(text, i, errors).end;
      continue;
    }
    if (c === "{") depth++;
    else if (c === "}") {
      depth--;
      if (depth === 0) return i + 1;
    }
    i++;
  }
  errors.push({ offset: i, message: "unterminated interpolation" });
  return n;
}

function scanHeredoc(text: string, start: number, errors: HclError[]): HHeredoc {
  const m = /^<<(-?)([A-Za-z_][\w-]*)[ \t]*\r?\n/.exec(text.slice(start, start + 200))!;
  const marker = m[2];
  const bodyOffset = start + m[0].length;
  let lineStart = bodyOffset;
  while (lineStart <= text.length) {
    const nl = text.indexOf("\n", lineStart);
    const lineEnd = nl < 0 ? text.length : nl;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, "");
    if (line.trim() === marker) {
      const markerEnd = lineStart + line.indexOf(marker) + marker.length;
      return {
        kind: "heredoc",
        offset: start,
        end: markerEnd,
        marker,
        indented: m[1] === "-",
        bodyOffset,
        bodyEnd: lineStart,
        terminated: true,
      };
    }
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  errors.push({ offset: start, message: `heredoc <<${m[1]}${marker} is not closed` });
  return {
    kind: "heredoc",
    offset: start,
    end: text.length,
    marker,
    indented: m[1] === "-",
    bodyOffset,
    bodyEnd: text.length,
    terminated: false,
  };
}

class Parser {
  private p = 0;

  constructor(
    private readonly toks: Tok[],
    readonly errors: HclError[],
  ) {}

  private peek(skipNewlines: boolean): Tok {
    let q = this.p;
    if (skipNewlines) while (this.toks[q].kind === "newline") q++;
    return this.toks[q];
  }

  private next(skipNewlines: boolean): Tok {
    if (skipNewlines) this.skipNewlines();
    const t = this.toks[this.p];
    if (t.kind !== "eof") this.p++;
    return t;
  }

  private skipNewlines(): void {
    while (this.toks[this.p].kind === "newline") this.p++;
  }

  private isPunct(t: Tok, text: string): boolean {
    return t.kind === "punct" && t.text === text;
  }

  private error(t: Tok, message: string): void {
    this.errors.push({ offset: t.offset, message });
  }

  parseBody(closing: boolean): HBody {
    const items: (HAttribute | HBlock)[] = [];
    for (;;) {
      this.skipNewlines();
      const t = this.peek(false);
      if (t.kind === "eof") {
        if (closing) this.error(t, "missing }");
        break;
      }
      if (this.isPunct(t, "}")) {
        if (closing) break;
        this.error(t, "unexpected }");
        this.p++;
        continue;
      }
      if (t.kind !== "ident") {
        this.error(t, "expected an attribute or a block");
        const before = this.p;
        this.skipLine();
        if (this.p === before) this.p++;
        continue;
      }
      const after = this.toks[this.p + 1];
      if (this.isPunct(after, "=")) {
        this.p += 2;
        const value = this.parseExpr(false);
        items.push({ kind: "attribute", name: t.text, nameOffset: t.offset, offset: t.offset, end: value.end, value });
        this.expectLineEnd();
        continue;
      }
      const block = this.parseBlock();
      if (block) items.push(block);
    }
    return { items };
  }

  private parseBlock(): HBlock | undefined {
    const typeTok = this.next(false);
    const labels: string[] = [];
    for (;;) {
      const t = this.peek(false);
      if (t.kind === "string" && t.str) {
        labels.push(t.str.value);
        this.p++;
      } else if (t.kind === "ident") {
        labels.push(t.text);
        this.p++;
      } else break;
    }
    const open = this.peek(false);
    if (!this.isPunct(open, "{")) {
      this.error(open, `expected { after ${typeTok.text}`);
      this.skipLine();
      return undefined;
    }
    this.p++;
    const body = this.parseBody(true);
    const close = this.peek(false);
    let end = close.offset;
    let closeOffset = -1;
    if (this.isPunct(close, "}")) {
      this.p++;
      end = close.end;
      closeOffset = close.offset;
    }
    return { kind: "block", type: typeTok.text, labels, body, offset: typeTok.offset, end, open: open.offset, close: closeOffset };
  }

  private skipLine(): void {
    let depth = 0;
    for (;;) {
      const t = this.toks[this.p];
      if (t.kind === "eof") return;
      if (t.kind === "newline" && depth <= 0) return;
      if (t.kind === "punct" && "([{".includes(t.text)) depth++;
      if (t.kind === "punct" && ")]}".includes(t.text)) {
        if (depth === 0) return;
        depth--;
      }
      this.p++;
    }
  }

  private expectLineEnd(): void {
    const t = this.peek(false);
    if (t.kind === "newline" || t.kind === "eof" || this.isPunct(t, "}")) return;
    this.error(t, "expected the end of the line");
    this.skipLine();
  }

  /** `nl`: inside brackets, where newlines do not end an expression. */
  parseExpr(nl: boolean): HExpr {
    let left = this.parsePostfix(this.parseUnary(nl));
    for (;;) {
      const t = this.peek(nl);
      if (t.kind === "punct" && BINARY.has(t.text)) {
        this.next(nl);
        const right = this.parsePostfix(this.parseUnary(nl));
        left = { kind: "other", offset: left.offset, end: right.end };
      } else if (this.isPunct(t, "?")) {
        this.next(nl);
        this.parseExpr(nl);
        const colon = this.peek(nl);
        if (this.isPunct(colon, ":")) this.next(nl);
        else this.error(colon, "expected : in a conditional");
        const right = this.parseExpr(nl);
        left = { kind: "other", offset: left.offset, end: right.end };
      } else {
        return left;
      }
    }
  }

  private parseUnary(nl: boolean): HExpr {
    const t = this.peek(nl);
    if (this.isPunct(t, "-") || this.isPunct(t, "!")) {
      this.next(nl);
      const operand = this.parsePostfix(this.parseUnary(nl));
      return { kind: "other", offset: t.offset, end: operand.end };
    }
    return this.parsePrimary(nl);
  }

  private parsePrimary(nl: boolean): HExpr {
    const t = this.next(nl);
    switch (t.kind) {
      case "string":
        return t.str!;
      case "heredoc":
        return t.heredoc!;
      case "number":
        return { kind: "other", offset: t.offset, end: t.end };
      case "ident": {
        let name = t.text;
        let end = t.end;
        while (this.isPunct(this.peek(false), "::") && this.toks[this.p + 1].kind === "ident") {
          name += "::" + this.toks[this.p + 1].text;
          end = this.toks[this.p + 1].end;
          this.p += 2;
        }
        if (this.isPunct(this.peek(false), "(")) return this.parseCall(name, t.offset);
        return { kind: "other", offset: t.offset, end };
      }
      case "punct":
        if (t.text === "[") return this.parseTuple(t);
        if (t.text === "{") return this.parseObject(t);
        if (t.text === "(") {
          this.parseExpr(true);
          const close = this.peek(true);
          if (this.isPunct(close, ")")) {
            this.next(true);
            return { kind: "other", offset: t.offset, end: close.end };
          }
          this.error(close, "expected )");
          return { kind: "other", offset: t.offset, end: close.offset };
        }
        if (")]}".includes(t.text)) {
          // Leave closing brackets to whoever opened them.
          this.p--;
          this.error(t, "expected an expression");
          return { kind: "other", offset: t.offset, end: t.offset };
        }
        this.error(t, `unexpected ${t.text}`);
        return { kind: "other", offset: t.offset, end: t.end };
      case "newline":
      case "eof":
        if (t.kind === "newline") this.p--;
        this.error(t, "expected an expression");
        return { kind: "other", offset: t.offset, end: t.offset };
    }
  }

  /** Traversals after an expression (`.attr`, `[index]`, `.*`), on the same line. */
  private parsePostfix(expr: HExpr): HExpr {
    let result = expr;
    for (;;) {
      const t = this.peek(false);
      if (this.isPunct(t, ".")) {
        this.p++;
        const member = this.peek(false);
        if (member.kind === "ident" || member.kind === "number" || this.isPunct(member, "*")) this.p++;
        else this.error(member, "expected an attribute name after .");
        result = { kind: "other", offset: result.offset, end: member.end };
      } else if (
        this.isPunct(t, "[") &&
        (result.kind === "other" || result.kind === "call" || result.kind === "tuple" || result.kind === "object")
      ) {
        const end = this.skipBalanced("[", "]");
        result = { kind: "other", offset: result.offset, end };
      } else {
        return result;
      }
    }
  }

  /** Skips from an opening bracket at the current token to after its match; returns the end offset. */
  private skipBalanced(open: string, close: string): number {
    let depth = 0;
    for (;;) {
      const t = this.toks[this.p];
      if (t.kind === "eof") {
        this.error(t, `missing ${close}`);
        return t.offset;
      }
      this.p++;
      if (this.isPunct(t, open)) depth++;
      else if (this.isPunct(t, close)) {
        depth--;
        if (depth === 0) return t.end;
      }
    }
  }

  private parseCall(name: string, offset: number): HCall | HOther {
    this.p++; // (
    const args: HExpr[] = [];
    for (;;) {
      const t = this.peek(true);
      if (this.isPunct(t, ")")) {
        this.next(true);
        return { kind: "call", name, args, offset, end: t.end };
      }
      if (t.kind === "eof" || this.isPunct(t, "}") || this.isPunct(t, "]")) {
        this.error(t, "missing ) in a function call");
        return { kind: "call", name, args, offset, end: t.offset };
      }
      const before = this.p;
      args.push(this.parseExpr(true));
      const sep = this.peek(true);
      if (this.isPunct(sep, ",") || this.isPunct(sep, "...")) this.next(true);
      else if (!this.isPunct(sep, ")")) {
        this.error(sep, "expected , or ) in a function call");
        if (this.p === before) this.next(true);
      }
    }
  }

  private parseTuple(open: Tok): HExpr {
    if (this.peek(true).kind === "ident" && this.peek(true).text === "for") {
      this.p--;
      return { kind: "other", offset: open.offset, end: this.skipBalanced("[", "]") };
    }
    const items: HExpr[] = [];
    for (;;) {
      const t = this.peek(true);
      if (this.isPunct(t, "]")) {
        this.next(true);
        return { kind: "tuple", items, offset: open.offset, end: t.end };
      }
      if (t.kind === "eof" || this.isPunct(t, "}") || this.isPunct(t, ")")) {
        this.error(t, "missing ]");
        return { kind: "tuple", items, offset: open.offset, end: t.offset };
      }
      const before = this.p;
      items.push(this.parseExpr(true));
      const sep = this.peek(true);
      if (this.isPunct(sep, ",")) this.next(true);
      else if (!this.isPunct(sep, "]")) {
        this.error(sep, "expected , or ] in a list");
        if (this.p === before) this.next(true);
      }
    }
  }

  private parseObject(open: Tok): HExpr {
    if (this.peek(true).kind === "ident" && this.peek(true).text === "for") {
      this.p--;
      return { kind: "other", offset: open.offset, end: this.skipBalanced("{", "}") };
    }
    const items: HObjectItem[] = [];
    for (;;) {
      let t = this.peek(true);
      while (this.isPunct(t, ",")) {
        this.next(true);
        t = this.peek(true);
      }
      if (this.isPunct(t, "}")) {
        this.next(true);
        return { kind: "object", items, offset: open.offset, end: t.end };
      }
      if (t.kind === "eof" || this.isPunct(t, "]") || this.isPunct(t, ")")) {
        this.error(t, "missing }");
        return { kind: "object", items, offset: open.offset, end: t.offset };
      }
      const before = this.p;
      let key: string | undefined;
      let keyOffset = t.offset;
      let keyEnd = t.end;
      if (t.kind === "ident") {
        key = t.text;
        this.next(true);
      } else if (t.kind === "string" && t.str) {
        key = t.str.template ? undefined : t.str.value;
        keyOffset = t.offset + 1;
        keyEnd = Math.max(keyOffset, t.end - 1);
        this.next(true);
      } else {
        const k = this.parseExpr(true);
        keyOffset = k.offset;
        keyEnd = k.end;
      }
      const eq = this.peek(false);
      if (this.isPunct(eq, "=") || this.isPunct(eq, ":")) {
        this.p++;
        const value = this.parseExpr(false);
        if (key !== undefined) items.push({ key, keyOffset, keyEnd, value });
      } else {
        this.error(eq, "expected = or : after an object key");
        if (this.p === before) this.next(true);
        this.skipLine();
      }
    }
  }
}

export function parseHcl(text: string): HclFile {
  const errors: HclError[] = [];
  const { toks, hash, slashes } = tokenize(text, errors);
  const parser = new Parser(toks, errors);
  const body = parser.parseBody(false);
  return { body, errors, commentStyle: slashes > hash ? "//" : "#" };
}
