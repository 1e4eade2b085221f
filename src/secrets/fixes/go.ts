import type { TextEdit } from "../../shared/text";
import { enclosingOpener, lex, stringAt, type CLex, type CToken } from "./clike";
import { ADDED_BY, endOfLineBreak, findingSpan, normalizeEdits, startOfLine, STORE_TITLES, textFacts } from "./common";
import { stringTokenFixer } from "./family";
import type { FixContext, SecretFix, SecretStore } from "./types";

/**
 * Go: AWS SDK for Go v2. The literal becomes `getSecret("app/x")`, a helper
 * added once after the imports, which are merged into the import block. A
 * function call is not a constant, so a `const` holding the secret becomes
 * a `var`.
 */

const AWS = "github.com/aws/aws-sdk-go-v2/aws";
const CONFIG = "github.com/aws/aws-sdk-go-v2/config";

const SDK: Record<SecretStore, { helper: string; service: string; body: (n: Record<string, string>) => string[] }> = {
  secretsManager: {
    helper: "getSecret",
    service: "github.com/aws/aws-sdk-go-v2/service/secretsmanager",
    body: (n) => [
      `// getSecret reads a secret from AWS Secrets Manager (${ADDED_BY}).`,
      `// It panics on failure, as the constant it replaced could not fail.`,
      `func getSecret(secretID string) string {`,
      `\tcfg, err := ${n.config}.LoadDefaultConfig(${n.context}.Background())`,
      `\tif err != nil {`,
      `\t\tpanic(err)`,
      `\t}`,
      `\tout, err := ${n.service}.NewFromConfig(cfg).GetSecretValue(${n.context}.Background(), &${n.service}.GetSecretValueInput{SecretId: ${n.aws}.String(secretID)})`,
      `\tif err != nil {`,
      `\t\tpanic(err)`,
      `\t}`,
      `\treturn ${n.aws}.ToString(out.SecretString)`,
      `}`,
    ],
  },
  parameterStore: {
    helper: "getParameter",
    service: "github.com/aws/aws-sdk-go-v2/service/ssm",
    body: (n) => [
      `// getParameter reads a SecureString parameter from AWS Systems Manager Parameter Store (${ADDED_BY}).`,
      `// It panics on failure, as the constant it replaced could not fail.`,
      `func getParameter(name string) string {`,
      `\tcfg, err := ${n.config}.LoadDefaultConfig(${n.context}.Background())`,
      `\tif err != nil {`,
      `\t\tpanic(err)`,
      `\t}`,
      `\tout, err := ${n.service}.NewFromConfig(cfg).GetParameter(${n.context}.Background(), &${n.service}.GetParameterInput{Name: ${n.aws}.String(name), WithDecryption: ${n.aws}.Bool(true)})`,
      `\tif err != nil {`,
      `\t\tpanic(err)`,
      `\t}`,
      `\treturn ${n.aws}.ToString(out.Parameter.Value)`,
      `}`,
    ],
  },
};

interface GoImport {
  path: string;
  /** The name the package is used by in this file. */
  name: string;
}

interface ImportLayout {
  imports: GoImport[];
  /** Token index of the `)` of the first `import ( … )` group. */
  groupClose?: number;
  /** End offset of the last import declaration. */
  lastDeclEnd?: number;
  /** The last one-line `import "x"`, which a group can replace. */
  lastSingle?: { start: number; end: number; spec: string };
}

