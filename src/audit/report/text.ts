import type { AuditFinding, AuditResult } from "../types";
import { describeCoverage, describeFindings } from "./summary";

/** One line per finding, `path:line:col severity kind preview [check]`, then the totals. */
export function toText(result: AuditResult, displayPath: (f: AuditFinding) => string): string {
  const lines = result.findings.map(
    (f) => `${displayPath(f)}:${f.line}:${f.column}  ${f.severity}  ${f.kind}  ${f.preview}  [${f.checkId}]`,
  );
  if (lines.length > 0) lines.push("");
  for (const problem of result.problems) lines.push(`warning: ${problem}`);
  if (result.cancelled) lines.push("The audit was cancelled: results are incomplete.");
  lines.push(`${describeFindings(result.findings)}.`, `${describeCoverage(result)}.`);
  return lines.join("\n") + "\n";
}
