import type { TextEdit } from "../../shared/text";
import { enclosingOpener, lex, stringAt, type CLex, type CToken } from "./clike";
import { endOfLine, findingSpan, normalizeEdits, snakeIdentifier, startOfLine, STORE_TITLES, textFacts } from "./common";
import { stringTokenFixer } from "./family";
import type { FixContext, SecretFix, SecretStore } from "./types";

/**
 * Terraform: a data source reads the secret at plan time, and the literal
 * becomes a reference to it. The data block is added once, right before the
 * top-level block that uses it (or at the end of the file).
 */

const DATA: Record<SecretStore, { type: string; attribute: string; body: (name: string) => Array<[string, string]> }> = {
  secretsManager: {
    type: "aws_secretsmanager_secret_version",
    attribute: "secret_string",
    body: (name) => [["secret_id", `"${name}"`]],
  },
  parameterStore: {
    type: "aws_ssm_parameter",
    attribute: "value",
    body: (name) => [
      ["name", `"${name}"`],
      ["with_decryption", "true"],
    ],
  },
};

function locate(ctx: FixContext): { lexed: CLex; token: CToken; index: number } | undefined {
  const { start, end } = findingSpan(ctx);
  const lexed = lex(ctx.text, "hcl");
  const token = stringAt(lexed, start, end);
  if (!token) return undefined;
  return { lexed, token, index: lexed.tokens.indexOf(token) };
}

/** Existing `data "<type>" "<label>"` blocks, with the name they read. */
function existingData(text: string, type: string): Array<{ label: string; name?: string }> {
  const result: Array<{ label: string; name?: string }> = [];
  const re = new RegExp(`^[ \\t]*data[ \\t]+"${type}"[ \\t]+"([\\w-]+)"[ \\t]*\\{([^}]*)\\}`, "gm");
  for (const m of text.matchAll(re)) {
    const name = /(?:secret_id|name)\s*=\s*"([^"]*)"/.exec(m[2])?.[1];
    result.push({ label: m[1], ...(name !== undefined ? { name } : {}) });
  }
  return result;
}

function lookup(ctx: FixContext, store: SecretStore, secretName: string): SecretFix | undefined {
  const loc = locate(ctx);
  if (!loc) return undefined;
  const { token, lexed } = loc;
  const text = ctx.text;
  const facts = textFacts(text, "  ");
  const { eol } = facts;
  const data = DATA[store];
  const { start, end } = findingSpan(ctx);

  // One data block per secret: reuse one that reads the same name, never clash with another.
  const existing = existingData(text, data.type);
  const same = existing.find((d) => d.name === secretName);
  let label = same?.label ?? snakeIdentifier(secretName, ctx.namePrefix);
  if (!same) {
    const base = label;
    for (let n = 2; existing.some((d) => d.label === label); n++) label = `${base}_${n}`;
  }
  const reference = `data.${data.type}.${label}.${data.attribute}`;

  const edits: TextEdit[] = [];
  const before = text.slice(token.contentStart, start);
  const after = text.slice(end, token.contentEnd);
  if (/^(\s|\\[nrt])*$/.test(before) && /^(\s|\\[nrt])*$/.test(after)) {
    const end = token.kind === "heredoc" ? endOfLine(text, token.end - 1) : token.end;
    edits.push({ offset: token.start, length: end - token.start, newText: reference });
  } else {
    // Both quoted strings and heredocs are templates: interpolate in place.
    edits.push({ offset: start, length: end - start, newText: "${" + reference + "}" });
  }

  if (!same) {
    const width = Math.max(...data.body(secretName).map(([k]) => k.length));
    const block = [
      `data "${data.type}" "${label}" {`,
      ...data.body(secretName).map(([k, v]) => `${facts.indent}${k.padEnd(width)} = ${v}`),
      `}`,
    ].join(eol);
    const top = topLevelBlockStart(lexed, loc.index);
    if (top !== undefined) {
      const at = startOfLine(text, top);
      edits.push({ offset: at, length: 0, newText: block + eol + eol });
    } else {
      const trailing = /(\r\n|\n|\r)$/.test(text);
      edits.push({ offset: text.length, length: 0, newText: (trailing ? eol : eol + eol) + block + eol });
    }
  }
  return { title: STORE_TITLES[store], store, secretName, edits: normalizeEdits(edits), isPreferred: store === "secretsManager" };
}

/** Offset where the top-level block holding token `index` starts (`resource "a" "b" {`). */
function topLevelBlockStart(lexed: CLex, index: number): number | undefined {
  let opener = enclosingOpener(lexed, index);
  if (opener < 0) return undefined;
  for (let next = enclosingOpener(lexed, opener); next >= 0; next = enclosingOpener(lexed, opener)) opener = next;
  if (lexed.tokens[opener].value !== "{") return undefined;
  // Walk back over the block's labels to its type keyword.
  let j = opener - 1;
  while (j > 0 && lexed.tokens[j].type === "string") j--;
  return lexed.tokens[j]?.type === "ident" ? lexed.tokens[j].start : undefined;
}

export const terraformFixer = stringTokenFixer(locate, lookup);