function importLayout(lexed: CLex): ImportLayout {
  const toks = lexed.tokens;
  const layout: ImportLayout = { imports: [] };
  const spec = (j: number): number => {
    // [name] "path"
    let alias: string | undefined;
    if (toks[j] && (toks[j].type === "ident" || toks[j].value === "." || toks[j].value === "_") && toks[j + 1]?.type === "string") {
      alias = toks[j].value;
      j++;
    }
    if (toks[j]?.type !== "string") return j + 1;
    const path = toks[j].value.slice(1, -1);
    layout.imports.push({ path, name: alias ?? path.split("/").pop()! });
    return j + 1;
  };
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].type !== "ident" || toks[i].value !== "import" || enclosingOpener(lexed, i) >= 0) continue;
    if (toks[i + 1]?.value === "(") {
      const close = lexed.partner[i + 1];
      if (close < 0) break;
      for (let j = i + 2; j < close;) j = toks[j].value === ";" ? j + 1 : spec(j);
      if (layout.groupClose === undefined) layout.groupClose = close;
      layout.lastDeclEnd = toks[close].end;
      i = close;
    } else {
      const after = spec(i + 1);
      layout.lastDeclEnd = toks[after - 1].end;
      layout.lastSingle = {
        start: toks[i].start,
        end: toks[after - 1].end,
        spec: lexed.tokens
          .slice(i + 1, after)
          .map((t) => t.value)
          .join(" "),
      };
      i = after - 1;
    }
  }
  return layout;
}

function locate(ctx: FixContext): { lexed: CLex; token: CToken; index: number } | undefined {
  const { start, end } = findingSpan(ctx);
  const lexed = lex(ctx.text, "go");
  const token = stringAt(lexed, start, end);
  if (!token || (token.kind !== "normal" && token.kind !== "raw")) return undefined;
  return { lexed, token, index: lexed.tokens.indexOf(token) };
}

function lookup(ctx: FixContext, store: SecretStore, secretName: string): SecretFix | undefined {
  const loc = locate(ctx);
  if (!loc) return undefined;
  const { token, lexed } = loc;
  const sdk = SDK[store];
  const call = `${sdk.helper}("${secretName}")`;
  const { start, end } = findingSpan(ctx);
  const before = ctx.text.slice(token.contentStart, start);
  const after = ctx.text.slice(end, token.contentEnd);
  const q = token.kind === "raw" ? "`" : '"';
  let newLiteral: string;
  if (/^(\s|\\[nrt])*$/.test(before) && /^(\s|\\[nrt])*$/.test(after)) {
    newLiteral = call;
  } else {
    newLiteral = [before ? q + before + q : "", call, after ? q + after + q : ""].filter(Boolean).join(" + ");
    if (ctx.text.slice(token.end).trimStart().startsWith("[")) newLiteral = `(${newLiteral})`;
  }
  const edits: TextEdit[] = [...constEdits(ctx, lexed, loc.index, token, newLiteral), ...helperEdits(ctx, lexed, store)];
  if (!edits.some((e) => e.offset <= token.start && token.end <= e.offset + e.length)) {
    edits.push({ offset: token.start, length: token.end - token.start, newText: newLiteral });
  }
  return { title: STORE_TITLES[store], store, secretName, edits: normalizeEdits(edits), isPreferred: store === "secretsManager" };
}

/**
 * `const x = "…"` → `var x = getSecret(…)`. In a `const ( … )` group the
 * whole group becomes `var` when every spec has its own value; a group
 * using `iota` or implicit repetition must stay constant, so the one spec
 * moves out into a `var` declaration after it.
 */
function constEdits(ctx: FixContext, lexed: CLex, index: number, token: CToken, newLiteral: string): TextEdit[] {
  const toks = lexed.tokens;
  const text = ctx.text;
  const opener = enclosingOpener(lexed, index);
  if (opener >= 0 && toks[opener].value === "(" && toks[opener - 1]?.value === "const") {
    const close = lexed.partner[opener];
    const body = text.slice(toks[opener].end, toks[close].start);
    const specs = body
      .split(/\r?\n|\r|;/)
      .map((l) => l.replace(/\/\/.*$/, "").trim())
      .filter(Boolean);
    const simple = !/\biota\b/.test(body) && specs.every((s) => s.includes("="));
    if (simple) return [{ offset: toks[opener - 1].start, length: 5, newText: "var" }];
    const lineStart = startOfLine(text, token.start);
    const lineEnd = endOfLineBreak(text, token.end);
    const lineText = text.slice(lineStart, lineEnd).replace(/\r?\n$|\r$/, "");
    if (text.slice(lineStart, toks[opener].end).includes("(") || text.slice(token.end, lineEnd).includes(")")) return [];
    const moved = lineText.slice(0, token.start - lineStart) + newLiteral + lineText.slice(token.end - lineStart);
    const { eol } = textFacts(text);
    const groupLineEnd = endOfLineBreak(text, toks[close].end);
    const lead = groupLineEnd === text.length && !/[\r\n]$/.test(text) ? eol : "";
    return [
      { offset: lineStart, length: lineEnd - lineStart, newText: "" },
      { offset: groupLineEnd, length: 0, newText: `${lead}${eol}var ${moved.trim()}${eol}` },
    ];
  }
  // A single `const name [type] = "…"`: find `const` earlier in the same statement.
  for (let j = index - 1; j >= 0; j--) {
    const t = toks[j];
    if (t.type === "punct" && [";", "{", "}", "(", ")"].includes(t.value)) break;
    if (t.type === "ident" && t.value === "const") return [{ offset: t.start, length: 5, newText: "var" }];
    if (text.slice(t.end, toks[j + 1].start).match(/[\r\n]/) && !/[=,]$/.test(t.value)) break;
  }
  return [];
}

