import * as vscode from "vscode";
import { registerAwsStore } from "./aws/editor";
import { registerAudit } from "./audit/editor/register";
import { ClosedFileDiagnostics } from "./editor/closedFileDiagnostics";
import { DocumentScans } from "./editor/documentScans";
import { createLogger } from "./editor/logger";
import { PolicyStore } from "./editor/policies";
import { registerStatusBar } from "./editor/statusBar";
import { registerAgentHooks } from "./hooks/editor";
import { registerIam } from "./iam/editor";
import { registerSecrets } from "./secrets/editor";

export function activate(context: vscode.ExtensionContext): void {
  const logger = createLogger();
  const policies = new PolicyStore(logger);
  const scans = new DocumentScans(policies, logger);
  const closedFiles = new ClosedFileDiagnostics();
  context.subscriptions.push(logger, policies, scans, closedFiles);

  registerSecrets(context, scans);
  registerAwsStore(context, scans, logger);
  registerIam(context, scans, logger);
  registerAgentHooks(context, scans, policies, closedFiles, logger);
  registerAudit(context, scans, policies, closedFiles, logger);
  registerStatusBar(context, scans, closedFiles.collection);
}

export function deactivate(): void {}
