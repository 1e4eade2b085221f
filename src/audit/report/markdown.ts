import type { AuditResult } from "../types";
import { describeCoverage, describeFindings, kindTotals, severityTotals } from "./summary";

/** The audit as a Markdown document: totals, then one table row per finding. */
export function toMarkdown(result: AuditResult): string {
  const multiRoot = result.roots.length > 1;
  const lines = [
    "# Agent Security workspace audit",
    "",
    `${describeFindings(result.findings)}.${result.cancelled ? " **The audit was cancelled: results are incomplete.**" : ""}`,
    "",
    `${describeCoverage(result)}.`,
    "",
  ];
  for (const problem of result.problems) lines.push(`> ${cell(problem)}`, "");
  if (result.findings.length > 0) {
    lines.push("| Severity | Findings |", "| --- | ---: |", ...severityTotals(result.findings).map(([s, n]) => `| ${s} | ${n} |`), "");
    lines.push("| Kind | Findings |", "| --- | ---: |", ...kindTotals(result.findings).map(([k, n]) => `| ${cell(k)} | ${n} |`), "");
    lines.push("## Findings", "", "| Severity | File | Line | Kind | Preview | Check |", "| --- | --- | ---: | --- | --- | --- |");
    for (const f of result.findings) {
      const file = multiRoot ? `${basename(f.root)}/${f.file}` : f.file;
      lines.push(`| ${f.severity} | ${code(file)} | ${f.line} | ${cell(f.kind)} | ${code(f.preview)} | ${code(f.checkId)} |`);
    }
    lines.push("");
  }
  return lines.join("\n");
}

/** Text in a table cell: no line breaks, no column breaks, no HTML. */
function cell(text: string): string {
  return text.replace(/\s+/g, " ").replace(/\|/g, "\\|").replace(/</g, "&lt;");
}

/** A code span that survives backticks and pipes in the text. */
function code(text: string): string {
  const flat = text.replace(/\s+/g, " ").replace(/\|/g, "\\|");
  const longestRun = Math.max(0, ...(flat.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = flat.startsWith("`") || flat.endsWith("`") ? " " : "";
  return `${fence}${pad}${flat}${pad}${fence}`;
}

function basename(root: string): string {
  return root.split(/[\\/]/).filter(Boolean).pop() ?? root;
}
