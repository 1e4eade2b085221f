import * as vscode from "vscode";
import { describeError } from "../shared/errors";
import type { WorkspacePolicy } from "../scan/workspacePolicy";
import { mapDirtySpan, mapFindings, type Span } from "../secrets/incremental";
import type { Logger } from "./logger";
import type { PolicyStore } from "./policies";

/** Every finding knows where it is; that lets earlier results follow edits. */
export interface Located {
  offset: number;
  length: number;
}

/**
 * What changed since the analyzer's last accepted result: the span of the
 * current text that edits touched, and the earlier findings moved along with
 * the edits (those the edits touched are gone).
 */
export interface ChangeSinceLastScan<F> {
  dirty: Span;
  previous: readonly F[];
}

/** One kind of analysis run on open documents (secrets, IAM policies). */
export interface DocumentAnalyzer<F extends Located> {
  /** Also the name of its diagnostic collection. */
  readonly id: string;
  /** Cheap test, read from settings at call time; a disabled analyzer's diagnostics are cleared. */
  isEnabled(document: vscode.TextDocument): boolean;
  /** `change` is given when only typing happened since the last scan; an analyzer may use it to do less. */
  analyze(document: vscode.TextDocument, text: string, policy: WorkspacePolicy, change?: ChangeSinceLastScan<F>): Promise<F[]>;
  toDiagnostic(finding: F, document: vscode.TextDocument): vscode.Diagnostic;
}

/** What the last completed scan of a document found, and on which version. */
export interface ScanRecord<F extends Located> {
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
  private readonly analyzers: DocumentAnalyzer<Located>[] = [];
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();
  private readonly records = new Map<string, Map<string, ScanRecord<Located>>>();
  /** Edits since each document's last accepted scan, when they can be followed exactly. */
  private readonly edits = new Map<string, { dirty: Span; previous: Map<string, readonly Located[]> } | "unknown">();
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
        if (e.contentChanges.length === 0) return;
        this.followEdits(e);
        this.schedule(e.document, "change");
      }),
      vscode.workspace.onDidSaveTextDocument((d) => this.schedule(d, "save", 0)),
      vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration("agentSecurity")) this.rescanAll("config");
      }),
      policies.onDidChange(() => this.rescanAll("config")),
    );
  }

  register<F extends Located>(analyzer: DocumentAnalyzer<F>): void {
    this.analyzers.push(analyzer as unknown as DocumentAnalyzer<Located>);
    const collection = vscode.languages.createDiagnosticCollection(analyzer.id);
    this.collections.set(analyzer.id, collection);
    this.disposables.push(collection);
    this.rescanAll("open");
  }

  /** The findings of an analyzer for a document, as of its last completed scan. */
  record<F extends Located>(analyzerId: string, uri: vscode.Uri): ScanRecord<F> | undefined {
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
    // Typing since the last accepted scan lets analyzers look at less; opening,
    // saving and setting changes always get a full scan.
    const edits = trigger === "change" ? this.edits.get(key) : undefined;
    try {
      const policy = await this.policies.get(document.uri);
      const results = new Map<string, Located[]>();
      await Promise.all(
        this.analyzers.map(async (analyzer) => {
          const previous = typeof edits === "object" ? edits.previous.get(analyzer.id) : undefined;
          const change = typeof edits === "object" && previous ? { dirty: edits.dirty, previous } : undefined;
          results.set(analyzer.id, analyzer.isEnabled(document) ? await analyzer.analyze(document, text, policy, change) : []);
        }),
      );
      // The document moved on while we scanned: a newer scan is on its way,
      // and the edits recorded so far still describe the way from the last result.
      if (document.isClosed || document.version !== version) return;
      this.edits.delete(key);
      const records = this.records.get(key) ?? new Map<string, ScanRecord<Located>>();
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

  /** Moves the dirty span and the last findings along with one change event. */
  private followEdits(e: vscode.TextDocumentChangeEvent): void {
    const key = e.document.uri.toString();
    const records = this.records.get(key);
    const known = this.edits.get(key);
    // Several changes at once (multi-cursor) or no result to follow: scan in full.
    if (!records || known === "unknown" || e.contentChanges.length !== 1) {
      this.edits.set(key, "unknown");
      return;
    }
    const change = e.contentChanges[0];
    const edit = { offset: change.rangeOffset, removed: change.rangeLength, inserted: change.text.length };
    const previous = new Map<string, readonly Located[]>();
    for (const [id, record] of records) previous.set(id, mapFindings(known?.previous.get(id) ?? record.findings, edit));
    this.edits.set(key, { dirty: mapDirtySpan(known?.dirty, edit), previous });
  }

  private forget(uri: vscode.Uri): void {
    this.cancelTimer(uri);
    this.edits.delete(uri.toString());
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
