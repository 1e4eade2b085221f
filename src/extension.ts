import * as vscode from "vscode";
import { registerAudit } from "./audit/editor/register";
import { DocumentScans } from "./editor/documentScans";
import { createLogger } from "./editor/logger";
import { PolicyStore } from "./editor/policies";
import { registerStatusBar } from "./editor/statusBar";
import { registerIam } from "./iam/editor";
import { registerSecrets } from "./secrets/editor";

export function activate(context: vscode.ExtensionContext): void {
  const logger = createLogger();
  const policies = new PolicyStore(logger);
  const scans = new DocumentScans(policies, logger);
  context.subscriptions.push(logger, policies, scans);

  registerSecrets(context, scans);
  registerIam(context, scans, logger);
  registerStatusBar(context, scans);
  registerAudit(context, scans, policies, logger);
}

export function deactivate(): void {}
