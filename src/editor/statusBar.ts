import * as vscode from "vscode";
import type { DocumentScans } from "./documentScans";

/** Shows how many findings the open documents hold; a click opens the Problems view. */
export function registerStatusBar(context: vscode.ExtensionContext, scans: DocumentScans): void {
  const item = vscode.window.createStatusBarItem("agentSecurity.status", vscode.StatusBarAlignment.Left, 100);
  item.name = "Agent Security";
  item.command = "workbench.actions.view.problems";
  const update = () => {
    let count = 0;
    let files = 0;
    for (const [, diagnostics] of scans.allDiagnostics()) {
      if (diagnostics.length > 0) files++;
      count += diagnostics.length;
    }
    item.text = count > 0 ? `$(shield) ${count}` : "$(shield)";
    const summary = count > 0 ? `Agent Security: ${count} finding${count === 1 ? "" : "s"} in ${files} file${files === 1 ? "" : "s"}` : "Agent Security: no findings in open files";
    item.tooltip = new vscode.MarkdownString(`${summary}\n\n[$(shield) Audit workspace](command:agentSecurity.auditWorkspace)`, true);
    item.tooltip.isTrusted = { enabledCommands: ["agentSecurity.auditWorkspace"] };
    item.backgroundColor = count > 0 ? new vscode.ThemeColor("statusBarItem.warningBackground") : undefined;
  };
  update();
  item.show();
  context.subscriptions.push(item, scans.onDidScan(update), vscode.workspace.onDidCloseTextDocument(() => setTimeout(update, 0)));
}
