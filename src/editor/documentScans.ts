import * as vscode from "vscode";
import type { IamFinding } from "../iam";
import { describeError } from "../shared/errors";
import type { WorkspacePolicy } from "../scan/workspacePolicy";
import type { SecretFinding } from "../secrets/engine";
import { affectsSetting, setting } from "../settings";
import { mapDirtySpan, mapFindings, type Span } from "../secrets/incremental";
import type { AnalysisWorker, IamRequest, SecretsRequest } from "../worker/analysisWorker";
import { BudgetExceeded, Superseded } from "../worker/errors";
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

/**
 * The analysis worker, bound to one scan: every job runs under the scan's
 * time budget, and a queued job of the same document and analyzer is
 * replaced by a newer one.
 */
export interface ScanWorker {
  secrets(request: SecretsRequest): Promise<SecretFinding[]>;
  iam(request: IamRequest): Promise<IamFinding[]>;
}

export interface AnalysisContext<F> {
  policy: WorkspacePolicy;
  /** Given when only typing happened since the last scan; an analyzer may use it to do less. */
  change?: ChangeSinceLastScan<F>;
  /** Where the analysis itself runs, off the extension host's thread. */
  worker: ScanWorker;
}

/** One kind of analysis run on open documents (secrets, IAM policies). */
export interface DocumentAnalyzer<F extends Located> {
  /** Also the name of its diagnostic collection. */
  readonly id: string;
  /** What it does, for messages: "secret scan". */
  readonly label: string;
  /** Cheap test, read from settings at call time; a disabled analyzer's diagnostics are cleared. */
  isEnabled(document: vscode.TextDocument): boolean;
  analyze(document: vscode.TextDocument, text: string, context: AnalysisContext<F>): Promise<F[]>;
  toDiagnostic(finding: F, document: vscode.TextDocument): vscode.Diagnostic;
}

/** Code of the note a document gets in place of findings when it was not scanned, or not in full. */
export const SCAN_SKIPPED_CODE = "scan-skipped";

/** The id the secret scan registers its analyzer under (src/secrets/editor/index.ts); others read its records by it. */
export const SECRETS_ANALYZER_ID = "agentSecurity.secrets";

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
 * The analyzers' work runs in a worker thread under `agentSecurity.scanTimeoutMs`:
 * an analysis that takes longer is stopped, and the document shows a note
 * instead of that analyzer's findings until a later scan succeeds.
 */
export class DocumentScans implements vscode.Disposable {
  private readonly analyzers: DocumentAnalyzer<Located>[] = [];
  private readonly collections = new Map<string, vscode.DiagnosticCollection>();
  private readonly records = new Map<string, Map<string, ScanRecord<Located>>>();
  /** Edits since each document's last accepted scan, when they can be followed exactly. */
  private readonly edits = new Map<string, { dirty: Span; previous: Map<string, readonly Located[]> } | "unknown">();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly skippedLogged = new Set<string>();
  /** `uri analyzer` pairs whose abandoned scan was logged; cleared by the next scan that completes. */
  private readonly timeoutLogged = new Set<string>();
  /** Why a document was not scanned, or not by every analyzer: beside the findings, never counted as one. */
  private readonly notes = vscode.languages.createDiagnosticCollection("agentSecurity.notes");
  private readonly scanned = new vscode.EventEmitter<ScanEvent>();
  private readonly disposables: vscode.Disposable[] = [this.scanned, this.notes];
  readonly onDidScan = this.scanned.event;

