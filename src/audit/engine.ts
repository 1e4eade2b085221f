import { promises as fs } from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { POLICY_FILES } from "../scan/policyFiles";
import type { WorkspacePolicy } from "../scan/workspacePolicy";
import { describeError } from "../shared/errors";
import { DEFAULT_ANALYZERS, type AnalyzerSettings } from "./analyzers";
import { AuditCache, type CacheEntry } from "./cache";
import { compareFindings, type ScanOutcome, type ScanTask } from "./fileAudit";
import { AuditWorkerPool, poolSize } from "./pool";
import { emptySkipCounts, type AuditFinding, type AuditProgress, type AuditResult, type AuditSummary } from "./types";
import { walkWorkspace } from "./walker";

export interface AuditFolder {
  /** Absolute path of the workspace folder. */
  root: string;
  /** `agentSecurity.exclude`: handed to the folder's WorkspacePolicy. */
  exclude: readonly string[];
  /** Further globs the walker leaves out: the editor's `files.exclude` and `search.exclude`. */
  excludeGlobs?: readonly string[];
  /** The folder's policy if the caller holds one already (the editor does). */
  policy?: WorkspacePolicy;
  /** Which checks run; all by default. */
  analyzers?: AnalyzerSettings;
}

export interface AuditOptions {
  folders: readonly AuditFolder[];
  /** Files larger than this are skipped. */
  maxBytes: number;
  /** Version of the tool: a new version does not trust an older cache. */
  toolVersion: string;
  /** Where results are kept between audits; none: every file is scanned. */
  cacheFile?: string;
  /** The worker script (dist/auditWorker.js). */
  workerFile: string;
  /** The IAM action catalogue (dist/iam-catalog.json). */
  iamCatalogFile: string;
  /** Worker threads; by default as many as pay off, up to one per core (see poolSize). */
  workers?: number;
  /** Longest time the analysis of one file may take (`agentSecurity.scanTimeoutMs`); none: no limit. */
  fileTimeoutMs?: number;
  /** List files with blocking calls (the CLI); the editor keeps its thread free. */
  blockingWalk?: boolean;
  signal?: AbortSignal;
  onProgress?: (progress: AuditProgress) => void;
}

const PROGRESS_INTERVAL_MS = 100;

interface TaskInfo {
  rel: string;
  mtimeMs: number;
  folder: number;
  /** The cache entry to reuse if the content hash still matches. */
  cached?: CacheEntry;
}

