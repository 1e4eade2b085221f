import type { TextEdit } from "../../shared/text";
import {
  ADDED_BY,
  endOfLineBreak,
  findingSpan,
  nameBefore,
  nextLineBreak,
  normalizeEdits,
  preferredQuote,
  STORE_TITLES,
  textFacts,
  type TextFacts,
} from "./common";
import type { FormatFixer } from "./family";
import { AwaitAnalysis } from "./jsAwait";
import { JsScan, type JsToken } from "./jsScanner";
import type { FixContext, SecretFix, SecretStore } from "./types";

/**
 * TypeScript and JavaScript: AWS SDK for JavaScript v3, with the client
 * import and a small helper added once. Reading a secret needs `await`, and
 * a fix must never change what any caller of the code gets. So:
 *
 * - at module level of an ES module, and inside an async function, the
 *   literal becomes `await getSecret("app/x")` where it is;
 * - anywhere that runs synchronously (a function that is not async, a class
 *   field, a getter, a constructor, a parameter default) the lookup moves to
 *   a module constant read once when the module loads,
 *   `const githubToken = await getSecret("app/x");` after the imports (top-level
 *   await), and the literal becomes `githubToken`. The function stays
 *   synchronous, so its callers, here and in other files, stay correct.
 *   (Making the function async instead would hand every caller a promise.)
 * - CommonJS has no top-level await: there, a module-level lookup reads the
 *   secret synchronously, `getSecretSync("app/x")`, through a child Node
 *   process that makes the SDK call, once when the module loads.
 */

interface Sdk {
  module: string;
  /** Names imported from `module`; none for the synchronous helper, which loads the SDK in its child process. */
  names: string[];
  helper: string;
  /** The helper's body, given the file's indent, quote and whether it is TypeScript. */
  body(indent: string, q: string, ts: boolean): string[];
}

const SDK: Record<SecretStore, Sdk> = {
  secretsManager: {
    module: "@aws-sdk/client-secrets-manager",
    names: ["SecretsManagerClient", "GetSecretValueCommand"],
    helper: "getSecret",
    body: (i, _q, ts) => [
      `/** Reads a secret from AWS Secrets Manager (${ADDED_BY}). */`,
      `async function getSecret(secretId${ts ? ": string" : ""})${ts ? ": Promise<string>" : ""} {`,
      `${i}const { SecretString } = await new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: secretId }));`,
      `${i}if (SecretString === undefined) throw new Error(\`Secret \${secretId} has no string value\`);`,
      `${i}return SecretString;`,
      `}`,
    ],
  },
  parameterStore: {
    module: "@aws-sdk/client-ssm",
    names: ["SSMClient", "GetParameterCommand"],
    helper: "getParameter",
    body: (i, _q, ts) => [
      `/** Reads a SecureString parameter from AWS Systems Manager Parameter Store (${ADDED_BY}). */`,
      `async function getParameter(name${ts ? ": string" : ""})${ts ? ": Promise<string>" : ""} {`,
      `${i}const { Parameter } = await new SSMClient({}).send(new GetParameterCommand({ Name: name, WithDecryption: true }));`,
      `${i}if (Parameter?.Value === undefined) throw new Error(\`Parameter \${name} has no value\`);`,
      `${i}return Parameter.Value;`,
      `}`,
    ],
  },
};

/**
 * CommonJS helpers: the SDK call runs in a child Node process (the SDK has no
 * synchronous API), resolved from this module's own node_modules.
 */
