import * as vscode from "vscode";

/** Which check produced a closed file's diagnostics; a newer result of a kind replaces the older. */
export type FindingKind = "secrets" | "iam";

/**
 * Findings in files that are not open: from the workspace audit, and from the
 * agent-edit watch for files written on disk. One collection for both, so a
 * file the audit and the watch both looked at is listed once, with the newest
 * result of each kind. An open document is scanned as it is edited and its
 * live diagnostics take over; a document closed without a change gets these
 * back.
 */
export class ClosedFileDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection("agentSecurity.closedFiles");
  private byFile = new Map<string, Map<FindingKind, vscode.Diagnostic[]>>();
  private readonly disposables: vscode.Disposable[];

  constructor() {
    this.disposables = [
      this.collection,
      vscode.workspace.onDidOpenTextDocument((d) => this.collection.delete(d.uri)),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Version 1: opened and closed without an edit or a change on disk.
        if (d.version === 1 && !d.isDirty) this.publish(d.uri);
        else this.byFile.delete(d.uri.toString());
      }),
    ];
  }

  /** The newest result of one kind of check for one file. */
  set(uri: vscode.Uri, kind: FindingKind, diagnostics: vscode.Diagnostic[]): void {
    const kinds = this.byFile.get(uri.toString()) ?? new Map<FindingKind, vscode.Diagnostic[]>();
    kinds.set(kind, diagnostics);
    this.byFile.set(uri.toString(), kinds);
    this.publish(uri);
  }

  /** A whole-workspace result (the audit): replaces everything known so far. */
  replaceAll(results: ReadonlyMap<string, ReadonlyMap<FindingKind, vscode.Diagnostic[]>>): void {
    this.byFile = new Map([...results].map(([key, kinds]) => [key, new Map(kinds)]));
    this.collection.clear();
    for (const key of this.byFile.keys()) this.publish(vscode.Uri.parse(key));
  }

  delete(uri: vscode.Uri): void {
    this.byFile.delete(uri.toString());
    this.collection.delete(uri);
  }

  private publish(uri: vscode.Uri): void {
    const key = uri.toString();
    if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === key)) return;
    this.collection.set(uri, [...(this.byFile.get(key)?.values() ?? [])].flat());
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
