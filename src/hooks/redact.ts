import type { SecretFinding } from "../secrets/engine";
import { applyEdits } from "../shared/text";
import { article } from "./messages";
import { forEachToolString, toolArguments } from "./payload";
import type { Issue, TextToScan } from "./types";

type Span = Pick<SecretFinding, "offset" | "length" | "kind">;

/** Shorter repeats are not hunted for elsewhere in the text: they could be ordinary words. */
const MIN_REPEAT_LENGTH = 8;

/**
 * The text with every secret replaced by a placeholder naming its kind, safe
 * to paste anywhere. A value found once is replaced wherever else it stands,
 * also where no rule would match it on its own: a token quoted twice, or the
 * password of a connection string repeated in a variable of its own.
 */
export function redactSecrets(text: string, findings: readonly Span[]): string {
  const repeats: Span[] = [];
  for (const finding of findings) {
    for (const piece of secretPieces(text.slice(finding.offset, finding.offset + finding.length))) {
      for (let at = text.indexOf(piece); at >= 0; at = text.indexOf(piece, at + piece.length)) {
        repeats.push({ offset: at, length: piece.length, kind: finding.kind });
      }
    }
  }
  // Overlapping spans (two rules on one value, a repeat inside a finding) collapse into the first, widest one.
  const spans = [...findings, ...repeats].sort((a, b) => a.offset - b.offset || b.length - a.length);
  const kept: Span[] = [];
  for (const span of spans) {
    const last = kept[kept.length - 1];
    if (!last || span.offset >= last.offset + last.length) kept.push(span);
  }
  return applyEdits(
    text,
    kept.map((f) => ({ offset: f.offset, length: f.length, newText: `[REDACTED ${f.kind}]` })),
  );
}

/**
 * A tool's result with the secrets found in its strings replaced as redactSecrets does, in the
 * shape the tool returned it (a result given as JSON text stays JSON text; objects and arrays are
 * copied, and the copy changed once every string is known to be a checked text: the payload stays
 * as the agent sent it). `texts` are the strings of the result as outputTexts read them, `issues`
 * what the check found in them. Undefined when the result's strings are not those texts: then
 * nothing can be said about where a secret stands, and the caller reports instead.
 */
export function redactToolResult(result: unknown, texts: readonly TextToScan[], issues: readonly Issue[]): unknown {
  const spansIn = (textIndex: number): Span[] =>
    issues.filter((i) => i.check === "secret" && i.span && i.textIndex === textIndex).map((i) => ({ ...i.span!, kind: i.kind }));
  const parsed = structuredClone(toolArguments(result));
  const asJsonText = typeof result === "string" && parsed !== result;
  let redacted: unknown;
  if (typeof parsed === "string") {
    if (texts.length !== 1 || texts[0].text !== parsed) return undefined;
    redacted = redactSecrets(parsed, spansIn(0));
  } else {
    let index = 0;
    let same = true;
    const edits: (() => void)[] = [];
    forEachToolString(parsed, (text, replace) => {
      same &&= texts[index]?.text === text;
      const spans = same ? spansIn(index) : [];
      if (spans.length > 0) edits.push(() => replace(redactSecrets(text, spans)));
      index++;
    });
    if (!same || index !== texts.length) return undefined;
    for (const edit of edits) edit();
    redacted = parsed;
  }
  return asJsonText ? JSON.stringify(redacted) : redacted;
}

/** The value, and the password of a connection string on its own. */
function secretPieces(value: string): string[] {
  const password = /^[a-z][\w+.-]*:\/\/[^:/@\s]+:([^@\s]+)@/i.exec(value)?.[1];
  return [value, ...(password ? [password] : [])].filter((piece) => piece.length >= MIN_REPEAT_LENGTH);
}

/** "a GitHub token (ghp_****) and a Slack token (xoxb****)" for messages. */
export function describeFindings(findings: readonly Pick<SecretFinding, "kind" | "masked">[]): string {
  const items = findings.map((f) => `${article(f.kind)} (${f.masked})`);
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
