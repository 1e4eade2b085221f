import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { Severity } from "../../shared/severity";
import type { AuditFinding, AuditResult } from "../types";
import { describeCoverage } from "./summary";

export const SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

const LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note", hint: "note" };
/** GitHub code scanning ranks alerts by this property: high, medium, low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: "8.0", warning: "5.0", info: "2.0", hint: "1.0" };
const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };
const RULE_FAMILY: Record<string, string> = { secrets: "Hardcoded secret", iam: "IAM least privilege" };

/**
 * The audit as a SARIF 2.1.0 log: one run, a rule per check, a result per
 * finding. Snippets are the masked previews; partial fingerprints combine the
 * file, the check and the value's fingerprint, so an alert survives lines
 * moving and the same value in two files makes two alerts.
 */
export function toSarif(result: AuditResult, toolVersion: string): object {
  const findings = result.findings;
  const baseIds = result.roots.map((_, i) => (result.roots.length === 1 ? "%SRCROOT%" : `ROOT${i}`));
  const rules = ruleDescriptors(findings);
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const occurrences = new Map<string, number>();
  const results = findings.map((f) => {
    const key = `${f.root}\0${f.file}\0${f.checkId}\0${f.fingerprint}`;
    const occurrence = occurrences.get(key) ?? 0;
    occurrences.set(key, occurrence + 1);
    return {
      ruleId: f.checkId,
      ruleIndex: ruleIndex.get(f.checkId)!,
      level: LEVEL[f.severity],
      message: { text: f.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: encodePath(f.file), uriBaseId: baseIds[Math.max(0, result.roots.indexOf(f.root))] },
            region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
            contextRegion: { startLine: f.line, endLine: f.line, snippet: { text: f.preview } },
          },
        },
      ],
      partialFingerprints: { "agentSecurityFinding/v1": hash(`${f.file}\0${f.checkId}\0${f.fingerprint}\0${occurrence}`) },
      properties: { kind: f.kind, analyzer: f.analyzer, ...(f.accessAnalyzerCode ? { accessAnalyzerCode: f.accessAnalyzerCode } : {}) },
    };
  });
  const notifications = [
    ...result.problems.map((text) => ({ level: "warning", message: { text } })),
    { level: "note", message: { text: describeCoverage(result) } },
    ...(result.cancelled ? [{ level: "warning", message: { text: "The audit was cancelled; results are incomplete." } }] : []),
  ];
  return {
    $schema: SARIF_SCHEMA,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { name: "agent-security", fullName: "Agent Security Hooks workspace audit", version: toolVersion, rules } },
        originalUriBaseIds: Object.fromEntries(result.roots.map((root, i) => [baseIds[i], { uri: folderUri(root) }])),
        invocations: [{ executionSuccessful: !result.cancelled, toolExecutionNotifications: notifications }],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

interface RuleDescriptor {
  id: string;
  name: string;
  shortDescription: { text: string };
  helpUri?: string;
  defaultConfiguration: { level: string };
  properties: { tags: string[]; "security-severity": string };
}

function ruleDescriptors(findings: readonly AuditFinding[]): RuleDescriptor[] {
  const byCheck = new Map<string, AuditFinding[]>();
  for (const f of findings) byCheck.set(f.checkId, [...(byCheck.get(f.checkId) ?? []), f]);
  return [...byCheck.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([id, list]) => {
      const worst = list.reduce((w, f) => (RANK[f.severity] > RANK[w] ? f.severity : w), list[0].severity);
      const kinds = [...new Set(list.map((f) => f.kind))].sort();
      const docs = list.find((f) => f.docsUrl)?.docsUrl;
      return {
        id,
        name: id.replace(/^.*[/]/, ""),
        shortDescription: { text: `${RULE_FAMILY[list[0].analyzer] ?? "Finding"}: ${kinds.join(", ")}` },
        ...(docs ? { helpUri: docs.replace(/#.*$/, "") } : {}),
        defaultConfiguration: { level: LEVEL[worst] },
        properties: { tags: ["security", list[0].analyzer], "security-severity": SECURITY_SEVERITY[worst] },
      };
    });
}

function encodePath(rel: string): string {
  return rel.split("/").map(encodeURIComponent).join("/");
}

function folderUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith("/") ? href : `${href}/`;
}

function hash(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 32);
}
