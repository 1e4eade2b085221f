import * as path from "node:path";
import * as vscode from "vscode";
import type { ClosedFileDiagnostics, FindingKind } from "../../editor/closedFileDiagnostics";
import { DIAGNOSTIC_SOURCE, toDiagnosticSeverity } from "../../editor/diagnostics";
import type { AuditFinding } from "../types";

export function findingUri(f: AuditFinding): vscode.Uri {
  return vscode.Uri.file(path.join(f.root, ...f.file.split("/")));
}

export function findingRange(f: AuditFinding): vscode.Range {
  return new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
}

/**
 * The audit's findings in the Problems panel, for files that are not open
 * (see ClosedFileDiagnostics): every file's findings, grouped by the check
 * that made them, replace what was known before.
 */
export function showAuditFindings(closedFiles: ClosedFileDiagnostics, findings: readonly AuditFinding[]): void {
  const byFile = new Map<string, Map<FindingKind, vscode.Diagnostic[]>>();
  for (const f of findings) {
    const key = findingUri(f).toString();
    const kinds = byFile.get(key) ?? new Map<FindingKind, vscode.Diagnostic[]>();
    const kind: FindingKind = f.analyzer === "iam" ? "iam" : "secrets";
    kinds.set(kind, [...(kinds.get(kind) ?? []), toDiagnostic(f)]);
    byFile.set(key, kinds);
  }
  closedFiles.replaceAll(byFile);
}

function toDiagnostic(f: AuditFinding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(findingRange(f), f.message, toDiagnosticSeverity(f.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = f.docsUrl ? { value: f.checkId, target: vscode.Uri.parse(f.docsUrl) } : f.checkId;
  return diagnostic;
}
