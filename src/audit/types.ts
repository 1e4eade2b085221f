import type { Severity } from "../shared/severity";

/**
 * One finding of a workspace audit, in the form every report uses (text,
 * JSON, SARIF, Markdown, the report view, the Problems panel). It holds no
 * raw secret: `message` and `preview` carry masked values only.
 */
export interface AuditFinding {
  /** Path relative to its workspace folder, with forward slashes. */
  file: string;
  /** Absolute path of the workspace folder the file belongs to. */
  root: string;
  /** One-based line and column (UTF-16 code units) where the finding starts. */
  line: number;
  column: number;
  /** One-based line and column just past the finding. */
  endLine: number;
  endColumn: number;
  /** Rule or check id, e.g. `@secretlint/secretlint-rule-github`. */
  checkId: string;
  /** Which analyzer made it (`secrets`, `iam`). */
  analyzer: string;
  /** Human name of what was found, e.g. "GitHub token". */
  kind: string;
  severity: Severity;
  message: string;
  /** The finding's line, shortened, with every secret on it masked. */
  preview: string;
  /** Stable, non-reversible id of the finding's value. */
  fingerprint: string;
  docsUrl?: string;
  /** The IAM Access Analyzer issue code an IAM finding reproduces (`PASS_ROLE_WITH_STAR_IN_RESOURCE`). */
  accessAnalyzerCode?: string;
}

/** Why a file that the ignore rules let through was still not scanned. */
export type AuditSkipReason = "binary" | "too-large" | "unreadable" | "not-a-file" | "symlink-loop" | "timeout" | "error";

export const SKIP_REASONS: readonly AuditSkipReason[] = [
  "binary",
  "too-large",
  "unreadable",
  "not-a-file",
  "symlink-loop",
  "timeout",
  "error",
];

export const SKIP_REASON_WORDS: Record<AuditSkipReason, string> = {
  binary: "binary",
  "too-large": "too large",
  unreadable: "unreadable",
  "not-a-file": "not a regular file",
  "symlink-loop": "symbolic link loop",
  timeout: "took longer than the time budget",
  error: "analysis failed",
};

export interface AuditSummary {
  /** Files the ignore rules let through. */
  files: number;
  /** Files read and analysed in this run. */
  scanned: number;
  /** Files whose result came from the cache (unchanged since the last audit). */
  cached: number;
  /** Files and folders left out by .gitignore, .secretlintignore or exclude globs. */
  ignored: number;
  skipped: Record<AuditSkipReason, number>;
  /** Bytes of the files scanned in this run. */
  bytesScanned: number;
  durationMs: number;
}

export interface AuditResult {
  /** Workspace folders audited, absolute. */
  roots: string[];
  findings: AuditFinding[];
  summary: AuditSummary;
  /** True when the audit was cancelled: findings are those made so far. */
  cancelled: boolean;
  /** Problems with configuration files, in words. */
  problems: string[];
}

export interface AuditProgress {
  phase: "listing" | "scanning";
  /** Files finished (scanned, taken from the cache or skipped). */
  done: number;
  /** Files to go through; grows while listing. */
  total: number;
  /** The folder of the file last finished, relative to its workspace folder. */
  folder: string;
}

export function emptySkipCounts(): Record<AuditSkipReason, number> {
  return { binary: 0, "too-large": 0, unreadable: 0, "not-a-file": 0, "symlink-loop": 0, timeout: 0, error: 0 };
}
