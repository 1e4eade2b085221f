import type { TextEdit } from "../../shared/text";
import { enclosingOpener, lex, stringAt, type CLex, type CToken } from "./clike";
import { endOfLineBreak, findingSpan, normalizeEdits, STORE_TITLES, textFacts } from "./common";
import { stringTokenFixer } from "./family";
import type { FixContext, SecretFix, SecretStore } from "./types";

/**
 * C#: AWSSDK.SecretsManager / AWSSDK.SimpleSystemsManagement. The literal
 * becomes one inline expression. The SDK is async-only; `GetAwaiter().
 * GetResult()` lets the expression stand where the string stood (field
 * initializers, synchronous methods) without reshaping the code around it.
 */

const SDK: Record<SecretStore, { usings: string[]; expr: (name: string) => string }> = {
  secretsManager: {
    usings: ["Amazon.SecretsManager", "Amazon.SecretsManager.Model"],
    expr: (name) =>
      `new AmazonSecretsManagerClient().GetSecretValueAsync(new GetSecretValueRequest { SecretId = "${name}" }).GetAwaiter().GetResult().SecretString`,
  },
  parameterStore: {
    usings: ["Amazon.SimpleSystemsManagement", "Amazon.SimpleSystemsManagement.Model"],
    expr: (name) =>
      `new AmazonSimpleSystemsManagementClient().GetParameterAsync(new GetParameterRequest { Name = "${name}", WithDecryption = true }).GetAwaiter().GetResult().Parameter.Value`,
  },
};

function locate(ctx: FixContext): { lexed: CLex; token: CToken; index: number } | undefined {
  const { start, end } = findingSpan(ctx);
  const lexed = lex(ctx.text, "csharp");
  const token = stringAt(lexed, start, end);
  if (!token) return undefined;
  return { lexed, token, index: lexed.tokens.indexOf(token) };
}

const WHITESPACE = /^(\s|\\[nrt])*$/;

function lookup(ctx: FixContext, store: SecretStore, secretName: string): SecretFix | undefined {
  const loc = locate(ctx);
  if (!loc) return undefined;
  const { token } = loc;
  const sdk = SDK[store];
  const expr = sdk.expr(secretName);
  const { start, end } = findingSpan(ctx);
  const before = ctx.text.slice(token.contentStart, start);
  const after = ctx.text.slice(end, token.contentEnd);
  const edits: TextEdit[] = [];
  if (WHITESPACE.test(before) && WHITESPACE.test(after)) {
    edits.push({ offset: token.start, length: token.end - token.start, newText: expr });
  } else if (token.kind === "interpolated") {
    edits.push({ offset: start, length: end - start, newText: `{${expr}}` });
  } else if (token.kind === "normal") {
    // An interpolated string keeps the rest of the text; its braces must be doubled.
    const brace = (s: string) => s.replace(/\{/g, "{{").replace(/\}/g, "}}");
    edits.push({ offset: token.start, length: token.end - token.start, newText: `$"${brace(before)}{${expr}}${brace(after)}"` });
  } else if (token.kind === "verbatim") {
    // Quotes inside the holes of a verbatim interpolated string trip older
    // compilers; concatenating the two verbatim halves is plain C# everywhere.
    const parts = [before ? `@"${before}"` : "", expr, after ? `@"${after}"` : ""].filter(Boolean);
    edits.push({ offset: token.start, length: token.end - token.start, newText: `(${parts.join(" + ")})` });
  } else {
    return undefined; // raw and verbatim interpolated strings: no partial form that is safe everywhere
  }
  edits.push(...constEdits(ctx, loc.lexed, loc.index), ...usingEdits(ctx, sdk.usings));
  return { title: STORE_TITLES[store], store, secretName, edits: normalizeEdits(edits), isPreferred: store === "secretsManager" };
}

/**
 * A `const` cannot hold a method call: a member constant becomes `static
 * readonly` (same access, still shared), a local one loses `const`.
 */
function constEdits(ctx: FixContext, lexed: CLex, index: number): TextEdit[] {
  const toks = lexed.tokens;
  let j = index - 1;
  while (j >= 0 && !(toks[j].type === "punct" && [";", "{", "}"].includes(toks[j].value))) {
    if (toks[j].type === "punct" && [")", "]"].includes(toks[j].value) && lexed.partner[j] >= 0) j = lexed.partner[j];
    if (toks[j].type === "ident" && toks[j].value === "const") {
      const constTok = toks[j];
      const opener = enclosingOpener(lexed, j);
      const header = opener >= 0 ? ctx.text.slice(Math.max(0, toks[opener].start - 300), toks[opener].start) : "";
      const isMember = /\b(class|struct|record|interface)\b[^;{}()]*$/.test(header);
      const afterConst = ctx.text.slice(constTok.end).match(/^\s*/)![0].length;
      return [
        {
          offset: constTok.start,
          length: constTok.end - constTok.start + (isMember ? 0 : afterConst),
          newText: isMember ? "static readonly" : "",
        },
      ];
    }
    j--;
  }
  return [];
}

function usingEdits(ctx: FixContext, usings: string[]): TextEdit[] {
  const text = ctx.text;
  const { eol } = textFacts(text);
  const lexed = lex(text, "csharp");
  const firstBrace = lexed.tokens.find((t) => t.type === "punct" && t.value === "{");
  const head = text.slice(0, firstBrace ? firstBrace.start : text.length);
  const present = new Set<string>();
  let lastEnd = -1;
  for (const m of head.matchAll(/^[ \t]*(?:global[ \t]+)?using[ \t]+(?:static[ \t]+)?([\w.]+)[ \t]*;[^\r\n]*/gm)) {
    present.add(m[1]);
    lastEnd = m.index + m[0].length;
  }
  const missing = usings.filter((u) => !present.has(u));
  if (missing.length === 0) return [];
  const lines = missing.map((u) => `using ${u};`).join(eol) + eol;
  if (lastEnd >= 0) {
    const at = endOfLineBreak(text, lastEnd);
    return [{ offset: at, length: 0, newText: (at === text.length && !/[\r\n]$/.test(text) ? eol : "") + lines }];
  }
  return [{ offset: 0, length: 0, newText: lines + eol }];
}

export const csharpFixer = stringTokenFixer(locate, lookup);
