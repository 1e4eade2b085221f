import type { JsScan, JsToken } from "./jsScanner";

/**
 * Where an `await` placed at a token would land: at module level, in an
 * async function, in code that runs synchronously, or nowhere a lookup can go.
 */
export type AwaitPlace =
  | { kind: "module" }
  | { kind: "async" }
  /**
   * A function that is not async, a class field, a getter, a constructor, a
   * parameter default: an `await` here would need the function made async,
   * which changes what every caller gets (a promise instead of a value).
   * `what` names the place, for the fix title.
   */
  | { kind: "sync"; what: string }
  | { kind: "invalid"; reason: string };

const NOT_A_FUNCTION_BEFORE_PARENS = new Set([
  "if",
  "for",
  "while",
  "switch",
  "catch",
  "with",
  "case",
  "return",
  "typeof",
  "await",
  "yield",
  "in",
  "of",
  "new",
  "else",
  "do",
  "throw",
  "delete",
  "void",
  "instanceof",
  "super",
  "import",
]);

export class AwaitAnalysis {
  private readonly t: JsToken[];

  constructor(
    private readonly scan: JsScan,
    private readonly typescript: boolean,
  ) {
    this.t = scan.tokens;
  }

  private is(i: number, value: string): boolean {
    const tok = this.t[i];
    return !!tok && (tok.type === "punct" || tok.type === "ident") && tok.value === value;
  }

  /**
   * Walks outward from token `index` to the innermost function (or the
   * module) that an `await` there would belong to.
   */
  placeOf(index: number): AwaitPlace {
    let i = index - 1;
    let separated = false;
    while (i >= 0) {
      const tok = this.t[i];
      if (tok.type === "punct" && (tok.value === ")" || tok.value === "]" || tok.value === "}")) {
        const open = this.scan.partner[i];
        if (open < 0) return { kind: "invalid", reason: "unbalanced brackets" };
        i = open - 1;
        continue;
      }
      if (tok.type === "punct" && (tok.value === "(" || tok.value === "[" || tok.value === "{" || tok.value === "${")) {
        const place = this.openerPlace(i);
        if (place) return place;
        separated = false;
        i--;
        continue;
      }
      if (tok.type === "punct" && (tok.value === "," || tok.value === ";")) separated = true;
      if (tok.type === "punct" && tok.value === "=>" && !separated) return this.arrowPlace(i);
      i--;
    }
    return { kind: "module" };
  }

  /** What an unclosed bracket at `i` means for an `await` inside it; undefined to keep walking out. */
  private openerPlace(i: number): AwaitPlace | undefined {
    const tok = this.t[i];
    if (tok.value === "(") {
      const close = this.scan.partner[i];
      if (close >= 0 && this.functionAtParams(close)) return { kind: "sync", what: "a parameter default" };
      return undefined;
    }
    if (tok.value !== "{") return undefined;
    const prev = this.t[i - 1];
    if (!prev) return undefined;
    if (prev.type === "punct" && prev.value === "=>") return this.arrowPlace(i - 1);
    if (this.is(i - 1, "static") && this.classBodyAt(i - 2)) return { kind: "sync", what: "a class static block" };
    const fn = this.functionAtBody(i);
    if (fn) return fn;
    const header = this.blockHeader(i);
    if (header === "class") return { kind: "sync", what: "a class field" };
    if (header === "namespace") return { kind: "sync", what: "a namespace body" };
    if (header === "enum") return { kind: "invalid", reason: "an enum" };
    if (header === "type") return { kind: "invalid", reason: "a type" };
    return undefined;
  }

  /** True when the token before index `i` (inclusive) is inside a class body. */
  private classBodyAt(i: number): boolean {
    let j = i;
    while (j >= 0) {
      const tok = this.t[j];
      if (tok.type === "punct" && CLOSING.has(tok.value)) {
        j = this.scan.partner[j] - 1;
        continue;
      }
      if (tok.type === "punct" && tok.value === "{") return this.blockHeader(j) === "class";
      j--;
    }
    return false;
  }