/**
 * Audits whole workspace folders: lists the files the ignore rules let
 * through, takes unchanged files from the cache and has worker threads scan
 * the rest. A cancelled audit returns the findings made so far.
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const startedAt = Date.now();
  const { signal } = options;
  const cache = await AuditCache.load(options.cacheFile);
  const findings: AuditFinding[] = [];
  const problems: string[] = [];
  const summary: AuditSummary = { files: 0, scanned: 0, cached: 0, ignored: 0, skipped: emptySkipCounts(), bytesScanned: 0, durationMs: 0 };
  const pool = new AuditWorkerPool(
    options.workerFile,
    {
      folders: options.folders.map((f) => ({ root: f.root, exclude: f.exclude, analyzers: f.analyzers ?? DEFAULT_ANALYZERS })),
      maxBytes: options.maxBytes,
      contentHashes: options.cacheFile !== undefined,
      iamCatalogFile: options.iamCatalogFile,
    },
    poolSize(availableParallelism(), options.workers),
    options.fileTimeoutMs,
  );
  const progress = throttledProgress(options.onProgress);
  const taskInfo = new Map<ScanTask, TaskInfo>();
  let found = 0;
  let done = 0;
  let listing = true;

  try {
    // Files go to the workers as they are found, so scanning overlaps listing.
    const run = pool.open((task, outcome) => {
      const info = taskInfo.get(task)!;
      recordOutcome(outcome, task, info, options.folders[info.folder].root);
      done++;
      progress(listing ? "listing" : "scanning", done, found, info.rel);
    }, signal);
    for (const [index, folder] of options.folders.entries()) {
      if (signal?.aborted) break;
      // Nothing cached for this folder: the workers will be needed, so they load secretlint while the files are listed.
      if (!cache.knows(folder.root)) pool.start();
      // Loaded after the workers are started: in the CLI it is the scanner's bundle, which would hold them back.
      const policy = folder.policy ?? (await (await import("../scan/workspacePolicy")).WorkspacePolicy.load(folder.root, folder.exclude));
      problems.push(...policy.problems.map((p) => `${path.basename(folder.root)}: ${p}`));
      cache.beginFolder(folder.root, await policyKey(folder, options), startedAt);
      const walk = await walkWorkspace({
        root: folder.root,
        isExcluded: (file) => policy.isExcluded(file),
        excludeGlobs: folder.excludeGlobs,
        maxBytes: options.maxBytes,
        blocking: options.blockingWalk,
        signal,
        onFile: (file) => {
          found++;
          const verdict = cache.lookup(folder.root, file.rel, file.size, file.mtimeMs);
          if (verdict.kind === "hit") {
            cache.record(folder.root, file.rel, verdict.entry);
            if (verdict.entry.skip) summary.skipped[verdict.entry.skip]++;
            else summary.cached++;
            findings.push(...(verdict.entry.findings ?? []));
            done++;
          } else {
            const task: ScanTask = { folder: index, path: file.path, size: file.size };
            const info: TaskInfo = { rel: file.rel, mtimeMs: file.mtimeMs, folder: index };
            if (verdict.kind === "verify") {
              task.expectHash = verdict.entry.hash;
              info.cached = verdict.entry;
            }
            taskInfo.set(task, info);
            run.add(task);
          }
          progress("listing", done, found, file.rel);
        },
      });
      summary.ignored += walk.ignored;
      summary.files += walk.files.length + walk.skipped.length;
      for (const skip of walk.skipped) summary.skipped[skip.reason]++;
      found += walk.skipped.length;
      done += walk.skipped.length;
    }
    listing = false;
    await run.finish();
  } finally {
    await pool.dispose();
  }

  function recordOutcome(outcome: ScanOutcome, task: ScanTask, info: TaskInfo, root: string): void {
    const stat = { size: task.size, mtimeMs: info.mtimeMs };
    switch (outcome.status) {
      case "scanned":
        summary.scanned++;
        summary.bytesScanned += task.size;
        findings.push(...outcome.findings);
        cache.record(root, info.rel, { ...stat, hash: outcome.hash, findings: outcome.findings });
        break;
      case "unchanged": {
        // The content hash matched the cached entry's: its findings still hold.
        const entry = { ...info.cached!, ...stat };
        summary.cached++;
        findings.push(...(entry.findings ?? []));
        cache.record(root, info.rel, entry);
        break;
      }
      case "skipped":
        summary.skipped[outcome.reason]++;
        // Failures and timeouts may pass; a binary file stays binary until it changes.
        if (outcome.reason !== "unreadable" && outcome.reason !== "error" && outcome.reason !== "timeout")
          cache.record(root, info.rel, { ...stat, skip: outcome.reason });
        break;
    }
  }

  const cancelled = signal?.aborted ?? false;
  try {
    await cache.save(!cancelled);
  } catch (error) {
    problems.push(`could not write the audit cache (${describeError(error)})`);
  }
  summary.durationMs = Date.now() - startedAt;
  progress.flush();
  return {
    roots: options.folders.map((f) => f.root),
    findings: findings.sort(compareFindings),
    summary,
    cancelled,
    problems,
  };
}

/**
 * What besides a file's own content decides its findings: the tool version,
 * the checks and their settings, the size limit and the folder's policy files.
 */
async function policyKey(folder: AuditFolder, options: AuditOptions): Promise<string> {
  // node:crypto loads here, not with the module: the CLI starts its workers sooner.
  const hash = (await import("node:crypto")).createHash("sha256");
  hash.update(JSON.stringify([options.toolVersion, folder.analyzers ?? DEFAULT_ANALYZERS, options.maxBytes]));
  for (const name of POLICY_FILES) {
    const content = await fs.readFile(path.join(folder.root, name)).catch(() => undefined);
    hash.update(`\0${name}\0`);
    if (content) hash.update(content);
  }
  return hash.digest("base64url");
}

/** Progress at most every PROGRESS_INTERVAL_MS; the folder shown is worked out only for what is reported. */
function throttledProgress(report: ((p: AuditProgress) => void) | undefined) {
  let last = 0;
  let pending: [AuditProgress["phase"], number, number, string] | undefined;
  const send = ([phase, done, total, rel]: NonNullable<typeof pending>) => report?.({ phase, done, total, folder: folderOf(rel) });
  const emit = (phase: AuditProgress["phase"], done: number, total: number, rel: string) => {
    pending = [phase, done, total, rel];
    const now = Date.now();
    if (now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    send(pending);
    pending = undefined;
  };
  emit.flush = () => {
    if (pending) send(pending);
    pending = undefined;
  };
  return emit;
}

function folderOf(rel: string): string {
  const dir = path.posix.dirname(rel);
  return dir === "." ? "" : dir;
}