function helperEdits(ctx: FixContext, lexed: CLex, store: SecretStore): TextEdit[] {
  const text = ctx.text;
  const sdk = SDK[store];
  if (new RegExp(`^func[ \\t]+${sdk.helper}[ \\t]*\\(`, "m").test(text)) return [];
  const { eol } = textFacts(text);
  const layout = importLayout(lexed);
  const names: Record<string, string> = {};
  const missing: Array<{ path: string; alias?: string }> = [];
  const taken = new Set(layout.imports.map((i) => i.name));
  for (const [key, path] of [
    ["context", "context"],
    ["aws", AWS],
    ["config", CONFIG],
    ["service", sdk.service],
  ] as const) {
    const existing = layout.imports.find((i) => i.path === path && i.name !== "_" && i.name !== ".");
    if (existing) {
      names[key] = existing.name;
      continue;
    }
    const base = path.split("/").pop()!;
    const alias = taken.has(base) ? "aws" + base : undefined;
    names[key] = alias ?? base;
    taken.add(names[key]);
    missing.push({ path, ...(alias ? { alias } : {}) });
  }
  const specLines = missing.map((m) => `\t${m.alias ? m.alias + " " : ""}"${m.path}"`);
  const helper = eol + sdk.body(names).join(eol) + eol;
  const edits: TextEdit[] = [];
  if (layout.groupClose !== undefined && specLines.length > 0) {
    const close = lexed.tokens[layout.groupClose];
    const lineStart = startOfLine(text, close.start);
    const onOwnLine = text.slice(lineStart, close.start).trim() === "";
    edits.push(
      onOwnLine
        ? { offset: lineStart, length: 0, newText: specLines.join(eol) + eol }
        : { offset: close.start, length: 0, newText: eol + specLines.join(eol) + eol },
    );
    edits.push({ offset: endOfLineBreak(text, layout.lastDeclEnd!), length: 0, newText: helper });
  } else if (layout.lastSingle && specLines.length > 0) {
    // `import "fmt"` becomes the group that the new imports join.
    const single = layout.lastSingle;
    edits.push({
      offset: single.start,
      length: single.end - single.start,
      newText: `import (${eol}\t${single.spec}${eol}${specLines.join(eol)}${eol})`,
    });
    edits.push({ offset: endOfLineBreak(text, single.end), length: 0, newText: helper });
  } else {
    const block = specLines.length > 0 ? `import (${eol}${specLines.join(eol)}${eol})${eol}` : "";
    let anchor = layout.lastDeclEnd;
    if (anchor === undefined) {
      const pkg = /^[ \t]*package[ \t]+\w+[^\r\n]*/m.exec(text);
      anchor = pkg ? pkg.index + pkg[0].length : 0;
    }
    const at = anchor === 0 ? 0 : endOfLineBreak(text, anchor);
    const lead = at > 0 && at === text.length && !/[\r\n]$/.test(text) ? eol : "";
    edits.push({ offset: at, length: 0, newText: lead + (block ? eol + block : "") + helper });
  }
  return edits;
}

export const goFixer = stringTokenFixer(locate, lookup);
