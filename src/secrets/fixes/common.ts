import { detectEol, LineIndex, type TextEdit } from "../../shared/text";
import { kindSlug } from "../kinds";
import type { FixContext, SecretStore } from "./types";

/** What every lookup names the store by, in titles. */
export const STORE_TITLES: Record<SecretStore, string> = {
  secretsManager: "Replace with AWS Secrets Manager lookup",
  parameterStore: "Replace with SSM Parameter Store (SecureString) lookup",
};

/** Marks code and comments we add, so that a reader knows where they came from. */
export const ADDED_BY = "added by Agent Security Hooks";

/** Text after `--` in a directive is a comment to secretlint; see `ignore.ts`. */
export const DIRECTIVE_REASON = "-- ignored via Agent Security Hooks";

/** The finding's span in the text. */
export function findingSpan(ctx: FixContext): { start: number; end: number } {
  return { start: ctx.finding.offset, end: ctx.finding.offset + ctx.finding.length };
}

/** Everything one format needs to know about the text being edited. */
export interface TextFacts {
  text: string;
  eol: "\n" | "\r\n";
  lines: LineIndex;
  /** One level of indentation as the file writes it (a tab, or N spaces). */
  indent: string;
}

export function textFacts(text: string, defaultIndent = "  "): TextFacts {
  return { text, eol: detectEol(text), lines: new LineIndex(text), indent: detectIndentUnit(text, defaultIndent) };
}

/**
 * The file's indentation unit: tabs if most indented lines start with one,
 * otherwise the smallest space indent seen (2 or 4 in practice). Inserted
 * helpers use it so they look like the code around them.
 */
export function detectIndentUnit(text: string, fallback: string): string {
  let tabs = 0;
  let spaces = 0;
  let smallest = Infinity;
  for (const match of text.matchAll(/^([ \t]+)\S/gm)) {
    const lead = match[1];
    if (lead.startsWith("\t")) tabs++;
    else {
      spaces++;
      if (lead.length >= 2 && lead.length < smallest) smallest = lead.length;
    }
  }
  if (tabs === 0 && spaces === 0) return fallback;
  if (tabs > spaces) return "\t";
  return smallest === Infinity ? fallback : " ".repeat(Math.min(smallest, 8));
}

/** Leading whitespace of a line. */
export function indentOf(lineText: string): string {
  return /^[ \t]*/.exec(lineText)![0];
}

/** The offset just past the line break that ends the line holding `offset` (or the text's end). */
export function endOfLineBreak(text: string, offset: number): number {
  const nl = text.indexOf("\n", offset);
  if (nl >= 0) return nl + 1;
  const cr = text.indexOf("\r", offset);
  return cr >= 0 ? cr + 1 : text.length;
}

/** The offset of the line break that ends the line holding `offset` (or the text's end). */
export function endOfLine(text: string, offset: number): number {
  const match = /\r?\n|\r/g;
  match.lastIndex = offset;
  const found = match.exec(text);
  return found ? found.index : text.length;
}

/** Offset of the next line break at or after `from` (or the text's end), without copying the text. */
export function nextLineBreak(text: string, from: number): number {
  const re = /[\r\n]/g;
  re.lastIndex = from;
  return re.exec(text)?.index ?? text.length;
}

/** Offset of the start of the line holding `offset`. */
export function startOfLine(text: string, offset: number): number {
  let i = offset;
  while (i > 0 && text[i - 1] !== "\n" && text[i - 1] !== "\r") i--;
  return i;
}

/**
 * Joins insertions that land on the same offset, in the order given, so that
 * the edit set has no two edits at one place (whose order an editor is free
 * to choose) and no overlaps.
 */
export function normalizeEdits(edits: TextEdit[]): TextEdit[] {
  const result: TextEdit[] = [];
  for (const edit of [...edits].sort((a, b) => a.offset - b.offset)) {
    const last = result[result.length - 1];
    if (last && last.length === 0 && edit.length === 0 && last.offset === edit.offset) {
      last.newText += edit.newText;
    } else if (last && last.length === 0 && last.offset === edit.offset) {
      // An insertion just before a replacement at the same place.
      result[result.length - 1] = { offset: edit.offset, length: edit.length, newText: last.newText + edit.newText };
    } else {
      if (last && last.offset + last.length > edit.offset) throw new Error("overlapping fix edits");
      result.push({ ...edit });
    }
  }
  return result.filter((e) => e.length > 0 || e.newText.length > 0);
}

// --- secret names ---------------------------------------------------------

/**
 * Names so generic that the kind of secret says more (`value: ghp_…` is
 * better stored as `app/github-token` than `app/value`).
 */
const GENERIC_NAMES = new Set([
  "value",
  "val",
  "v",
  "default",
  "data",
  "text",
  "string",
  "str",
  "content",
  "s",
  "x",
  "item",
  "result",
  "literal",
  "arg",
  "args",
  "param",
  "params",
  "body",
  "input",
  "output",
  "res",
  "ret",
  "tmp",
  "temp",
]);

/** A long unbroken run, digits among letters, or case flipping back and forth: a value, not a name. */
function looksLikeCredential(name: string): boolean {
  return name.split(/[._\s/:-]+/).some((part) => {
    const flips = (part.match(/[a-z][A-Z]|[A-Z][a-z]|[a-zA-Z][0-9]|[0-9][a-zA-Z]/g) ?? []).length;
    return part.length >= 20 || (part.length >= 12 && /[0-9]/.test(part) && /[a-z]/i.test(part)) || flips > 6;
  });
}

