import * as vscode from "vscode";
import type { ClosedFileDiagnostics } from "../../editor/closedFileDiagnostics";
import type { DocumentScans } from "../../editor/documentScans";
import type { Logger } from "../../editor/logger";
import type { PolicyStore } from "../../editor/policies";
import { CATALOG_FILE } from "../../iam/catalog";
import { severitySetting } from "../../iam/editor";
import { DIAGNOSTIC_SOURCE } from "../../editor/diagnostics";
import { describeError } from "../../shared/errors";
import { COMMANDS, registerCommand } from "../../commands";
import { setting } from "../../settings";
import type { AuditFolder } from "../engine";
import { toMarkdown } from "../report/markdown";
import { toSarif } from "../report/sarif";
import { describeCoverage, describeFindings } from "../report/summary";
import { editorExcludeGlobs } from "../settings";
import type { AuditProgress, AuditResult } from "../types";
import { findingRange, findingUri, showAuditFindings } from "./auditDiagnostics";
import { ReportPanel, type ReportRequest } from "./reportPanel";
import { resultState, runningState, type ReportState } from "./reportState";

const RUNNING_CONTEXT = "agentSecurity.auditRunning";

/**
 * The workspace audit in the editor: a command with a cancellable progress
 * notification, worker threads so the extension host stays responsive,
 * findings of unopened files in the Problems panel, and the report view.
 */
