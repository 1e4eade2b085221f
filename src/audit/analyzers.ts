import type { WorkspacePolicy } from "../scan/workspacePolicy";
import type { SecretFinding } from "../secrets/engine";
import type { Severity } from "../shared/severity";

/** What an analyzer reports about one span of a file's text. */
export interface AnalyzerFinding {
  checkId: string;
  kind: string;
  severity: Severity;
  /** Safe to show and store: masked values only. */
  message: string;
  /** The span, in UTF-16 code units of the analysed text. */
  offset: number;
  length: number;
  fingerprint: string;
  /** Set when the span is itself a secret: what previews show in its place. */
  masked?: string;
  docsUrl?: string;
}

/** One file as the analyzers see it. */
export interface AnalyzedFile {
  policy: WorkspacePolicy;
  path: string;
  text: string;
}

/**
 * One kind of check the audit runs on every file. Adding a check to the audit
 * means adding an analyzer to AUDIT_ANALYZERS; nothing else changes.
 */
export interface FileAnalyzer {
  /** Short, stable id: part of the cache key and of every finding. */
  readonly id: string;
  analyze(file: AnalyzedFile): Promise<AnalyzerFinding[]>;
}

export function secretAuditMessage(finding: Pick<SecretFinding, "kind" | "masked">): string {
  return (
    `${finding.kind} hardcoded (${finding.masked}). ` +
    `Store it in AWS Secrets Manager and look it up by name; rotate it if it was ever committed or shown to an agent.`
  );
}

/** Secrets through the one shared entry, so that the audit agrees with the editor and the hooks. */
export const secretsAnalyzer: FileAnalyzer = {
  id: "secrets",
  async analyze({ policy, path, text }) {
    const findings = await policy.scanSecrets(path, text);
    return findings.map((f) => ({
      checkId: f.ruleId,
      kind: f.kind,
      severity: f.severity,
      message: secretAuditMessage(f),
      offset: f.offset,
      length: f.length,
      fingerprint: f.fingerprint,
      masked: f.masked,
      ...(f.docsUrl ? { docsUrl: f.docsUrl } : {}),
    }));
  },
};

export const AUDIT_ANALYZERS: readonly FileAnalyzer[] = [secretsAnalyzer];