  /**
   * Reads back from a `{` over the declaration head (`class A extends B<T>
   * implements C`, `namespace X.Y`, `enum E`, `interface I`) to say what the
   * block is.
   */
  private blockHeader(brace: number): "class" | "namespace" | "enum" | "type" | undefined {
    for (let j = brace - 1, steps = 0; j >= 0 && steps < 60; j--, steps++) {
      const tok = this.t[j];
      if (tok.type === "punct") {
        if (tok.value === ")" || tok.value === "]") {
          j = this.scan.partner[j];
          if (j < 0) return undefined;
          continue;
        }
        if ([";", "{", "}", "=", "(", ",", "=>", ":", "?"].includes(tok.value)) return undefined;
        continue;
      }
      if (tok.type !== "ident") {
        if (tok.type === "string" && (this.is(j - 1, "module") || this.is(j - 1, "namespace"))) return "namespace";
        continue;
      }
      if (tok.value === "class") return "class";
      if ((tok.value === "namespace" || tok.value === "module") && this.t[j + 1] && this.t[j + 1].type !== "punct") return "namespace";
      if (tok.value === "enum") return "enum";
      if (tok.value === "interface" || tok.value === "type") return "type";
      if (tok.value === "return" || tok.value === "else" || tok.value === "do" || tok.value === "try" || tok.value === "finally")
        return undefined;
    }
    return undefined;
  }

  /** The place for a `{` that may be a function body: `f() {`, `f(): T {`, `function () {`. */
  private functionAtBody(brace: number): AwaitPlace | undefined {
    let close = -1;
    if (this.is(brace - 1, ")")) close = brace - 1;
    else if (this.typescript) {
      const colon = this.returnTypeColon(brace - 1);
      if (colon >= 0) close = colon - 1;
    }
    if (close < 0) return undefined;
    return this.functionFromParams(close);
  }

  /** Index of the `:` of a return type annotation ending at token `last`, or -1. */
  private returnTypeColon(last: number): number {
    for (let j = last, steps = 0; j > 0 && steps < 80; j--, steps++) {
      const tok = this.t[j];
      if (tok.type === "punct" && CLOSING.has(tok.value)) {
        j = this.scan.partner[j];
        if (j < 0) return -1;
        continue;
      }
      if (tok.type === "punct" && tok.value === ":") return j < last && this.is(j - 1, ")") ? j : -1;
      // A return type never holds an unclosed bracket, a statement end or an assignment.
      if (tok.type === "punct" && [";", "{", "(", "[", "${", "=", "=>", ",", "?"].includes(tok.value)) return -1;
      if (tok.type === "ident" && ["return", "class", "extends", "implements", "else", "try", "finally", "do"].includes(tok.value))
        return -1;
    }
    return -1;
  }

  /** Is the `)` at `close` the end of a parameter list (followed by a body or `=>`)? */
  private functionAtParams(close: number): boolean {
    const next = this.t[close + 1];
    if (!next) return false;
    if (next.type === "punct" && next.value === "=>") return true;
    if (next.type === "punct" && next.value === "{") return !!this.functionFromParams(close);
    if (this.typescript && next.type === "punct" && next.value === ":") {
      for (let j = close + 2, steps = 0; j < this.t.length && steps < 80; j++, steps++) {
        const tok = this.t[j];
        if (tok.type !== "punct") continue;
        if (tok.value === "=>") return true;
        if (tok.value === "{" && !TYPE_BEFORE_BRACE.has(this.t[j - 1].value)) return !!this.functionFromParams(close);
        if (tok.value === "(" || tok.value === "[" || tok.value === "{") {
          j = this.scan.partner[j];
          if (j < 0) return false;
          continue;
        }
        if ([";", ",", ")", "]", "}", "="].includes(tok.value)) return false;
      }
    }
    return false;
  }

