import type { SecretFinding } from "../secrets/engine";
import { applyEdits } from "../shared/text";
import { article } from "./messages";

type Span = Pick<SecretFinding, "offset" | "length" | "kind">;

/** The text with every secret replaced by a placeholder naming its kind, safe to paste anywhere. */
export function redactSecrets(text: string, findings: readonly Span[]): string {
  // Overlapping reports (two rules on one value) collapse into the first.
  const spans = [...findings].sort((a, b) => a.offset - b.offset);
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

/** "a GitHub token (ghp_****) and a Slack token (xoxb****)" for messages. */
export function describeFindings(findings: readonly Pick<SecretFinding, "kind" | "masked">[]): string {
  const items = findings.map((f) => `${article(f.kind)} (${f.masked})`);
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}