const SYNC_SDK: Record<SecretStore, Sdk> = {
  secretsManager: {
    module: "@aws-sdk/client-secrets-manager",
    names: [],
    helper: "getSecretSync",
    body: (i, q, ts) => [
      `/** Reads a secret from AWS Secrets Manager while the module loads, in a child Node process, since CommonJS modules load synchronously (${ADDED_BY}). */`,
      `function getSecretSync(secretId${ts ? ": string" : ""})${ts ? ": string" : ""} {`,
      `${i}const script =`,
      `${i}${i}${q}const { SecretsManagerClient, GetSecretValueCommand } = require(process.argv[1]);${q} +`,
      `${i}${i}${q}new SecretsManagerClient({}).send(new GetSecretValueCommand({ SecretId: process.argv[2] })).then(({ SecretString }) => {${q} +`,
      `${i}${i}${q}if (SecretString === undefined) throw new Error(\`Secret \${process.argv[2]} has no string value\`);${q} +`,
      `${i}${i}${q}process.stdout.write(SecretString); });${q};`,
      `${i}const sdk = require.resolve(${q}@aws-sdk/client-secrets-manager${q});`,
      `${i}return require(${q}node:child_process${q}).execFileSync(process.execPath, [${q}-e${q}, script, sdk, secretId], { encoding: ${q}utf8${q}, stdio: [${q}ignore${q}, ${q}pipe${q}, ${q}inherit${q}] });`,
      `}`,
    ],
  },
  parameterStore: {
    module: "@aws-sdk/client-ssm",
    names: [],
    helper: "getParameterSync",
    body: (i, q, ts) => [
      `/** Reads a SecureString parameter from AWS Systems Manager Parameter Store while the module loads, in a child Node process, since CommonJS modules load synchronously (${ADDED_BY}). */`,
      `function getParameterSync(name${ts ? ": string" : ""})${ts ? ": string" : ""} {`,
      `${i}const script =`,
      `${i}${i}${q}const { SSMClient, GetParameterCommand } = require(process.argv[1]);${q} +`,
      `${i}${i}${q}new SSMClient({}).send(new GetParameterCommand({ Name: process.argv[2], WithDecryption: true })).then(({ Parameter }) => {${q} +`,
      `${i}${i}${q}if (Parameter?.Value === undefined) throw new Error(\`Parameter \${process.argv[2]} has no value\`);${q} +`,
      `${i}${i}${q}process.stdout.write(Parameter.Value); });${q};`,
      `${i}const sdk = require.resolve(${q}@aws-sdk/client-ssm${q});`,
      `${i}return require(${q}node:child_process${q}).execFileSync(process.execPath, [${q}-e${q}, script, sdk, name], { encoding: ${q}utf8${q}, stdio: [${q}ignore${q}, ${q}pipe${q}, ${q}inherit${q}] });`,
      `}`,
    ],
  },
};

const TS_LANGUAGES = new Set(["typescript", "typescriptreact"]);
const JSX_LANGUAGES = new Set(["typescriptreact", "javascriptreact"]);

interface Located {
  scan: JsScan;
  index: number;
  token: JsToken;
}

/** One fix request scans the same text several times (name, each store, ignore): keep the last scan. */
let lastScan: JsScan | undefined;
let lastJsx = false;
function scanOf(text: string, jsx: boolean): JsScan {
  if (!lastScan || lastScan.text !== text || lastJsx !== jsx) {
    lastScan = new JsScan(text, jsx);
    lastJsx = jsx;
  }
  return lastScan;
}

function locate(ctx: FixContext): Located | undefined {
  const scan = scanOf(ctx.text, JSX_LANGUAGES.has(ctx.languageId) || /\.[jt]sx$/i.test(ctx.filePath));
  const { start, end } = findingSpan(ctx);
  const index = scan.tokenIndexAt(start, end);
  if (index < 0) return undefined;
  const token = scan.tokens[index];
  if (!["string", "template", "jsxString", "jsxText"].includes(token.type)) return undefined;
  return { scan, index, token };
}