  /** Given the `)` closing a parameter list, what kind of function owns it. */
  private functionFromParams(close: number): AwaitPlace | undefined {
    const open = this.scan.partner[close];
    if (open < 0) return undefined;
    let q = open - 1;
    if (this.is(q, ">")) q = this.skipTypeParamsBack(q) - 1;
    const nameTok = this.t[q];
    if (!nameTok) return undefined;
    if (nameTok.type === "ident" && NOT_A_FUNCTION_BEFORE_PARENS.has(nameTok.value)) return undefined;
    // function () {} / function* () {}
    if (this.is(q, "function") || (this.is(q, "*") && this.is(q - 1, "function"))) {
      const fnIndex = this.is(q, "function") ? q : q - 1;
      if (this.is(fnIndex - 1, "async")) return { kind: "async" };
      return { kind: "sync", what: this.nameBeforeExpression(fnIndex) };
    }
    let nameStart = q;
    if (nameTok.type === "punct" && nameTok.value === "]") nameStart = this.scan.partner[q];
    else if (!(nameTok.type === "ident" || nameTok.type === "string" || nameTok.type === "number")) return undefined;
    if (nameStart < 0) return undefined;
    const displayName = nameTok.type === "ident" ? nameTok.value : "the method";
    // function name() {} / function* name() {}
    if (this.is(nameStart - 1, "function") || (this.is(nameStart - 1, "*") && this.is(nameStart - 2, "function"))) {
      const fnIndex = this.is(nameStart - 1, "function") ? nameStart - 1 : nameStart - 2;
      if (this.is(fnIndex - 1, "async")) return { kind: "async" };
      return { kind: "sync", what: displayName };
    }
    // A method in a class or object literal: name() {}, *name() {}, get name() {}
    const before = this.t[nameStart - 1];
    if (before && before.type === "punct" && before.value === ".") return undefined;
    if (before && before.type === "ident" && ["extends", "implements", "new", "class"].includes(before.value)) return undefined;
    if (nameTok.value === "constructor") return { kind: "sync", what: "the constructor" };
    if ((this.is(nameStart - 1, "get") || this.is(nameStart - 1, "set")) && !this.is(nameStart - 2, ".")) {
      return { kind: "sync", what: `the ${this.t[nameStart - 1].value}ter ${displayName}` };
    }
    const star = this.is(nameStart - 1, "*");
    if (this.is(star ? nameStart - 2 : nameStart - 1, "async")) return { kind: "async" };
    return { kind: "sync", what: displayName };
  }

  private arrowPlace(arrow: number): AwaitPlace {
    let close = this.is(arrow - 1, ")") ? arrow - 1 : -1;
    if (close < 0 && this.typescript) {
      const colon = this.returnTypeColon(arrow - 1);
      if (colon >= 0) close = colon - 1;
    }
    let start: number;
    if (close >= 0) {
      start = this.scan.partner[close];
      if (start < 0) return { kind: "invalid", reason: "an arrow function it cannot read" };
      if (this.is(start - 1, ">")) start = this.skipTypeParamsBack(start - 1);
    } else if (this.t[arrow - 1]?.type === "ident") {
      start = arrow - 1; // x => …
    } else {
      return { kind: "invalid", reason: "an arrow function it cannot read" };
    }
    if (this.is(start - 1, "async")) return { kind: "async" };
    return { kind: "sync", what: this.nameBeforeExpression(start) };
  }

  /** From a `>` closing type parameters, the index of the matching `<`. */
  private skipTypeParamsBack(gt: number): number {
    let depth = 0;
    for (let j = gt; j >= 0; j--) {
      const tok = this.t[j];
      if (tok.type === "punct" && tok.value === ">") depth++;
      else if (tok.type === "punct" && tok.value === "<") {
        depth--;
        if (depth === 0) return j;
      } else if (tok.type === "punct" && CLOSING.has(tok.value)) {
        j = this.scan.partner[j];
        if (j < 0) return gt;
      }
    }
    return gt;
  }

  /** `const handler = () => …`, `handler: function () …`, `this.onLoad = …` → the name. */
  private nameBeforeExpression(start: number): string {
    const eq = this.t[start - 1];
    const name = this.t[start - 2];
    if (eq && name && eq.type === "punct" && (eq.value === "=" || eq.value === ":") && (name.type === "ident" || name.type === "string")) {
      return name.type === "string" ? name.value.slice(1, -1) : name.value;
    }
    return "the enclosing function";
  }
}

const CLOSING = new Set([")", "]", "}"]);
/** After these, a `{` in a return type opens an object type, not the body. */
const TYPE_BEFORE_BRACE = new Set([":", "<", "|", "&", ",", "(", "[", "=>", "=", "?"]);
