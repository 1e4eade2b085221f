import * as vscode from "vscode";
import { describeError } from "../shared/errors";
import type { WorkspacePolicy } from "../scan/workspacePolicy";
import type { Logger } from "./logger";
import type { PolicyStore } from "./policies";

/** One kind of analysis run on open documents (secrets, IAM policies). */
export interface DocumentAnalyzer<F> {
  /** Also the name of its diagnostic collection. */
  readonly id: string;
  /** Cheap test, read from settings at call time; a disabled analyzer's diagnostics are cleared. */
  isEnabled(document: vscode.TextDocument): boolean;
  analyze(document: vscode.TextDocument, text: string, policy: WorkspacePolicy): Promise<F[]>;
  toDiagnostic(finding: F, document: vscode.TextDocument): vscode.Diagnostic;
}

/** What the last completed scan of a document found, and on which version. */
export interface ScanRecord<F> {
  version: number;
  findings: F[];
}

export interface ScanEvent {
  document: vscode.TextDocument;
  /** Why the scan ran: typing, opening, saving, or an agent-sized change. */
  trigger: ScanTrigger;
  findings: ReadonlyMap<string, readonly unknown[]>;
}

export type ScanTrigger = "open" | "change" | "save" | "config" | "external";

const SCANNED_SCHEMES = new Set(["file", "untitled"]);

/**
 * Runs every registered analyzer over open documents: on open, on change
 * (debounced by `agentSecurity.scanDelayMs`), on save and when settings or
 * policies change, and clears results on close. Scans that finish after the
 * document moved on are dropped, so diagnostics never point at stale text.
 */
export class DocumentScans implements vscode.Disposable {
  private readonly analyzers: DocumentAnalyzer<unknown>[] = [];
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();
  private readonly records = new Map<string, Map<string, ScanRecord<unknown>>>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly skippedLogged = new Set<string>();
  private readonly scanned = new vscode.EventEmitter<ScanEvent>();
  private readonly disposables: vscode.Disposable[] = [this.scanned];
  readonly onDidScan = this.scanned.event;

  constructor(
    private readonly policies: PolicyStore,
    private readonly logger: Logger,
  ) {
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, "open", 0)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document, "change");
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, "save", 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("agentSecurity")) this.rescanAll("config");
      }),
      policies.onDidChange(() => this.rescanAll("config")),
    );
  }

  register<F>(analyzer: DocumentAnalyzer<F>): void {
    this.analyzers.push(analyzer as DocumentAnalyzer<unknown>);
    const collection = vscode.languages.createDiagnosticCollection(analyzer.id);
    this.collections.set(analyzer.id, collection);
    this.disposables.push(collection);
    this.rescanAll("open");
  }

  /** The findings of an analyzer for a document, as of its last completed scan. */
  record<F>(analyzerId: string, uri: vscode.Uri): ScanRecord<F> | undefined {
    return this.records.get(uri.toString())?.get(analyzerId) as ScanRecord<F> | undefined;
  }

  /** Diagnostics of every analyzer, for counts in the status bar. */
  allDiagnostics(): Array<[vscode.Uri, readonly vscode.Diagnostic[]]> {
    const all: Array<[vscode.Uri, readonly vscode.Diagnostic[]]> = [];
    for (const collection of this.collections.values()) collection.forEach((uri, d) => void all.push([uri, d]));
    return all;
  }

  /** Scans a document as soon as possible, bypassing the typing delay. */
  scanNow(document: vscode.TextDocument, trigger: ScanTrigger): Promise<void> {
    this.cancelTimer(document.uri);
    return this.scan(document, trigger);
  }

  rescanAll(trigger: ScanTrigger): void {
    for (const document of vscode.workspace.textDocuments) this.schedule(document, trigger, 0);
  }

  private schedule(document: vscode.TextDocument, trigger: ScanTrigger, delay?: number): void {
    if (!SCANNED_SCHEMES.has(document.uri.scheme)) return;
    this.cancelTimer(document.uri);
    const wait = delay ?? vscode.workspace.getConfiguration("agentSecurity", document.uri).get<number>("scanDelayMs", 300);
    const key = document.uri.toString();
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.scan(document, trigger);
      }, wait),
    );
  }

  private async scan(document: vscode.TextDocument, trigger: ScanTrigger): Promise<void> {
    if (document.isClosed || !SCANNED_SCHEMES.has(document.uri.scheme)) return;
    const key = document.uri.toString();
    const version = document.version;
    const text = document.getText();
    const maxKb = vscode.workspace.getConfiguration("agentSecurity", document.uri).get<number>("maxFileSizeKB", 2048);
    if (text.length > maxKb * 1024) {
      if (!this.skippedLogged.has(key)) {
        this.skippedLogged.add(key);
        this.logger.info(`Skipped ${vscode.workspace.asRelativePath(document.uri)}: larger than agentSecurity.maxFileSizeKB (${maxKb} KB)`);
      }
      this.forget(document.uri);
      return;
    }
    try {
      const policy = await this.policies.get(document.uri);
      const results = new Map<string, unknown[]>();
      await Promise.all(
        this.analyzers.map(async (analyzer) => {
          results.set(analyzer.id, analyzer.isEnabled(document) ? await analyzer.analyze(document, text, policy) : []);
        }),
      );
      // The document moved on while we scanned: a newer scan is on its way.
      if (document.isClosed || document.version !== version) return;
      const records = this.records.get(key) ?? new Map<string, ScanRecord<unknown>>();
      this.records.set(key, records);
      for (const analyzer of this.analyzers) {
        const findings = results.get(analyzer.id) ?? [];
        records.set(analyzer.id, { version, findings });
        this.collections.get(analyzer.id)!.set(
          document.uri,
          findings.map((f) => analyzer.toDiagnostic(f, document)),
        );
      }
      this.scanned.fire({ document, trigger, findings: results });
    } catch (error) {
      this.logger.error(`Scanning ${vscode.workspace.asRelativePath(document.uri)} failed: ${describeError(error)}`);
    }
  }

  private forget(uri: vscode.Uri): void {
    this.cancelTimer(uri);
    this.records.delete(uri.toString());
    for (const collection of this.collections.values()) collection.delete(uri);
  }

  private cancelTimer(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