/** The literal's full extent (for templates: backtick to backtick). */
function literalExtent(loc: Located): { start: number; end: number } {
  const { token, scan } = loc;
  if (token.type !== "template") return { start: token.start, end: token.end };
  let last = loc.index;
  while (!scan.tokens[last].tail) {
    const next = scan.tokens.findIndex((t, i) => i > last && t.type === "template" && t.templateStart === token.templateStart);
    if (next < 0) break;
    last = next;
  }
  return { start: token.templateStart!, end: Math.min(scan.tokens[last].end + 1, scan.text.length) };
}

/** Is the text around the secret inside the literal nothing but whitespace (or `\n` escapes)? */
function onlyWhitespace(s: string): boolean {
  return /^(\s|\\[nrt])*$/.test(s);
}

/** Turns the raw text of a '…' or "…" string (or JSX attribute) into template literal text with the same value. */
function toTemplateText(raw: string, fromJsx: boolean): string {
  let out = fromJsx ? raw.replace(/\\/g, "\\\\") : raw;
  out = out.replace(/(^|[^\\])((?:\\\\)*)`/g, "$1$2\\`").replace(/(^|[^\\])((?:\\\\)*)\$\{/g, "$1$2\\${");
  return out;
}

/**
 * The module uses CommonJS (`require`, `module.exports`), where top-level
 * await is a syntax error. TypeScript counts as an ES module unless it is
 * `.cts` or written like CommonJS.
 */
function isCommonJs(ctx: FixContext, scan: JsScan): boolean {
  if (/\.c[jt]s$/i.test(ctx.filePath)) return true;
  if (/\.m[jt]s$/i.test(ctx.filePath)) return false;
  const toks = scan.tokens;
  let hasEsm = false;
  let hasCjs = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.type !== "ident") continue;
    if ((t.value === "import" || t.value === "export") && !isMemberOrCall(toks, i)) hasEsm = true;
    if (t.value === "require" && toks[i + 1]?.value === "(" && toks[i - 1]?.value !== ".") hasCjs = true;
    if (t.value === "module" && toks[i + 1]?.value === "." && toks[i + 2]?.value === "exports") hasCjs = true;
  }
  return hasCjs && !hasEsm;
}

function isMemberOrCall(toks: JsToken[], i: number): boolean {
  return toks[i + 1]?.value === "(" || toks[i + 1]?.value === "." || toks[i - 1]?.value === ".";
}

interface ImportStatement {
  start: number;
  end: number;
  module: string;
  /** Named specifiers `{ … }`: token indices of the braces. */
  braces?: [number, number];
  typeOnly: boolean;
}

/** Top-level `import … from "m"` statements (and, for CommonJS, `const … = require("m")`). */
function moduleImports(scan: JsScan, commonJs: boolean): ImportStatement[] {
  const toks = scan.tokens;
  const result: ImportStatement[] = [];
  let depth = 0;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.type === "punct" && (t.value === "(" || t.value === "[" || t.value === "{" || t.value === "${")) depth++;
    else if (t.type === "punct" && (t.value === ")" || t.value === "]" || t.value === "}")) depth--;
    if (depth !== 0 || t.type !== "ident") continue;
    if (!commonJs && t.value === "import" && !isMemberOrCall(toks, i)) {
      let j = i + 1;
      let braces: [number, number] | undefined;
      const typeOnly = toks[j]?.value === "type" && toks[j + 1]?.value !== "from" && toks[j + 1]?.value !== ",";
      while (j < toks.length && toks[j].type !== "string") {
        if (toks[j].value === "{") {
          braces = [j, scan.partner[j]];
          j = scan.partner[j];
          if (j < 0) break;
        }
        if (toks[j].value === ";") break;
        j++;
      }
      const spec = toks[j];
      if (!spec || spec.type !== "string") continue;
      let end = spec.end;
      let k = j + 1;
      if ((toks[k]?.value === "with" || toks[k]?.value === "assert") && toks[k + 1]?.value === "{") {
        k = scan.partner[k + 1] + 1;
        end = toks[k - 1].end;
      }
      if (toks[k]?.value === ";") end = toks[k].end;
      result.push({ start: t.start, end, module: spec.value.slice(1, -1), ...(braces ? { braces } : {}), typeOnly });
      i = k - 1;
    } else if (commonJs && t.value === "require" && toks[i + 1]?.value === "(" && toks[i + 2]?.type === "string") {
      // const { A, B } = require("m");  — find the declaration keyword before the binding.
      if (toks[i - 1]?.value !== "=") continue;
      let s = i - 2;
      if (toks[s]?.value === "}" || toks[s]?.value === "]") s = scan.partner[s];
      s--;
      if (s < 0 || !/^(const|let|var)$/.test(toks[s].value)) continue;
      const close = scan.partner[i + 1];
      if (close < 0) continue;
      let end = toks[close].end;
      if (toks[close + 1]?.value === ";") end = toks[close + 1].end;
      const braces: [number, number] | undefined = toks[s + 1]?.value === "{" ? [s + 1, scan.partner[s + 1]] : undefined;
      result.push({ start: toks[s].start, end, module: toks[i + 2].value.slice(1, -1), ...(braces ? { braces } : {}), typeOnly: false });
    }
  }
  return result;
}

