import * as vscode from "vscode";
import type { ClosedFileDiagnostics } from "../../editor/closedFileDiagnostics";
import { SECRETS_ANALYZER_ID, type DocumentScans } from "../../editor/documentScans";
import type { Logger } from "../../editor/logger";
import type { PolicyStore } from "../../editor/policies";
import { readFileText } from "../../scan/fileText";
import type { SecretFinding } from "../../secrets/engine";
import { setting } from "../../settings";
import { secretDiagnostic } from "../../secrets/editor";
import { describeError } from "../../shared/errors";
import { describeFindings } from "../redact";

/** One "an agent just wrote a secret" notification, as tests and the alert list see it. */
export interface AgentAlert {
  /** Workspace-relative path. */
  file: string;
  uri: string;
  /** How it was noticed: a large insert in an open document, or a file changed on disk. */
  source: "edit" | "disk";
  findings: { kind: string; masked: string; line: number }[];
  at: number;
}

/** Files changed on disk within this window after the editor saved them are its own saves. */
const OWN_SAVE_MS = 2000;
/** Disk events are gathered this long per file: agents write in bursts. */
const SETTLE_MS = 250;
/** More files than this changed at once is a checkout or a build, not an agent writing. */
const BURST_FILES = 50;
const BURST_WINDOW_MS = 2000;
/** How deep a newly created folder is looked into for files the watcher may have missed. */
const NEW_FOLDER_DEPTH = 3;

/**
 * Scans what looks like an agent's work as soon as it lands, instead of
 * waiting for the typing delay: an edit that inserts a large block at once
 * (`agentSecurity.agentEdits.minLines`), and files another process creates or
 * changes on disk while the editor is open. New secrets raise a notification
 * with Show and Fix; secrets in files that are not open go to a diagnostic
 * collection of their own, so they appear in Problems.
 */
