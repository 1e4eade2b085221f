import * as path from "node:path";
import * as vscode from "vscode";
import { DIAGNOSTIC_SOURCE, toDiagnosticSeverity } from "../../secrets/editor";
import type { AuditFinding } from "../types";

export const AUDIT_COLLECTION = "agentSecurity.audit";

export function findingUri(f: AuditFinding): vscode.Uri {
  return vscode.Uri.file(path.join(f.root, ...f.file.split("/")));
}

export function findingRange(f: AuditFinding): vscode.Range {
  return new vscode.Range(f.line - 1, f.column - 1, f.endLine - 1, f.endColumn - 1);
}

/**
 * The audit's findings in the Problems panel, for files that are not open:
 * an open document is scanned as it is edited, and its live diagnostics would
 * otherwise be doubled by stale ones. A document closed without having been
 * changed gets its audit findings back.
 */
export class AuditDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(AUDIT_COLLECTION);
  private byFile = new Map<string, vscode.Diagnostic[]>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        const diagnostics = this.byFile.get(d.uri.toString());
        // Version 1: opened and closed without an edit or a change on disk.
        if (diagnostics && d.version === 1 && !d.isDirty) this.collection.set(d.uri, diagnostics);
        else this.byFile.delete(d.uri.toString());
      }),
    ];
  }

  show(findings: readonly AuditFinding[]): void {
    this.byFile = new Map();
    for (const f of findings) {
      const key = findingUri(f).toString();
      this.byFile.set(key, [...(this.byFile.get(key) ?? []), toDiagnostic(f)]);
    }
    const open = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
    this.collection.clear();
    for (const [key, diagnostics] of this.byFile) {
      if (!open.has(key)) this.collection.set(vscode.Uri.parse(key), diagnostics);
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function toDiagnostic(f: AuditFinding): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(findingRange(f), f.message, toDiagnosticSeverity(f.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = f.docsUrl ? { value: f.checkId, target: vscode.Uri.parse(f.docsUrl) } : f.checkId;
  return diagnostic;
}