/** End of the directive prologue (`"use strict";`, `"use client";`) and leading comments, where new imports go when there are none. */
function prologueEnd(scan: JsScan): number {
  let offset = 0;
  for (const [s, e] of scan.comments) {
    if (scan.tokens.length > 0 && s > scan.tokens[0].start) break;
    offset = e;
  }
  const toks = scan.tokens;
  let i = 0;
  while (
    toks[i]?.type === "string" &&
    (toks[i + 1]?.value === ";" || !toks[i + 1] || lineOf(scan.text, toks[i + 1].start) > lineOf(scan.text, toks[i].end))
  ) {
    offset = toks[i + 1]?.value === ";" ? toks[i + 1].end : toks[i].end;
    i += toks[i + 1]?.value === ";" ? 2 : 1;
  }
  return offset;
}

function lineOf(text: string, offset: number): number {
  let n = 0;
  for (let i = 0; i < offset; i++) if (text[i] === "\n") n++;
  return n;
}

/**
 * Edits adding the client import and the helper, each only if missing, and
 * `declaration` (a module constant holding a lookup) after them.
 */
function importAndHelperEdits(
  ctx: FixContext,
  facts: TextFacts,
  scan: JsScan,
  sdk: Sdk,
  commonJs: boolean,
  q: string,
  declaration?: string,
): TextEdit[] {
  const ts = isTypeScript(ctx);
  const edits: TextEdit[] = [];
  const imports = moduleImports(scan, commonJs);
  const hasHelper = new RegExp(`\\bfunction\\s+${sdk.helper}\\b|\\b(?:const|let|var)\\s+${sdk.helper}\\b`).test(ctx.text);
  const existing = imports.find((im) => im.module === sdk.module && im.braces && !im.typeOnly);
  let newImport: string | undefined;
  if (sdk.names.length === 0) {
    // The synchronous helper imports nothing.
  } else if (existing && existing.braces) {
    const [open, close] = existing.braces;
    const present = new Set<string>();
    for (let k = open + 1; k < close; k++) {
      const tok = scan.tokens[k];
      // `A as B` binds B; `A: B` in a require destructuring binds B too.
      if (tok.type === "ident" && scan.tokens[k + 1]?.value !== "as" && scan.tokens[k + 1]?.value !== ":") present.add(tok.value);
    }
    const missing = sdk.names.filter((n) => !present.has(n));
    if (missing.length > 0) {
      let last = close - 1;
      if (scan.tokens[last]?.value === ",") last--;
      const insertAt = last > open ? scan.tokens[last].end : scan.tokens[open].end;
      edits.push({ offset: insertAt, length: 0, newText: (last > open ? ", " : " ") + missing.join(", ") + (last > open ? "" : " ") });
    }
  } else {
    const names = sdk.names.join(", ");
    newImport = commonJs ? `const { ${names} } = require(${q}${sdk.module}${q});` : `import { ${names} } from ${q}${sdk.module}${q};`;
  }
  if (!newImport && hasHelper && !declaration) return edits;
  const lastImport = imports[imports.length - 1];
  const anchor = lastImport ? lastImport.end : prologueEnd(scan);
  const at = anchor === 0 ? 0 : endOfLineBreak(ctx.text, anchor);
  const { eol } = facts;
  const lines: string[] = [];
  if (newImport) lines.push(newImport);
  if (!hasHelper) {
    if (lines.length > 0 || lastImport || anchor > 0) lines.push("");
    lines.push(...sdk.body(facts.indent, q, ts));
  }
  if (declaration) {
    if (lines.length > 0 || lastImport || anchor > 0) lines.push("");
    lines.push(declaration);
  }
  const nextLine = ctx.text.slice(at, nextLineBreak(ctx.text, at));
  let block = lines.join(eol) + eol;
  if (nextLine.trim() !== "" || (!lastImport && anchor === 0 && (!hasHelper || declaration))) block += eol;
  if (at > 0 && at === ctx.text.length && !/[\r\n]$/.test(ctx.text)) block = eol + block;
  edits.push({ offset: at, length: 0, newText: block });
  return edits;
}

