import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { AuditFinding, AuditSkipReason } from "./types";

/**
 * What the last audit made of one file, valid while the file keeps its size
 * and modification time. Findings hold masked values and fingerprints only, so
 * the cache never stores a secret.
 */
export interface CacheEntry {
  size: number;
  mtimeMs: number;
  /** Hash of the file's text, to tell a touched file from a changed one. */
  hash?: string;
  findings?: AuditFinding[];
  skip?: AuditSkipReason;
}

interface FolderCache {
  /** Hash of everything besides the file that decides its findings (policy files, version, analyzers). */
  policyKey: string;
  /** When the audit that wrote these entries started. */
  startedAt: number;
  files: Record<string, CacheEntry>;
}

interface CacheFile {
  format: typeof FORMAT;
  folders: Record<string, FolderCache>;
}

const FORMAT = "agent-security-audit-cache/1";

/**
 * File systems keep modification times in coarse steps; a file written in the
 * same step as an audit read it may have changed unseen ("racy git"). Within
 * this margin an unchanged size and time are confirmed by the content hash.
 */
const RACY_MARGIN_MS = 2000;

export type CacheVerdict =
  | { kind: "hit"; entry: CacheEntry }
  /** Same size, but a new or too recent time: reuse the entry if the content hash matches. */
  | { kind: "verify"; entry: CacheEntry }
  | { kind: "miss" };

/**
 * Audit results of earlier runs, per workspace folder and file, in one JSON
 * file. A folder's entries are dropped when its policy key changes.
 */
/** A folder's entries as this run records them: a Map, which takes thousands of new keys far faster than an object. */
interface NextFolder {
  policyKey: string;
  startedAt: number;
  files: Map<string, CacheEntry>;
}

export class AuditCache {
  private readonly next: Record<string, NextFolder> = {};

  private constructor(
    private readonly file: string | undefined,
    private readonly previous: Record<string, FolderCache>,
  ) {}

  /** The cache stored in `file`, or an empty one if it is absent, unreadable or of another format; no file: nothing is kept. */
  static async load(file: string | undefined): Promise<AuditCache> {
    if (!file) return new AuditCache(undefined, {});
    try {
      const parsed = JSON.parse(await fs.readFile(file, "utf8")) as Partial<CacheFile>;
      if (parsed.format === FORMAT && parsed.folders && typeof parsed.folders === "object") return new AuditCache(file, parsed.folders);
    } catch {
      // Missing or damaged: start afresh, the next save replaces it.
    }
    return new AuditCache(file, {});
  }

  /** True when an earlier audit of this folder was kept. */
  knows(root: string): boolean {
    return root in this.previous;
  }

  /** Starts recording a folder's audit; entries made under another policy key are not used. */
  beginFolder(root: string, policyKey: string, startedAt: number): void {
    this.next[root] = { policyKey, startedAt, files: new Map() };
  }

  lookup(root: string, rel: string, size: number, mtimeMs: number): CacheVerdict {
    const before = this.previous[root];
    const now = this.next[root];
    if (!before || !now || before.policyKey !== now.policyKey) return { kind: "miss" };
    const entry = before.files[rel];
    if (!entry || entry.size !== size) return { kind: "miss" };
    if (entry.mtimeMs === mtimeMs && mtimeMs < before.startedAt - RACY_MARGIN_MS) return { kind: "hit", entry };
    // Touched, checked out again, or too recent to trust: the content decides.
    return entry.hash ? { kind: "verify", entry } : { kind: "miss" };
  }

  record(root: string, rel: string, entry: CacheEntry): void {
    const folder = this.next[root];
    folder?.files.set(rel, entry);
  }

  /**
   * Writes what this run recorded. After a complete audit that is the whole
   * folder (deleted files drop out); after a cancelled one, earlier entries
   * of files not reached are kept.
   */
  async save(complete: boolean): Promise<void> {
    if (!this.file) return;
    const folders: Record<string, FolderCache> = { ...this.previous };
    let changed = false;
    for (const [root, folder] of Object.entries(this.next)) {
      const before = this.previous[root];
      if (complete && before && unchanged(before, folder)) continue;
      changed = true;
      const keep = !complete && before && before.policyKey === folder.policyKey ? before.files : {};
      // A cancelled run keeps the older start time: its entries were confirmed no later than that.
      const startedAt = complete || !before ? folder.startedAt : Math.min(before.startedAt, folder.startedAt);
      folders[root] = { policyKey: folder.policyKey, startedAt, files: { ...keep, ...Object.fromEntries(folder.files) } };
    }
    // A re-audit that only confirmed entries leaves the file as it is.
    if (!changed) return;
    const content: CacheFile = { format: FORMAT, folders };
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const temporary = `${this.file}.${process.pid}.tmp`;
    await fs.writeFile(temporary, JSON.stringify(content));
    await fs.rename(temporary, this.file);
  }
}

/** Same policy, same files, every entry taken over as it was: nothing to write. */
function unchanged(before: FolderCache, now: NextFolder): boolean {
  if (before.policyKey !== now.policyKey || now.files.size !== Object.keys(before.files).length) return false;
  for (const [name, entry] of now.files) if (before.files[name] !== entry) return false;
  return true;
}
