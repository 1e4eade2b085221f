import * as vscode from "vscode";
import { COMMANDS, registerCommand } from "../commands";
import type { DocumentScans } from "./documentScans";

type Findings = Array<[vscode.Uri, readonly vscode.Diagnostic[]]>;

/**
 * Shows how many findings there are, in open documents and in files agents
 * wrote to disk (`more` collections); a click lists them all.
 */
export function registerStatusBar(context: vscode.ExtensionContext, scans: DocumentScans, ...more: vscode.DiagnosticCollection[]): void {
  const all = (): Findings => {
    const found = scans.allDiagnostics();
    for (const collection of more) collection.forEach((uri, d) => void found.push([uri, d]));
    return found.filter(([, d]) => d.length > 0);
  };
  const item = vscode.window.createStatusBarItem("agentSecurity.status", vscode.StatusBarAlignment.Left, 100);
  item.name = "Agent Security";
  item.command = COMMANDS.findings.show;
  const update = () => {
    const found = all();
    const files = found.length;
    const count = found.reduce((n, [, d]) => n + d.length, 0);
    item.text = count > 0 ? `$(shield) ${count}` : "$(shield)";
    const summary =
      count > 0
        ? `Agent Security: ${count} finding${count === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"} (click to list them)`
        : "Agent Security: no findings";
    item.tooltip = new vscode.MarkdownString(`${summary}\n\n[$(shield) Audit workspace](command:${COMMANDS.audit.run})`, true);
    item.tooltip.isTrusted = { enabledCommands: [COMMANDS.audit.run] };
    item.backgroundColor = count > 0 ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  };
  update();
  item.show();
  context.subscriptions.push(
    item,
    scans.onDidScan(update),
    vscode.languages.onDidChangeDiagnostics(update),
    vscode.workspace.onDidCloseTextDocument(() => setTimeout(update, 0)),
    registerCommand(COMMANDS.findings.show, () => showFindings(all())),
  );
}

/** Every finding in a list; picking one opens it at the finding. */
async function showFindings(found: Findings): Promise<void> {
  if (found.length === 0) {
    void vscode.window.showInformationMessage("Agent Security: no findings.");
    return;
  }
  const picks = found.flatMap(([uri, diagnostics]) =>
    diagnostics.map((d) => ({
      label: `$(${d.severity === vscode.DiagnosticSeverity.Error ? "error" : "warning"}) ${d.message.split(". ")[0]}`,
      description: `${vscode.workspace.asRelativePath(uri)}:${d.range.start.line + 1}`,
      uri,
      range: d.range,
    })),
  );
  const chosen = await vscode.window.showQuickPick(picks, { title: "Agent Security findings", matchOnDescription: true });
  if (chosen) await vscode.window.showTextDocument(chosen.uri, { selection: chosen.range });
}