export class AgentEditWatch implements vscode.Disposable {
  private readonly alerts: AgentAlert[] = [];
  /** Fingerprints already alerted per file, so one secret is announced once. */
  private readonly alerted = new Map<string, Set<string>>();
  private readonly saves = new Map<string, number>();
  /** Fingerprints of the secrets last found in each file that is not open. */
  private readonly diskFindings = new Map<string, Set<string>>();
  private readonly pending = new Map<string, NodeJS.Timeout>();
  private burst = { start: 0, files: 0, logged: false };
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly scans: DocumentScans,
    private readonly policies: PolicyStore,
    private readonly closedFiles: ClosedFileDiagnostics,
    private readonly logger: Logger,
  ) {
    const watcher = vscode.workspace.createFileSystemWatcher("**/*");
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.onDisk(uri, true)),
      watcher.onDidChange((uri) => this.onDisk(uri)),
      watcher.onDidDelete((uri) => {
        this.closedFiles.delete(uri);
        this.diskFindings.delete(uri.toString());
      }),
      vscode.workspace.onDidChangeTextDocument((e) => void this.onEdit(e)),
      vscode.workspace.onDidSaveTextDocument((d) => this.saves.set(d.uri.toString(), Date.now())),
      // Once a file is open, the document scans own its diagnostics.
      vscode.workspace.onDidOpenTextDocument((d) => {
        this.diskFindings.delete(d.uri.toString());
      }),
    );
  }

  /** The alerts raised so far this session, newest last. */
  recentAlerts(): AgentAlert[] {
    return [...this.alerts];
  }

  private async onEdit(event: vscode.TextDocumentChangeEvent): Promise<void> {
    const document = event.document;
    if (document.uri.scheme !== "file" && document.uri.scheme !== "untitled") return;
    const minLines = setting("agentEdits.minLines", document.uri);
    if (minLines <= 0 || !event.contentChanges.some((c) => insertedLines(c.text) >= minLines)) return;
    await this.scanOpen(document, "edit");
  }

  /** Scans an open document now and alerts on secrets it did not hold before. */
  private async scanOpen(document: vscode.TextDocument, source: AgentAlert["source"]): Promise<void> {
    const before = new Set(this.scans.record<SecretFinding>(SECRETS_ANALYZER_ID, document.uri)?.findings.map((f) => f.fingerprint));
    await this.scans.scanNow(document, "external");
    const findings = this.scans.record<SecretFinding>(SECRETS_ANALYZER_ID, document.uri)?.findings ?? [];
    this.alert(
      document.uri,
      findings.filter((f) => !before.has(f.fingerprint)),
      source,
    );
  }

  /** `created`: a new entry; a new folder's files are looked at too (see scanNewFolder). */
  private onDisk(uri: vscode.Uri, created = false): void {
    if (uri.scheme !== "file") return;
    const key = uri.toString();
    if (Date.now() - (this.saves.get(key) ?? 0) < OWN_SAVE_MS) return;
    if (!setting("agentEdits.watchFiles", uri)) return;
    clearTimeout(this.pending.get(key));
    this.pending.set(
      key,
      setTimeout(() => {
        this.pending.delete(key);
        void this.scanDisk(uri, created);
      }, SETTLE_MS),
    );
  }

  private withinBurstLimit(): boolean {
    const now = Date.now();
    if (now - this.burst.start > BURST_WINDOW_MS) this.burst = { start: now, files: 0, logged: false };
    if (++this.burst.files <= BURST_FILES) return true;
    if (!this.burst.logged) {
      this.burst.logged = true;
      this.logger.info(
        `More than ${BURST_FILES} files changed on disk at once; not scanning them one by one (the workspace audit covers them).`,
      );
    }
    return false;
  }

  private async scanDisk(uri: vscode.Uri, created: boolean): Promise<void> {
    try {
      const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (open) {
        // The editor reloads a clean document from disk; a dirty one is the user's to reconcile.
        if (!open.isDirty) await this.scanOpen(open, "disk");
        return;
      }
      if (!setting("secrets.enabled", uri)) return;
      // Folders are reported too; only files count towards a burst.
      const type = (await vscode.workspace.fs.stat(uri)).type;
      if (type === vscode.FileType.Directory && created) return this.scanNewFolder(uri, NEW_FOLDER_DEPTH);
      if (type !== vscode.FileType.File || !this.withinBurstLimit()) return;
      const content = await readFileText(uri.fsPath, setting("maxFileSizeKB", uri) * 1024);
      if (!content.ok) return;
      const findings = await this.policies.scanSecrets(uri, uri.fsPath, content.text);
      const before = this.diskFindings.get(uri.toString()) ?? new Set<string>();
      this.diskFindings.set(uri.toString(), new Set(findings.map((f) => f.fingerprint)));
      this.closedFiles.set(
        uri,
        "secrets",
        findings.map((f) => secretDiagnostic(f, toRange(f))),
      );
      this.alert(
        uri,
        findings.filter((f) => !before.has(f.fingerprint)),
        "disk",
      );
    } catch (error) {
      this.logger.error(`Scanning ${vscode.workspace.asRelativePath(uri)} after it changed on disk failed: ${describeError(error)}`);
    }
  }

  /**
   * A file written into a folder created a moment before can land before the
   * file watcher watches that folder, and then no event reports it. So the
   * files of a new folder are looked at as if each had been reported — up to
   * a burst's worth: a folder with more is a checkout or an install.
   */
  private async scanNewFolder(folder: vscode.Uri, depth: number, budget = { files: BURST_FILES }): Promise<void> {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(folder)) {
      if (budget.files <= 0) return;
      const child = vscode.Uri.joinPath(folder, name);
      if (type === vscode.FileType.File) {
        budget.files--;
        this.onDisk(child);
      } else if (type === vscode.FileType.Directory && depth > 0) {
        await this.scanNewFolder(child, depth - 1, budget);
      }
    }
  }

  private alert(uri: vscode.Uri, findings: SecretFinding[], source: AgentAlert["source"]): void {
    const key = uri.toString();
    const seen = this.alerted.get(key) ?? new Set<string>();
    this.alerted.set(key, seen);
    const fresh = findings.filter((f) => !seen.has(f.fingerprint));
    if (fresh.length === 0) return;
    for (const f of fresh) seen.add(f.fingerprint);
    const file = vscode.workspace.asRelativePath(uri, false);
    this.alerts.push({
      file,
      uri: key,
      source,
      findings: fresh.map((f) => ({ kind: f.kind, masked: f.masked, line: f.range.start.line + 1 })),
      at: Date.now(),
    });
    if (this.alerts.length > 50) this.alerts.shift();
    const first = fresh[0];
    void vscode.window
      .showWarningMessage(`An agent just wrote a secret into ${file}: ${describeFindings(fresh)}.`, "Show", "Fix")
      .then(async (choice) => {
        if (choice === "Show") await reveal(uri, first);
        else if (choice === "Fix") await this.fix(uri, first);
      });
  }

  /** Applies the preferred quick fix for a finding, as the light bulb would. */
  private async fix(uri: vscode.Uri, finding: SecretFinding): Promise<void> {
    const editor = await reveal(uri, finding);
    await this.scans.scanNow(editor.document, "external");
    const range = new vscode.Range(editor.document.positionAt(finding.offset), editor.document.positionAt(finding.offset + finding.length));
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        "vscode.executeCodeActionProvider",
        uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    // The provider answers with code actions and plain commands; a command's `command` is a string.
    const fixes = actions.filter((a): a is vscode.CodeAction => typeof (a as vscode.Command).command !== "string");
    const chosen = fixes.find((a) => a.isPreferred) ?? fixes[0];
    if (!chosen) {
      void vscode.window.showInformationMessage(
        "Agent Security: no quick fix is available for this secret; move it to AWS Secrets Manager by hand.",
      );
      return;
    }
    if (chosen.edit) await vscode.workspace.applyEdit(chosen.edit);
    if (chosen.command) await vscode.commands.executeCommand(chosen.command.command, ...((chosen.command.arguments ?? []) as unknown[]));
  }

  dispose(): void {
    for (const timer of this.pending.values()) clearTimeout(timer);
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

/** Lines in inserted text: a block of 8 lines counts 8 whether or not it ends with a line break. */
export function insertedLines(text: string): number {
  if (!text) return 0;
  const breaks = text.split(/\r\n|\r|\n/).length - 1;
  return /(\r\n|\r|\n)$/.test(text) ? breaks : breaks + 1;
}

async function reveal(uri: vscode.Uri, finding: SecretFinding): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri, { preview: false });
  const range = new vscode.Range(editor.document.positionAt(finding.offset), editor.document.positionAt(finding.offset + finding.length));
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

function toRange(finding: SecretFinding): vscode.Range {
  return new vscode.Range(finding.range.start.line, finding.range.start.character, finding.range.end.line, finding.range.end.character);
}
