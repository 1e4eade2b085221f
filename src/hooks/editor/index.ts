import type * as vscode from "vscode";
import { COMMANDS, registerCommand } from "../../commands";
import type { ClosedFileDiagnostics } from "../../editor/closedFileDiagnostics";
import type { DocumentScans } from "../../editor/documentScans";
import type { Logger } from "../../editor/logger";
import type { PolicyStore } from "../../editor/policies";
import { AgentEditWatch } from "./agentEdits";
import { registerChat } from "./chat";
import { registerHookInstall } from "./install";
import { registerScanCommands } from "./scanCommands";

/**
 * Everything about agents inside the editor: installing their hooks, scanning
 * what they write as it lands, @security and the scan tool in VS Code's chat,
 * and the selection and clipboard scans. Secrets in files written while
 * closed go to `closedFiles`.
 */
export function registerHooks(
  context: vscode.ExtensionContext,
  scans: DocumentScans,
  policies: PolicyStore,
  closedFiles: ClosedFileDiagnostics,
  logger: Logger,
): void {
  registerHookInstall(context, logger);
  const watch = new AgentEditWatch(scans, policies, closedFiles, logger);
  context.subscriptions.push(
    watch,
    // Read by integration tests and diagnostics: the notifications raised so far.
    registerCommand(COMMANDS.hooks.recentAlerts, () => watch.recentAlerts()),
  );
  registerChat(context, policies, logger);
  registerScanCommands(context, policies);
}
