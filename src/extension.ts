import type * as vscode from "vscode";
import { registerAws } from "./aws/editor";
import { registerAudit } from "./audit/editor";
import { logCommandFailuresTo } from "./commands";
import { ClosedFileDiagnostics } from "./editor/closedFileDiagnostics";
import { DocumentScans } from "./editor/documentScans";
import { logActivationTime, registerShowLog } from "./editor/logFile";
import { createLogger } from "./editor/logger";
import { PolicyStore } from "./editor/policies";
import { registerStatusBar } from "./editor/statusBar";
import { registerHooks } from "./hooks/editor";
import { CATALOG_FILE } from "./iam/catalog";
import { registerIam } from "./iam/editor";
import { registerSecrets } from "./secrets/editor";
import { AnalysisWorker } from "./worker/analysisWorker";

export function activate(context: vscode.ExtensionContext): void {
  const started = process.hrtime.bigint();
  const logger = createLogger();
  logCommandFailuresTo(logger);
  const worker = new AnalysisWorker(context.asAbsolutePath("dist/scanWorker.js"), {
    iamCatalogFile: context.asAbsolutePath(`dist/${CATALOG_FILE}`),
  });
  const policies = new PolicyStore(logger, worker);
  const scans = new DocumentScans(policies, logger, worker);
  const closedFiles = new ClosedFileDiagnostics();
  context.subscriptions.push(logger, worker, policies, scans, closedFiles);

  registerSecrets(context, scans);
  registerAws(context, scans, logger);
  registerIam(context, scans, worker, logger);
  registerHooks(context, scans, policies, closedFiles, logger);
  registerAudit(context, scans, policies, closedFiles, logger);
  registerStatusBar(context, scans, closedFiles.collection);
  registerShowLog(context, logger);
  logActivationTime(logger, started);
}

export function deactivate(): void {}