/** Needs parentheses when something binds to the literal after it: `"x".trim()`, `"x"[0]`. */
function needsParens(scan: JsScan, lastIndex: number): boolean {
  const next = scan.tokens[lastIndex + 1];
  if (!next) return false;
  if (next.type === "template") return true;
  return next.type === "punct" && [".", "?.", "[", "(", "!"].includes(next.value);
}

function isTypeScript(ctx: FixContext): boolean {
  return TS_LANGUAGES.has(ctx.languageId) || /\.(ts|tsx|mts|cts)$/i.test(ctx.filePath);
}

/** Words that cannot name a constant. */
const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false finally for function if import in " +
    "instanceof new null return super switch this throw true try typeof var void while with yield let static implements interface package " +
    "private protected public await async arguments eval undefined"
  ).split(" "),
);

/** `app/github-token` → `githubToken`, a name the file does not use yet. */
function constantName(secretName: string, text: string): string {
  const last = secretName.split("/").filter(Boolean).pop() ?? "";
  const words = last.split(/[^A-Za-z0-9]+/).filter(Boolean);
  let base = words.map((w, i) => (i === 0 ? w[0].toLowerCase() : w[0].toUpperCase()) + w.slice(1)).join("");
  if (!base || /^[0-9]/.test(base)) base = "secret" + base;
  if (RESERVED.has(base)) base += "Secret";
  const taken = (name: string) => new RegExp(`(?<![\\w$])${name}(?![\\w$])`).test(text);
  let name = base;
  for (let n = 2; taken(name); n++) name = `${base}${n}`;
  return name;
}

