import * as vscode from "vscode";
import { SECRETS_ANALYZER_ID, type DocumentAnalyzer, type DocumentScans } from "../../editor/documentScans";
import { storeInAwsActions } from "../../aws/editor";
import { DIAGNOSTIC_SOURCE, toDiagnosticSeverity } from "../../editor/diagnostics";
import { fixContextFor, scanPathOf, toFixAction } from "../../editor/fixActions";
import { recordSuppression } from "../../editor/suppressions";
import { COMMANDS, registerCommand } from "../../commands";
import { setting } from "../../settings";
import type { SecretFinding } from "../engine";
import { secretMessage } from "../messages";
import { mergeFindings, needsFullScan, rescanWindow } from "../incremental";
import { secretFixes } from "../fixes";

/** The diagnostic of one secret, wherever it is shown (open documents, files written on disk). */
export function secretDiagnostic(finding: SecretFinding, range: vscode.Range): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(range, secretMessage(finding), toDiagnosticSeverity(finding.severity));
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.docsUrl ? { value: finding.ruleId, target: vscode.Uri.parse(finding.docsUrl) } : finding.ruleId;
  return diagnostic;
}

const secretsAnalyzer: DocumentAnalyzer<SecretFinding> = {
  id: SECRETS_ANALYZER_ID,
  label: "secret scan",
  isEnabled: (document) => setting("secrets.enabled", document.uri),
  async analyze(document, text, { policy, change, worker }) {
    const filePath = scanPathOf(document);
    // Checked here, so that an excluded file's text never travels to the worker.
    if (policy.isExcluded(filePath)) return [];
    if (!change || needsFullScan(text)) return worker.secrets({ root: policy.root, filePath, text });
    // Only the window goes to the worker; its findings come back in the window's coordinates.
    const window = rescanWindow(text, change.dirty, change.previous);
    const inWindow = await worker.secrets({ root: policy.root, filePath, text: text.slice(window.start, window.end) });
    const fresh = inWindow.map((f) => {
      const offset = f.offset + window.start;
      return { ...f, offset, range: { start: document.positionAt(offset), end: document.positionAt(offset + f.length) } };
    });
    return mergeFindings(change.previous, window, fresh, (offset) => document.positionAt(offset));
  },
  toDiagnostic(finding, document) {
    return secretDiagnostic(
      finding,
      new vscode.Range(document.positionAt(finding.offset), document.positionAt(finding.offset + finding.length)),
    );
  },
};

/** The secret findings of the last scan within `range`, with their diagnostics. */
function secretsAt(
  scans: DocumentScans,
  document: vscode.TextDocument,
  range: vscode.Range,
  context: vscode.CodeActionContext,
): Array<{ finding: SecretFinding; diagnostic: vscode.Diagnostic | undefined }> {
  const record = scans.record<SecretFinding>(SECRETS_ANALYZER_ID, document.uri);
  // Offsets in the record belong to the scanned version; a newer scan is pending otherwise.
  if (!record || record.version !== document.version) return [];
  const found = [];
  for (const finding of record.findings) {
    const findingRange = new vscode.Range(document.positionAt(finding.offset), document.positionAt(finding.offset + finding.length));
    if (!findingRange.intersection(range)) continue;
    const diagnostic = context.diagnostics.find((d) => d.source === DIAGNOSTIC_SOURCE && d.range.isEqual(findingRange));
    found.push({ finding, diagnostic });
  }
  return found;
}

/**
 * Quick fixes on secret diagnostics, in this order: replace by a Secrets
 * Manager or Parameter Store lookup, store the value in AWS and replace
 * (src/aws), ignore.
 */
class SecretCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly scans: DocumentScans) {}

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const { finding, diagnostic } of secretsAt(this.scans, document, range, context)) {
      const fixes = secretFixes(fixContextFor(document, finding));
      const lookups = fixes.filter((fix) => fix.store);
      actions.push(
        ...lookups.map((fix) => toFixAction(document, fix, diagnostic)),
        ...storeInAwsActions(document, finding, diagnostic, lookups),
        ...fixes.filter((fix) => !fix.store).map((fix) => toFixAction(document, fix, diagnostic)),
      );
    }
    return actions;
  }
}

export function registerSecrets(context: vscode.ExtensionContext, scans: DocumentScans): void {
  scans.register(secretsAnalyzer);
  context.subscriptions.push(
    vscode.languages.registerCodeActionsProvider([{ scheme: "file" }, { scheme: "untitled" }], new SecretCodeActions(scans), {
      providedCodeActionKinds: SecretCodeActions.kinds,
    }),
    registerCommand(COMMANDS.findings.recordSuppression, recordSuppression),
  );
}