export function registerAudit(
  context: vscode.ExtensionContext,
  scans: DocumentScans,
  policies: PolicyStore,
  closedFiles: ClosedFileDiagnostics,
  logger: Logger,
): void {
  let running: Promise<AuditResult | undefined> | undefined;
  let cancelRunning: (() => void) | undefined;
  let last: AuditResult | undefined;
  let state: ReportState | undefined;

  const report = new ReportPanel(context.extensionUri, (request) => void handle(request));

  async function audit(): Promise<AuditResult | undefined> {
    if (!running) {
      void vscode.commands.executeCommand("setContext", RUNNING_CONTEXT, true);
      running = runWithProgress().finally(() => {
        running = undefined;
        cancelRunning = undefined;
        void vscode.commands.executeCommand("setContext", RUNNING_CONTEXT, false);
      });
    }
    return running;
  }

  async function runWithProgress(): Promise<AuditResult | undefined> {
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file");
    if (folders.length === 0) {
      void vscode.window.showInformationMessage("Agent Security: open a folder to audit it.");
      return undefined;
    }
    const showReport = (s: ReportState) => (report.isOpen ? report.update(s) : report.show(s, true));
    state = runningState(state);
    showReport(state);
    return vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Agent Security: auditing the workspace", cancellable: true },
      async (progress, token) => {
        const controller = new AbortController();
        cancelRunning = () => controller.abort();
        token.onCancellationRequested(cancelRunning);
        let reported = 0;
        const onProgress = (p: AuditProgress) => {
          const percent = p.total > 0 ? (100 * p.done) / p.total : 0;
          const where = p.folder ? ` · ${p.folder}` : "";
          const message = p.phase === "listing" ? `listing files… ${p.total} found${where}` : `${p.done}/${p.total} files${where}`;
          progress.report({ message, increment: p.phase === "scanning" ? Math.max(0, percent - reported) : undefined });
          if (p.phase === "scanning") reported = Math.max(reported, percent);
          state = runningState(state, p);
          report.update(state);
        };
        try {
          const { runAudit } = await import("../engine");
          const result = await runAudit({
            folders: await Promise.all(folders.map((f) => auditFolder(f, policies))),
            maxBytes: setting("maxFileSizeKB") * 1024,
            fileTimeoutMs: setting("scanTimeoutMs"),
            toolVersion: String((context.extension.packageJSON as { version: string }).version),
            workerFile: vscode.Uri.joinPath(context.extensionUri, "dist", "auditWorker.js").fsPath,
            iamCatalogFile: vscode.Uri.joinPath(context.extensionUri, "dist", CATALOG_FILE).fsPath,
            cacheFile: vscode.Uri.joinPath(context.storageUri ?? context.globalStorageUri, "audit-cache.json").fsPath,
            signal: controller.signal,
            onProgress,
          });
          last = result;
          for (const problem of result.problems) logger.warn(problem);
          logger.info(`Audit: ${describeFindings(result.findings)}; ${describeCoverage(result)}${result.cancelled ? " (cancelled)" : ""}`);
          showAuditFindings(closedFiles, result.findings);
          state = resultState(result, (f) => findingUri(f).toString(), result.roots.length > 1);
          report.update(state);
          return result;
        } catch (error) {
          logger.error(`Audit failed: ${describeError(error)}`);
          void vscode.window.showErrorMessage("Agent Security: the audit failed; see the Agent Security output for details.");
          state = { ...runningState(state), status: "failed" };
          report.update(state);
          return undefined;
        }
      },
    );
  }

  async function handle(request: ReportRequest): Promise<void> {
    try {
      const row = "id" in request ? state?.rows.find((r) => r.id === request.id) : undefined;
      if (request.type === "rerun") await audit();
      else if (request.type === "export") await vscode.commands.executeCommand(COMMANDS.audit.export, request.format);
      else if (request.type === "open" && row) await vscode.commands.executeCommand(COMMANDS.audit.openFinding, row.id);
      else if (request.type === "fix" && row) await vscode.commands.executeCommand(COMMANDS.audit.applyFix, row.id);
    } catch (error) {
      logger.error(`Audit report: ${request.type} failed: ${describeError(error)}`);
    }
  }

  /** From the report's row: a report restored after a reload has no result behind it. */
  async function openFinding(id: number): Promise<vscode.TextEditor | undefined> {
    const row = state?.rows.find((r) => r.id === id);
    if (!row) return undefined;
    const at = new vscode.Position(row.line - 1, row.column - 1);
    return reveal(row.uri, new vscode.Range(at, at));
  }

  async function reveal(uri: string, selection: vscode.Range): Promise<vscode.TextEditor> {
    const document = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
    return vscode.window.showTextDocument(document, { selection, preview: true });
  }

  /** True when a fix was applied. */
  async function applyPreferredFix(id: number): Promise<boolean> {
    const finding = last?.findings[id];
    if (!finding) return false;
    const editor = await reveal(findingUri(finding).toString(), findingRange(finding));
    // The code action provider works from the document's latest scan.
    await scans.scanNow(editor.document, "open");
    const actions = await quickFixesAt(editor.document.uri, findingRange(finding));
    // Ours carry our diagnostic, or none when the workbench had not received it yet when asked.
    const ours = actions.filter((a) => !a.diagnostics?.length || a.diagnostics.some((d) => d.source === DIAGNOSTIC_SOURCE));
    const fix = ours.find((a) => a.isPreferred) ?? ours[0];
    if (!fix) {
      void vscode.window.showInformationMessage(`Agent Security: no quick fix for this ${finding.kind}.`);
      return false;
    }
    if (fix.edit && !(await vscode.workspace.applyEdit(fix.edit))) return false;
    if (fix.command) await vscode.commands.executeCommand(fix.command.command, ...((fix.command.arguments ?? []) as unknown[]));
    if (state) {
      state = { ...state, rows: state.rows.map((r) => (r.id === id ? { ...r, fixed: true } : r)) };
      report.update(state);
    }
    return true;
  }

  /** The file written, if any. */
  async function exportReport(format: "sarif" | "markdown", chosen?: vscode.Uri): Promise<vscode.Uri | undefined> {
    if (!last) {
      void vscode.window.showInformationMessage("Agent Security: run the audit to export its report.");
      return undefined;
    }
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = format === "sarif" ? "agent-security.sarif" : "agent-security-audit.md";
    const target =
      chosen ??
      (await vscode.window.showSaveDialog({
        defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
        filters: format === "sarif" ? { SARIF: ["sarif", "json"] } : { Markdown: ["md"] },
        saveLabel: "Export",
      }));
    if (!target) return undefined;
    const version = String((context.extension.packageJSON as { version: string }).version);
    const content = format === "sarif" ? JSON.stringify(toSarif(last, version), null, 2) + "\n" : toMarkdown(last);
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(content));
    void vscode.window.showInformationMessage(`Agent Security: report written to ${vscode.workspace.asRelativePath(target)}.`);
    return target;
  }

  context.subscriptions.push(
    report,
    registerCommand(COMMANDS.audit.run, audit),
    registerCommand(COMMANDS.audit.showReport, () => (state ? report.show(state) : audit())),
    registerCommand(COMMANDS.audit.cancel, () => cancelRunning?.()),
    registerCommand(COMMANDS.audit.applyFix, (id: number) => applyPreferredFix(id)),
    registerCommand(COMMANDS.audit.openFinding, (id: number) => openFinding(id)),
    registerCommand(COMMANDS.audit.export, (format: "sarif" | "markdown" = "sarif", target?: vscode.Uri) =>
      exportReport(format === "markdown" ? "markdown" : "sarif", target instanceof vscode.Uri ? target : undefined),
    ),
    // What the report view was last given and drew; read by the integration tests.
    registerCommand(COMMANDS.audit.reportState, () => report.snapshot()),
  );
}

/** One workspace folder with the editor's settings for it. */
async function auditFolder(folder: vscode.WorkspaceFolder, policies: PolicyStore): Promise<AuditFolder> {
  const config = (section: string) => vscode.workspace.getConfiguration(section, folder.uri);
  return {
    root: folder.uri.fsPath,
    exclude: setting("exclude", folder.uri),
    excludeGlobs: editorExcludeGlobs(config("files").get("exclude"), config("search").get("exclude")),
    policy: await policies.get(folder.uri),
    analyzers: {
      secrets: setting("secrets.enabled", folder.uri),
      iam: setting("iam.enabled", folder.uri),
      iamSeverities: severitySetting(folder.uri),
    },
  };
}

/**
 * Quick fixes at a range, as the lightbulb gets them. The request is
 * cancelled when another extension activates for the file meanwhile; the
 * lightbulb then asks again, and so does this.
 */
async function quickFixesAt(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      const kind = vscode.CodeActionKind.QuickFix.value;
      return (await vscode.commands.executeCommand<vscode.CodeAction[]>("vscode.executeCodeActionProvider", uri, range, kind)) ?? [];
    } catch (error) {
      if (attempt >= 5 || !(error instanceof Error) || error.name !== "Canceled") throw error;
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
    }
  }
}
