import * as vscode from "vscode";
import { COMMANDS, registerCommand } from "../../commands";
import type { PolicyStore } from "../../editor/policies";
import { describeFindings, redactSecrets } from "../redact";
import { checkText, type TextCheck } from "./chat";

/** What a scan command found, returned for tests: masked values and the redacted text only. */
export interface ScanCommandResult {
  found: { kind: string; masked: string }[];
  redacted: string;
}

/**
 * "Scan Selection for Secrets" and "Scan Clipboard for Secrets": check text
 * before it is pasted into a chat or a ticket, and offer a copy with every
 * secret replaced by a placeholder.
 */
export function registerScanCommands(context: vscode.ExtensionContext, policies: PolicyStore): void {
  context.subscriptions.push(
    registerCommand(COMMANDS.secrets.scanSelection, async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) {
        void vscode.window.showInformationMessage("Agent Security: open a file and select the text to check.");
        return undefined;
      }
      const selections = editor.selections.filter((s) => !s.isEmpty);
      const text = selections.length > 0 ? selections.map((s) => editor.document.getText(s)).join("\n") : editor.document.getText();
      const label = selections.length > 0 ? "selection" : vscode.workspace.asRelativePath(editor.document.uri);
      return report(await checkText(policies, text, label, selections.length > 0 ? undefined : editor.document.uri), "Copy Redacted");
    }),
    registerCommand(COMMANDS.secrets.scanClipboard, async () =>
      report(await checkText(policies, await vscode.env.clipboard.readText(), "clipboard"), "Replace Clipboard with Redacted Copy"),
    ),
  );
}

async function report(check: TextCheck, action: string): Promise<ScanCommandResult> {
  const result: ScanCommandResult = {
    found: check.findings.map((f) => ({ kind: f.kind, masked: f.masked })),
    redacted: redactSecrets(check.text, check.findings),
  };
  const where = check.label === "selection" || check.label === "clipboard" ? `the ${check.label}` : check.label;
  if (check.findings.length === 0) {
    void vscode.window.showInformationMessage(`Agent Security: no secrets found in ${where}.`);
    return result;
  }
  void vscode.window
    .showWarningMessage(`Agent Security: ${where} holds ${describeFindings(check.findings)}.`, action)
    .then(async (choice) => {
      if (choice !== action) return;
      await vscode.env.clipboard.writeText(result.redacted);
      void vscode.window.showInformationMessage("Agent Security: a redacted copy is on the clipboard.");
    });
  return result;
}
