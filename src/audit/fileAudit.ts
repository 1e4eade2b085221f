import { readFileTextSync } from "../scan/fileText";
import type { WorkspacePolicy } from "../scan/workspacePolicy";
import { describeError } from "../shared/errors";
import { LineIndex } from "../shared/text";
import type { AnalyzerFinding, FileAnalyzer } from "./analyzers";
import { maskedPreview, type MaskedSpan } from "./preview";
import type { AuditFinding, AuditSkipReason } from "./types";

/**
 * Runs every analyzer over one file's text and turns what they report into
 * audit findings. The same function serves the worker threads and any
 * in-process caller, so both give the same records.
 */
export async function auditFileText(
  policy: WorkspacePolicy,
  analyzers: readonly FileAnalyzer[],
  filePath: string,
  text: string,
): Promise<AuditFinding[]> {
  const reported: Array<[string, AnalyzerFinding]> = [];
  for (const analyzer of analyzers) {
    for (const finding of await analyzer.analyze({ policy, path: filePath, text })) reported.push([analyzer.id, finding]);
  }
  if (reported.length === 0) return [];
  const lines = new LineIndex(text);
  const secrets = await secretSpans(
    policy,
    filePath,
    text,
    reported.map(([, f]) => f),
  );
  const file = policy.relative(filePath) ?? filePath.split("\\").join("/");
  return reported.map(([analyzer, f]) => {
    const start = lines.positionAt(f.offset);
    const end = lines.positionAt(f.offset + f.length);
    return {
      file,
      root: policy.root,
      line: start.line + 1,
      column: start.character + 1,
      endLine: end.line + 1,
      endColumn: end.character + 1,
      checkId: f.checkId,
      analyzer,
      kind: f.kind,
      severity: f.severity,
      message: f.message,
      preview: maskedPreview(lines, f.offset, secrets),
      fingerprint: f.fingerprint,
      ...(f.docsUrl ? { docsUrl: f.docsUrl } : {}),
      ...(f.accessAnalyzerCode ? { accessAnalyzerCode: f.accessAnalyzerCode } : {}),
    };
  });
}

/**
 * Every secret a preview must mask: those reported, and also those the
 * findings leave out (suppressed in the project file, excluded, or with the
 * secrets check switched off) that may share a line with a finding. Asked of
 * the scanner itself, only for files with findings.
 */
async function secretSpans(
  policy: WorkspacePolicy,
  filePath: string,
  text: string,
  reported: readonly AnalyzerFinding[],
): Promise<MaskedSpan[]> {
  const spans: MaskedSpan[] = reported
    .filter((f) => f.masked !== undefined)
    .map((f) => ({ offset: f.offset, length: f.length, masked: f.masked! }));
  for (const secret of await policy.secretScanner.scan(text, filePath)) {
    if (!spans.some((s) => s.offset === secret.offset && s.length === secret.length)) spans.push(secret);
  }
  return spans;
}

/** Reports list findings by folder, file, position and check. */
export function compareFindings(a: AuditFinding, b: AuditFinding): number {
  return (
    compareText(a.root, b.root) ||
    compareText(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareText(a.checkId, b.checkId)
  );
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** One file for a worker to read and analyse. */
export interface ScanTask {
  /** Index of the workspace folder in the audit's folder list. */
  folder: number;
  path: string;
  size: number;
  /** Hash of the text the cached findings belong to: when it still matches, nothing is analysed. */
  expectHash?: string;
}

export type ScanOutcome =
  /** `hash` is left out when the audit keeps no cache. */
  | { status: "scanned"; findings: AuditFinding[]; hash?: string }
  | { status: "unchanged" }
  | { status: "skipped"; reason: AuditSkipReason; message: string };

/** node:crypto loads at the first hash: a worker of an audit that keeps no cache makes none. */
let crypto: Promise<typeof import("node:crypto")> | undefined;

export async function textHash(text: string): Promise<string> {
  const { createHash } = await (crypto ??= import("node:crypto"));
  return createHash("sha256").update(text, "utf8").digest("base64url");
}

/** Reads and analyses one file; never throws. */
export async function scanFile(
  policy: WorkspacePolicy,
  analyzers: readonly FileAnalyzer[],
  task: ScanTask,
  maxBytes: number,
  contentHashes = true,
  /** Called when the analysis proper starts: after the read and after every analyzer has loaded what it needs. */
  onAnalysisStart?: () => void,
): Promise<ScanOutcome> {
  try {
    const content = readFileTextSync(task.path, maxBytes, task.size);
    if (!content.ok) return { status: "skipped", reason: content.reason, message: content.message };
    // Hashing every file costs as much as scanning most of them: only for a cache.
    const hash = contentHashes || task.expectHash ? await textHash(content.text) : undefined;
    if (hash !== undefined && task.expectHash === hash) return { status: "unchanged" };
    const file = { policy, path: task.path, text: content.text };
    for (const analyzer of analyzers) await analyzer.prepare?.(file);
    onAnalysisStart?.();
    return { status: "scanned", findings: await auditFileText(policy, analyzers, task.path, content.text), hash };
  } catch (error) {
    return { status: "skipped", reason: "error", message: describeError(error) };
  }
}
