import { SEVERITIES, type Severity } from "../../shared/severity";
import { SKIP_REASONS, SKIP_REASON_WORDS, type AuditFinding, type AuditResult } from "../types";

export function countBy<K extends string>(findings: readonly AuditFinding[], key: (f: AuditFinding) => K): Map<K, number> {
  const counts = new Map<K, number>();
  for (const f of findings) counts.set(key(f), (counts.get(key(f)) ?? 0) + 1);
  return counts;
}

/** Severities with at least one finding, most severe first: `[["error", 3], ["warning", 1]]`. */
export function severityTotals(findings: readonly AuditFinding[]): Array<[Severity, number]> {
  const counts = countBy(findings, (f) => f.severity);
  return SEVERITIES.filter((s) => counts.has(s)).map((s) => [s, counts.get(s)!]);
}

/** Kinds by how often they were found, then by name. */
export function kindTotals(findings: readonly AuditFinding[]): Array<[string, number]> {
  return [...countBy(findings, (f) => f.kind)].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** "3 findings (2 errors, 1 warning) in 2 files", or "No findings". */
export function describeFindings(findings: readonly AuditFinding[]): string {
  if (findings.length === 0) return "No findings";
  const bySeverity = severityTotals(findings).map(([s, n]) => (s === "info" || s === "hint" ? `${n} ${s}` : plural(n, s)));
  const files = new Set(findings.map((f) => `${f.root}\0${f.file}`)).size;
  return `${plural(findings.length, "finding")} (${bySeverity.join(", ")}) in ${plural(files, "file")}`;
}

/** What was read and what was not: "120 files: 118 scanned, 0 from cache; skipped 1 binary, 1 too large; 30 ignored". */
export function describeCoverage(result: AuditResult): string {
  const { summary } = result;
  const parts = [`${plural(summary.files, "file")}: ${summary.scanned} scanned, ${summary.cached} unchanged since the last audit`];
  const skipped = SKIP_REASONS.filter((r) => summary.skipped[r] > 0).map((r) => `${summary.skipped[r]} ${SKIP_REASON_WORDS[r]}`);
  if (skipped.length > 0) parts.push(`skipped ${skipped.join(", ")}`);
  parts.push(`${summary.ignored} ignored by .gitignore and exclude settings`);
  return parts.join("; ");
}
