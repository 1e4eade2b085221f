import type { Severity } from "../../shared/severity";
import { describeCoverage, describeFindings, kindTotals, severityTotals } from "../report/summary";
import type { AuditFinding, AuditProgress, AuditResult } from "../types";

/** One row of the report table: masked values only, like everything posted to the webview. */
export interface ReportRow {
  id: number;
  /** Where to jump: the file's URI and the zero-based start and end. */
  uri: string;
  file: string;
  line: number;
  column: number;
  severity: Severity;
  kind: string;
  preview: string;
  checkId: string;
  message: string;
  analyzer: string;
  /** Set once a quick fix was applied from the report. */
  fixed?: boolean;
}

/** Everything the report view shows; also what the test hook returns. */
export interface ReportState {
  status: "running" | "done" | "cancelled" | "failed";
  progress?: AuditProgress;
  summary: string;
  coverage: string;
  problems: string[];
  bySeverity: Array<[Severity, number]>;
  byKind: Array<[string, number]>;
  rows: ReportRow[];
  /** When the audit shown finished (ISO time), if it did. */
  finishedAt?: string;
}

export function runningState(previous: ReportState | undefined, progress?: AuditProgress): ReportState {
  return {
    ...(previous ?? { summary: "", coverage: "", problems: [], bySeverity: [], byKind: [], rows: [] }),
    status: "running",
    ...(progress ? { progress } : {}),
  };
}

export function resultState(result: AuditResult, uriOf: (f: AuditFinding) => string, multiRoot: boolean): ReportState {
  return {
    status: result.cancelled ? "cancelled" : "done",
    summary: describeFindings(result.findings),
    coverage: describeCoverage(result),
    problems: result.problems,
    bySeverity: severityTotals(result.findings),
    byKind: kindTotals(result.findings),
    rows: result.findings.map((f, id) => ({
      id,
      uri: uriOf(f),
      file: multiRoot ? `${f.root.split(/[\\/]/).pop()}/${f.file}` : f.file,
      line: f.line,
      column: f.column,
      severity: f.severity,
      kind: f.kind,
      preview: f.preview,
      checkId: f.checkId,
      message: f.message,
      analyzer: f.analyzer,
    })),
    finishedAt: new Date().toISOString(),
  };
}