function lookup(ctx: FixContext, store: SecretStore, secretName: string): SecretFix | undefined {
  const loc = locate(ctx);
  if (!loc) return undefined;
  const { scan, token } = loc;
  const ts = isTypeScript(ctx);
  const commonJs = isCommonJs(ctx, scan);
  const place = new AwaitAnalysis(scan, ts).placeOf(loc.index);
  if (place.kind === "invalid") return undefined;
  const facts = textFacts(ctx.text);
  const q = preferredQuote(ctx.text);
  // An async function awaits where it is; anything else reads the secret once, at module level.
  const awaitInPlace = place.kind === "async" || (place.kind === "module" && !commonJs);
  const sdk = awaitInPlace || !commonJs ? SDK[store] : SYNC_SDK[store];
  const call = `${awaitInPlace || !commonJs ? "await " : ""}${sdk.helper}(${q}${secretName}${q})`;
  let expression = call;
  let declaration: string | undefined;
  if (place.kind === "sync") {
    expression = constantName(secretName, ctx.text);
    declaration = `const ${expression} = ${call};`;
  }
  const { start, end } = findingSpan(ctx);
  const edits: TextEdit[] = [];
  const extent = literalExtent(loc);
  const atomic = declaration !== undefined;
  const standalone = () => (!atomic && needsParens(scan, loc.index) ? `(${expression})` : expression);

  if (token.type === "string" || token.type === "jsxString") {
    const content = ctx.text.slice(token.start + 1, token.end - 1);
    const before = ctx.text.slice(token.start + 1, start);
    const after = ctx.text.slice(end, token.end - 1);
    const jsxAttr = token.type === "jsxString";
    if (onlyWhitespace(before) && onlyWhitespace(after) && content.length > 0) {
      edits.push({ offset: token.start, length: token.end - token.start, newText: jsxAttr ? `{${expression}}` : standalone() });
    } else {
      const template = "`" + toTemplateText(before, jsxAttr) + "${" + expression + "}" + toTemplateText(after, jsxAttr) + "`";
      edits.push({ offset: token.start, length: token.end - token.start, newText: jsxAttr ? `{${template}}` : template });
    }
  } else if (token.type === "template") {
    const tagged = isTagged(scan, extent.start);
    const whole =
      token.head &&
      token.tail &&
      !tagged &&
      onlyWhitespace(ctx.text.slice(token.start, start)) &&
      onlyWhitespace(ctx.text.slice(end, token.end));
    if (whole) {
      edits.push({ offset: extent.start, length: extent.end - extent.start, newText: standalone() });
    } else {
      edits.push({ offset: start, length: end - start, newText: "${" + expression + "}" });
    }
  } else {
    edits.push({ offset: start, length: end - start, newText: `{${expression}}` }); // JSX text
  }

  const title = declaration ? `${STORE_TITLES[store]} (read once when the module loads)` : STORE_TITLES[store];
  // The header goes first: at offset 0 it must come before an edit there.
  edits.unshift(...importAndHelperEdits(ctx, facts, scan, sdk, commonJs, q, declaration));
  return { title, store, secretName, edits: normalizeEdits(edits), isPreferred: store === "secretsManager" };
}

/** A template right after an identifier, `)` or `]` is a tagged template; the tag must keep its argument. */
function isTagged(scan: JsScan, backtick: number): boolean {
  let i = backtick - 1;
  while (i >= 0 && /\s/.test(scan.text[i])) i--;
  return (
    i >= 0 &&
    /[\w$)\]]/.test(scan.text[i]) &&
    !/\b(return|typeof|case|yield|await|in|of|void|delete|throw|new|else)$/.test(scan.text.slice(Math.max(0, i - 10), i + 1))
  );
}

export const javascriptFixer: FormatFixer = {
  supportsParameterStore: true,
  derivedName(ctx) {
    const loc = locate(ctx);
    const start = loc ? literalExtent(loc).start : ctx.finding.offset;
    if (loc?.token.type === "jsxString") {
      const m = /([\w-]+)\s*=\s*$/.exec(ctx.text.slice(Math.max(0, start - 100), start));
      if (m) return m[1];
    }
    return nameBefore(ctx.text, start);
  },
  lookup,
  ignoreLines(ctx) {
    const loc = locate(ctx);
    if (!loc) return undefined;
    const facts = textFacts(ctx.text);
    // JSX text is not a literal: only the secret's own lines matter.
    const extent = loc.token.type === "jsxText" ? findingSpan(ctx) : literalExtent(loc);
    const first = facts.lines.positionAt(extent.start).line;
    const last = facts.lines.positionAt(extent.end).line;
    // Between JSX children a `//` line would render as text.
    const jsx = loc.scan.inJsxChildren(facts.lines.lineStart(first));
    return { first, last, ...(jsx ? { style: { open: "{/*", close: " */}" } } : {}) };
  },
};
