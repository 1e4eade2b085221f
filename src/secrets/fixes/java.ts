import type { TextEdit } from "../../shared/text";
import { lex, stringAt, type CToken } from "./clike";
import { endOfLineBreak, findingSpan, nextLineBreak, normalizeEdits, STORE_TITLES, textFacts } from "./common";
import { stringTokenFixer } from "./family";
import type { FixContext, SecretFix, SecretStore } from "./types";

/**
 * Java: AWS SDK for Java v2. The literal becomes one inline expression, so
 * it works wherever the string did (fields, `static final` constants,
 * arguments) without a helper class; the two SDK classes are imported.
 */

const SDK: Record<SecretStore, { imports: string[]; expr: (name: string) => string }> = {
  secretsManager: {
    imports: [
      "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient",
      "software.amazon.awssdk.services.secretsmanager.model.GetSecretValueRequest",
    ],
    expr: (name) =>
      `SecretsManagerClient.create().getSecretValue(GetSecretValueRequest.builder().secretId("${name}").build()).secretString()`,
  },
  parameterStore: {
    imports: ["software.amazon.awssdk.services.ssm.SsmClient", "software.amazon.awssdk.services.ssm.model.GetParameterRequest"],
    expr: (name) =>
      `SsmClient.create().getParameter(GetParameterRequest.builder().name("${name}").withDecryption(true).build()).parameter().value()`,
  },
};

function locate(ctx: FixContext): { token: CToken; next: string } | undefined {
  const { start, end } = findingSpan(ctx);
  const lexed = lex(ctx.text, "java");
  const token = stringAt(lexed, start, end);
  if (!token || (token.kind !== "normal" && token.kind !== "textBlock")) return undefined;
  const next = ctx.text.slice(token.end).trimStart()[0] ?? "";
  return { token, next };
}

const WHITESPACE = /^(\s|\\[nrt])*$/;

function lookup(ctx: FixContext, store: SecretStore, secretName: string): SecretFix | undefined {
  const loc = locate(ctx);
  if (!loc) return undefined;
  const { token, next } = loc;
  const sdk = SDK[store];
  const expr = sdk.expr(secretName);
  const { start, end } = findingSpan(ctx);
  const before = ctx.text.slice(token.contentStart, start);
  const after = ctx.text.slice(end, token.contentEnd);
  let newText: string;
  if (WHITESPACE.test(before) && WHITESPACE.test(after)) {
    newText = expr;
  } else if (token.kind === "textBlock") {
    // A text block keeps its shape: the secret becomes %s, filled by formatted().
    const escape = (s: string) => s.replace(/%/g, "%%");
    newText = `"""${escape(before)}%s${escape(after)}"""` + `.formatted(${expr})`;
  } else {
    const parts = [before ? `"${before}"` : "", expr, after ? `"${after}"` : ""].filter(Boolean);
    newText = parts.join(" + ");
    if (next === "." || next === "[") newText = `(${newText})`;
  }
  const edits: TextEdit[] = [{ offset: token.start, length: token.end - token.start, newText }, ...importEdits(ctx, sdk.imports)];
  return { title: STORE_TITLES[store], store, secretName, edits: normalizeEdits(edits), isPreferred: store === "secretsManager" };
}

function importEdits(ctx: FixContext, imports: string[]): TextEdit[] {
  const text = ctx.text;
  const { eol } = textFacts(text);
  const present = new Set<string>();
  let lastImportEnd = -1;
  let packageEnd = -1;
  for (const m of text.matchAll(/^[ \t]*import[ \t]+(?:static[ \t]+)?([\w.]+(?:\.\*)?)[ \t]*;[^\r\n]*/gm)) {
    present.add(m[1]);
    lastImportEnd = m.index + m[0].length;
  }
  const pkg = /^[ \t]*package[ \t]+[\w.]+[ \t]*;[^\r\n]*/m.exec(text);
  if (pkg) packageEnd = pkg.index + pkg[0].length;
  const missing = imports.filter((name) => !present.has(name) && !present.has(name.replace(/\.\w+$/, ".*")));
  if (missing.length === 0) return [];
  const lines = missing.map((name) => `import ${name};`);
  if (lastImportEnd >= 0) {
    const at = endOfLineBreak(text, lastImportEnd);
    const lead = at === text.length && !/[\r\n]$/.test(text) ? eol : "";
    return [{ offset: at, length: 0, newText: lead + lines.join(eol) + eol }];
  }
  if (packageEnd >= 0) {
    const at = endOfLineBreak(text, packageEnd);
    const lead = at === text.length && !/[\r\n]$/.test(text) ? eol : "";
    const nextLine = text.slice(at, nextLineBreak(text, at));
    return [{ offset: at, length: 0, newText: lead + eol + lines.join(eol) + eol + (nextLine.trim() ? eol : "") }];
  }
  return [{ offset: 0, length: 0, newText: lines.join(eol) + eol + eol }];
}

export const javaFixer = stringTokenFixer(locate, lookup);
