import * as vscode from "vscode";
import type { DocumentAnalyzer, DocumentScans } from "../editor/documentScans";
import { relativePathOf, scanPathOf, toFixAction } from "../editor/fixActions";
import { recordSuppression } from "../editor/suppressions";
import type { Severity } from "../shared/severity";
import type { SecretFinding } from "./engine";
import { mergeFindings, needsFullScan, rescanWindow } from "./incremental";
import { secretFixes } from "./fixes";

export const SECRETS_ANALYZER_ID = "agentSecurity.secrets";
export const DIAGNOSTIC_SOURCE = "Agent Security";

export function toDiagnosticSeverity(severity: Severity): vscode.DiagnosticSeverity {
  switch (severity) {
    case "error":
      return vscode.DiagnosticSeverity.Error;
    case "warning":
      return vscode.DiagnosticSeverity.Warning;
    case "info":
      return vscode.DiagnosticSeverity.Information;
    case "hint":
      return vscode.DiagnosticSeverity.Hint;
  }
}

export function secretMessage(finding: SecretFinding): string {
  return (
    `${finding.kind} hardcoded (${finding.masked}). ` +
    `Store it in AWS Secrets Manager and look it up by name; rotate it if it was ever committed or shown to an agent.`
  );
}

const secretsAnalyzer: DocumentAnalyzer<SecretFinding> = {
  id: SECRETS_ANALYZER_ID,
  isEnabled: (document) => vscode.workspace.getConfiguration("agentSecurity", document.uri).get("secrets.enabled", true),
  async analyze(document, text, policy, change) {
    const filePath = scanPathOf(document);
    if (!change || needsFullScan(text)) return policy.scanSecrets(filePath, text);
    const window = rescanWindow(text, change.dirty, change.previous);
    const fresh = await policy.scanSecrets(filePath, text, window);
    return mergeFindings(change.previous, window, fresh, (offset) => document.positionAt(offset));
  },
  toDiagnostic(finding, document) {
    const range = new vscode.Range(document.positionAt(finding.offset), document.positionAt(finding.offset + finding.length));
    const diagnostic = new vscode.Diagnostic(range, secretMessage(finding), toDiagnosticSeverity(finding.severity));
    diagnostic.source = DIAGNOSTIC_SOURCE;
    diagnostic.code = finding.docsUrl ? { value: finding.ruleId, target: vscode.Uri.parse(finding.docsUrl) } : finding.ruleId;
    return diagnostic;
  },
};

/** Quick fixes on secret diagnostics: move to Secrets Manager or Parameter Store, or ignore. */
class SecretCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly scans: DocumentScans) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const record = this.scans.record<SecretFinding>(SECRETS_ANALYZER_ID, document.uri);
    // Offsets in the record belong to the scanned version; a newer scan is pending otherwise.
    if (!record || record.version !== document.version) return [];
    const settings = vscode.workspace.getConfiguration("agentSecurity", document.uri);
    const actions: vscode.CodeAction[] = [];
    for (const finding of record.findings) {
      const findingRange = new vscode.Range(document.positionAt(finding.offset), document.positionAt(finding.offset + finding.length));
      if (!findingRange.intersection(range)) continue;
      const diagnostic = context.diagnostics.find(
        (d) => d.source === DIAGNOSTIC_SOURCE && d.range.isEqual(findingRange),
      );
      const fixes = secretFixes({
        text: document.getText(),
        languageId: document.languageId,
        filePath: scanPathOf(document),
        relativePath: relativePathOf(document),
        finding,
        namePrefix: settings.get("secretNamePrefix", "app/"),
      });
      for (const fix of fixes) actions.push(toFixAction(document, fix, diagnostic));
    }
    return actions;
  }
}

export function registerSecrets(context: vscode.ExtensionContext, scans: DocumentScans): void {
  scans.register(secretsAnalyzer);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider(
      [{ scheme: "file" }, { scheme: "untitled" }],
      new SecretCodeActions(scans),
      { providedCodeActionKinds: SecretCodeActions.kinds },
    ),
    vscode.commands.registerCommand("agentSecurity.recordSuppression", recordSuppression),
  );
}