  constructor(
    private readonly policies: PolicyStore,
    private readonly logger: Logger,
    private readonly worker: AnalysisWorker,
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
        if (affectsSetting(e)) this.rescanAll("config");
      }),
      policies.onDidChange(() => this.rescanAll("config")),
    );
  }

  register<F extends Located>(analyzer: DocumentAnalyzer<F>): void {
    this.analyzers.push(analyzer);
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
    const wait = delay ?? setting("scanDelayMs", document.uri);
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
    const maxKb = setting("maxFileSizeKB", document.uri);
    if (text.length > maxKb * 1024) {
      if (!this.skippedLogged.has(key)) {
        this.skippedLogged.add(key);
        this.logger.info(`Skipped ${vscode.workspace.asRelativePath(document.uri)}: larger than agentSecurity.maxFileSizeKB (${maxKb} KB)`);
      }
      this.forget(document.uri);
      this.notes.set(document.uri, [
        note(`Agent Security did not scan this file: it is larger than ${maxKb} KB (agentSecurity.maxFileSizeKB).`),
      ]);
      return;
    }
    // Typing since the last accepted scan lets analyzers look at less; opening,
    // saving and setting changes always get a full scan.
    const edits = trigger === "change" ? this.edits.get(key) : undefined;
    const budgetMs = setting("scanTimeoutMs", document.uri);
    try {
      const policy = await this.policies.get(document.uri);
      const results = new Map<string, Located[]>();
      const overBudget = new Set<string>();
      let superseded = false;
      await Promise.all(
        this.analyzers.map(async (analyzer) => {
          if (!analyzer.isEnabled(document)) return void results.set(analyzer.id, []);
          const previous = typeof edits === "object" ? edits.previous.get(analyzer.id) : undefined;
          const change = typeof edits === "object" && previous ? { dirty: edits.dirty, previous } : undefined;
          const jobKey = `${key} ${analyzer.id}`;
          const worker: ScanWorker = {
            secrets: (request) => this.worker.secrets(request, budgetMs, jobKey),
            iam: (request) => this.worker.iam(request, budgetMs, jobKey),
          };
          try {
            results.set(analyzer.id, await analyzer.analyze(document, text, { policy, change, worker }));
          } catch (error) {
            if (error instanceof Superseded) superseded = true;
            else if (error instanceof BudgetExceeded) overBudget.add(analyzer.id);
            else throw error;
          }
        }),
      );
      // The document moved on while we scanned (or a newer scan took this one's
      // place): a newer scan is on its way, and the edits recorded so far still
      // describe the way from the last result.
      if (superseded || document.isClosed || document.version !== version) return;
      this.edits.delete(key);
      const records = this.records.get(key) ?? new Map<string, ScanRecord<Located>>();
      this.records.set(key, records);
      const notes: vscode.Diagnostic[] = [];
      for (const analyzer of this.analyzers) {
        const collection = this.collections.get(analyzer.id)!;
        const logKey = `${key} ${analyzer.id}`;
        if (overBudget.has(analyzer.id)) {
          // No record: the next scan after typing must be a full one.
          records.delete(analyzer.id);
          collection.delete(document.uri);
          notes.push(
            note(
              `Agent Security skipped the ${analyzer.label} of this file: it took longer than ${budgetMs} ms (agentSecurity.scanTimeoutMs). Its findings are not shown.`,
            ),
          );
          if (!this.timeoutLogged.has(logKey)) {
            this.timeoutLogged.add(logKey);
            this.logger.warn(
              `Skipped the ${analyzer.label} of ${vscode.workspace.asRelativePath(document.uri)}: it took longer than ${budgetMs} ms (agentSecurity.scanTimeoutMs); it was stopped and the file shows no ${analyzer.label} findings`,
            );
          }
          continue;
        }
        this.timeoutLogged.delete(logKey);
        const findings = results.get(analyzer.id) ?? [];
        records.set(analyzer.id, { version, findings });
        collection.set(
          document.uri,
          findings.map((f) => analyzer.toDiagnostic(f, document)),
        );
      }
      this.notes.set(document.uri, notes);
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
    for (const analyzer of this.analyzers) this.timeoutLogged.delete(`${uri.toString()} ${analyzer.id}`);
    this.edits.delete(uri.toString());
    this.records.delete(uri.toString());
    for (const collection of this.collections.values()) collection.delete(uri);
    this.notes.delete(uri);
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

/** A note on the first line of a document: why it was not scanned, or not in full. */
function note(message: string): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(new vscode.Range(0, 0, 0, 0), message, vscode.DiagnosticSeverity.Information);
  diagnostic.source = "Agent Security";
  diagnostic.code = SCAN_SKIPPED_CODE;
  return diagnostic;
}