/** `githubToken`, `GITHUB_TOKEN`, `api.key` → `github-token`, `github-token`, `api-key`. */
export function kebabCase(name: string): string {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1-$2")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/** True when a derived name is worth using for a secret. */
export function isMeaningfulName(name: string | undefined): name is string {
  if (!name || name.length > 64) return false;
  // Anything that looks like a credential itself (long, mixed letters and
  // digits, no word breaks) is likely another secret on the line: never a name.
  if (looksLikeCredential(name)) return false;
  const kebab = kebabCase(name);
  return kebab.length > 1 && !GENERIC_NAMES.has(kebab.replace(/-/g, ""));
}

/**
 * The variable, key or argument name a literal is assigned to, read from the
 * code just before it on its line: `const githubToken = `, `GITHUB_TOKEN=`,
 * `password: `, `"password": `, `db_password = `, `props.put("api.key", `,
 * `api_key=` (keyword argument), `token := `, `config["key"] = `,
 * `process.env.TOKEN ?? `. Good enough for naming; never used for edits.
 */
export function nameBefore(text: string, literalStart: number): string | undefined {
  const lineStart = startOfLine(text, literalStart);
  let before = text.slice(lineStart, literalStart);
  if (!before.trim() && lineStart > 0) {
    // The literal opens its line: the name may end the previous one (`key:\n  "…"`).
    const prevStart = startOfLine(text, lineStart - 1);
    before = text.slice(prevStart, lineStart).replace(/[\r\n]+$/, "") + " ";
  }
  const patterns: RegExp[] = [
    // fallback operators: process.env.GITHUB_TOKEN ?? "…", os.getenv("X") or "…"
    /([A-Za-z_$][\w$]*)["')\]]*\s*(?:\?\?|\|\||\bor\b)\s*$/,
    // map["key"] = …, map['key'] = …
    /\[\s*["'`]([^"'`\\]+)["'`]\s*\]\s*(?::=|=)\s*$/,
    // props.put("api.key", …), os.environ.setdefault("KEY", …), headers.set('X-Api-Key', …)
    /["'`]([^"'`\\\s]+)["'`]\s*,\s*$/,
    // "password": …, 'password': …, password: …, key = …, key := …, const x: T = …, KEY=…
    /["'`]?([A-Za-z_$][\w$.-]*)["'`]?\s*(?::[^=:;,(){}]*)?\s*(?::=|=(?![=>])|:)\s*$/,
    // Go's typed declarations: name string = …
    /([A-Za-z_]\w*)[ \t]+(?:string|\[\]byte)\s*=\s*$/,
    // key …  (properties files allow a space as the separator)
    /^\s*([A-Za-z_][\w.-]*)\s+$/,
  ];
  for (const pattern of patterns) {
    const match = pattern.exec(before);
    if (match && isMeaningfulName(match[1]) && !/^(return|await|yield|case|in|of|new|typeof|if|else|then)$/.test(match[1])) {
      return lastSegmentUnlessShort(match[1]);
    }
  }
  return undefined;
}

/** `process.env.GITHUB_TOKEN` → `GITHUB_TOKEN`, but `api.key` stays whole. */
function lastSegmentUnlessShort(name: string): string {
  const parts = name.split(".").filter(Boolean);
  if (parts.length > 1 && /^(process|env|os|self|this|config|settings|props|properties)$/i.test(parts[0])) {
    return parts[parts.length - 1];
  }
  return name;
}

/** Characters each store accepts in a name; the rest become `-`, so names never need escaping. */
const NAME_CHARS: Record<SecretStore, RegExp> = {
  secretsManager: /[^A-Za-z0-9/_+=.@-]/g,
  parameterStore: /[^A-Za-z0-9/_.-]/g,
};

/** Makes a user-chosen or derived name valid for a store (Parameter Store names are paths). */
export function normalizeName(name: string, store: SecretStore): string {
  let cleaned = name
    .trim()
    .replace(NAME_CHARS[store], "-")
    .replace(/\/{2,}/g, "/");
  if (store === "parameterStore") {
    if (!cleaned.startsWith("/")) cleaned = "/" + cleaned;
  } else {
    cleaned = cleaned.replace(/^\/+/, "");
  }
  return cleaned || (store === "parameterStore" ? "/secret" : "secret");
}

/**
 * The store name for a finding: the user's choice, else the prefix plus the
 * kebab-cased name the literal is assigned to, else the kind of secret.
 */
export function nameFor(ctx: FixContext, store: SecretStore, derived: string | undefined): string {
  if (ctx.secretName && ctx.secretName.trim()) return normalizeName(ctx.secretName, store);
  const base = isMeaningfulName(derived) ? kebabCase(derived) : kindSlug(ctx.finding.messageId, ctx.finding.ruleId) || "secret";
  return normalizeName(ctx.namePrefix + base, store);
}

/** `app/github-token` → `github_token`, for identifiers (Terraform data sources). */
export function snakeIdentifier(secretName: string, prefix: string): string {
  let base = secretName.replace(/^\/+/, "");
  const cleanPrefix = prefix.replace(/^\/+/, "");
  if (cleanPrefix && base.startsWith(cleanPrefix)) base = base.slice(cleanPrefix.length);
  let id = base
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  if (!id) id = "secret";
  if (/^[0-9]/.test(id)) id = "secret_" + id;
  return id;
}

/** The file's preferred string quote, judged by which of `'` and `"` opens more strings. */
export function preferredQuote(text: string, fallback: '"' | "'" = '"'): '"' | "'" {
  const doubles = (text.match(/(^|[\s=(,:[{])"/g) ?? []).length;
  const singles = (text.match(/(^|[\s=(,:[{])'/g) ?? []).length;
  if (doubles === singles) return fallback;
  return doubles > singles ? '"' : "'";
}
