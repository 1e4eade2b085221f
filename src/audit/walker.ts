import { type Dirent, promises as fsAsync, readdirSync, realpathSync, type Stats, statSync } from "node:fs";
import * as path from "node:path";
import ignore, { type Ignore } from "ignore";
import { Minimatch } from "minimatch";
import { describeFsError, readFileText, readFileTextSync, type FileText } from "../scan/fileText";
import type { AuditSkipReason } from "./types";

export interface WalkOptions {
  /** The workspace folder, absolute. */
  root: string;
  /** `.secretlintignore` and `agentSecurity.exclude`: WorkspacePolicy.isExcluded. */
  isExcluded(filePath: string): boolean;
  /** Further globs relative to the folder, e.g. the editor's `files.exclude` and `search.exclude`. */
  excludeGlobs?: readonly string[];
  /** Files larger than this are skipped without being read. */
  maxBytes: number;
  signal?: AbortSignal;
  /** Called for each file to audit as soon as it is found, with the number found so far. */
  onFile?(file: WalkedFile, found: number): void;
  /**
   * Use blocking file system calls: several times faster, as nothing waits for
   * the thread pool, but the thread does nothing else meanwhile. For the CLI;
   * never in the editor's extension host.
   */
  blocking?: boolean;
}

/** The file system calls the walker makes, in the asynchronous or the blocking flavour. */
interface WalkFs {
  readdir(dir: string): Promise<Dirent[]>;
  stat(file: string): Promise<Stats>;
  realpath(file: string): Promise<string>;
  /** An ignore file's text, "" when it cannot be read as one. */
  readFile(file: string): Promise<string>;
}

/** Ignore files larger than this are not read. */
const IGNORE_FILE_BYTES = 1024 * 1024;

/** An ignore file's text; one that cannot be read as text (gone, binary, too large, a FIFO that would block) counts as empty. */
const ignoreText = (content: FileText): string => (content.ok ? content.text : "");

const ASYNC_FS: WalkFs = {
  readdir: (dir) => fsAsync.readdir(dir, { withFileTypes: true }),
  stat: (file) => fsAsync.stat(file),
  realpath: (file) => fsAsync.realpath(file),
  readFile: async (file) => ignoreText(await readFileText(file, IGNORE_FILE_BYTES)),
};

const BLOCKING_FS: WalkFs = {
  readdir: async (dir) => readdirSync(dir, { withFileTypes: true }),
  stat: async (file) => statSync(file),
  realpath: async (file) => realpathSync(file),
  readFile: async (file) => ignoreText(readFileTextSync(file, IGNORE_FILE_BYTES)),
};

export interface WalkedFile {
  path: string;
  /** Relative to the root, forward slashes. */
  rel: string;
  size: number;
  mtimeMs: number;
}

export interface WalkSkip {
  rel: string;
  reason: AuditSkipReason;
  message: string;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: WalkSkip[];
  /** Files and folders the ignore rules left out (a left-out folder counts once). */
  ignored: number;
}

/** The rules of one `.gitignore` (and `.git/info/exclude`), relative to the folder holding it. */
interface IgnoreLevel {
  base: string;
  rules: Ignore;
}

// WorkspacePolicy.isExcluded answers for files. A folder is left out whole
// when the policy excludes a file in it with a name no glob names on purpose
// (as a `node_modules` glob or `dist/` in .secretlintignore do); only globs
// matching any one-character name, which exclude nearly everything anyway,
// could tell this name from a real one.
const FOLDER_PROBE = "\u0000";

const YIELD_EVERY_MS = 10;

/**
 * Lists the files of a workspace folder that an audit should read, the way
 * git and the editor see the folder: nested `.gitignore` files with their
 * negations (a deeper file overrides a shallower one, and nothing inside an
 * ignored folder comes back), `.git/info/exclude`, the policy's exclusions and
 * the editor's globs. Symbolic links are followed, except into a folder that
 * contains the link (a loop). Oversized files are skipped by their size.
 */
export async function walkWorkspace(options: WalkOptions): Promise<WalkResult> {
  const { root, maxBytes, signal } = options;
  const byGlob = globMatcher(options.excludeGlobs ?? []);
  const result: WalkResult = { files: [], skipped: [], ignored: 0 };
  const fs = options.blocking ? BLOCKING_FS : ASYNC_FS;
  const realRoot = await fs.realpath(root);
  let found = 0;

  /** `realChain`: the real paths of this folder and all above it, to see a link loop. */
  let lastYield = Date.now();
  async function visit(
    dir: string,
    rel: string,
    realChain: readonly string[],
    levels: IgnoreLevel[],
  ): Promise<Array<WalkedFile | WalkSkip>> {
    // Blocking calls never give the event loop a turn by themselves: the
    // workers' results and a cancel would wait for the whole listing.
    if (options.blocking && Date.now() - lastYield > YIELD_EVERY_MS) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      lastYield = Date.now();
    }
    if (signal?.aborted) return [];
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir);
    } catch (error) {
      if (!rel) throw error;
      return [{ rel, reason: "unreadable", message: describeFsError(error) }];
    }
    const level = await readIgnoreLevel(fs, dir, rel, entries);
    const here = level ? [...levels, level] : levels;
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const visited = await Promise.all(
      entries.map(async (entry): Promise<Array<WalkedFile | WalkSkip>> => {
        const childRel = rel ? `${rel}/${entry.name}` : entry.name;
        if (entry.name === ".git") {
          result.ignored++;
          return [];
        }
        const child = childPath(dir, entry.name);
        let stat: Stats | undefined;
        if (entry.isSymbolicLink()) {
          try {
            stat = await fs.stat(child);
          } catch (error) {
            const loop = (error as NodeJS.ErrnoException).code === "ELOOP";
            return [{ rel: childRel, reason: loop ? "symlink-loop" : "unreadable", message: describeFsError(error) }];
          }
        }
        const isDirectory = stat ? stat.isDirectory() : entry.isDirectory();
        if (isDirectory) {
          if (ignoredByGit(here, childRel, true) || byGlob(childRel) || options.isExcluded(path.join(child, FOLDER_PROBE))) {
            result.ignored++;
            return [];
          }
          const realChild = stat ? await fs.realpath(child) : path.join(realChain[realChain.length - 1], entry.name);
          if (realChain.includes(realChild)) {
            return [{ rel: childRel, reason: "symlink-loop", message: "symbolic link to a folder that contains it" }];
          }
          return visit(child, childRel, [...realChain, realChild], reincluded(here, childRel));
        }
        if (ignoredByGit(here, childRel, false) || byGlob(childRel) || options.isExcluded(child)) {
          result.ignored++;
          return [];
        }
        const isFile = stat ? stat.isFile() : entry.isFile();
        if (!isFile) return [{ rel: childRel, reason: "not-a-file", message: "not a regular file" }];
        try {
          stat ??= await fs.stat(child);
        } catch (error) {
          return [{ rel: childRel, reason: "unreadable", message: describeFsError(error) }];
        }
        if (stat.size > maxBytes) {
          return [{ rel: childRel, reason: "too-large", message: `larger than ${Math.round(maxBytes / 1024)} KB` }];
        }
        const file: WalkedFile = { path: child, rel: childRel, size: stat.size, mtimeMs: stat.mtimeMs };
        options.onFile?.(file, ++found);
        return [file];
      }),
    );
    return visited.flat();
  }

  // Normalised once, so that a child's path is its folder's path and name joined as path.join would.
  for (const item of await visit(path.normalize(root), "", [realRoot], [])) {
    if ("reason" in item) result.skipped.push(item);
    else result.files.push(item);
  }
  return result;
}

/** path.join(dir, name) for a normalised folder and an entry name, without normalising again for every entry. */
function childPath(dir: string, name: string): string {
  return dir.endsWith(path.sep) ? dir + name : dir + path.sep + name;
}

/**
 * One regular expression for all the globs: every path of the workspace is
 * tested against them, and one test is much cheaper than a Minimatch match
 * per glob.
 */
function globMatcher(globs: readonly string[]): (rel: string) => boolean {
  const sources = globs
    .map((g) => new Minimatch(g, { dot: true }).makeRe())
    .filter((re): re is RegExp => re !== false)
    .map((re) => re.source);
  if (sources.length === 0) return () => false;
  const combined = new RegExp(sources.map((source) => `(?:${source})`).join("|"));
  return (rel) => combined.test(rel);
}

async function readIgnoreLevel(fs: WalkFs, dir: string, rel: string, entries: readonly Dirent[]): Promise<IgnoreLevel | undefined> {
  const names = new Set(entries.map((e) => e.name));
  const texts: string[] = [];
  // A repository's own exclude file applies from its top folder, under its .gitignore.
  if (names.has(".git")) texts.push(await fs.readFile(path.join(dir, ".git", "info", "exclude")));
  if (names.has(".gitignore")) texts.push(await fs.readFile(path.join(dir, ".gitignore")));
  const rules = texts.filter((t) => t.trim());
  if (rules.length === 0) return undefined;
  return { base: rel, rules: newRules().add(rules.join("\n")) };
}

/** Git matches case-sensitively where the file system does. */
function newRules(): Ignore {
  return ignore({ ignoreCase: process.platform === "win32" || process.platform === "darwin" });
}

function relativeTo(level: IgnoreLevel, rel: string): string {
  return level.base ? rel.slice(level.base.length + 1) : rel;
}

/** Git's precedence: the deepest `.gitignore` with a matching rule decides, its last matching rule wins. */
function ignoredByGit(levels: readonly IgnoreLevel[], rel: string, isDirectory: boolean): boolean {
  for (let i = levels.length - 1; i >= 0; i--) {
    const relToLevel = relativeTo(levels[i], rel);
    const verdict = levels[i].rules.test(isDirectory ? `${relToLevel}/` : relToLevel);
    if (verdict.ignored) return true;
    if (verdict.unignored) return false;
  }
  return false;
}

/**
 * The levels that apply inside a folder git descends into. A shallower
 * `.gitignore` may exclude the folder while a deeper one brings it back
 * (`build/` at the top, `!build/` in docs/); git then judges each path inside
 * by its own name against the shallower rules. The ignore package would pass
 * the folder's exclusion down, so those levels get the folder re-included.
 */
function reincluded(levels: readonly IgnoreLevel[], dirRel: string): IgnoreLevel[] {
  return levels.map((level) => {
    const relToLevel = relativeTo(level, dirRel);
    if (!level.rules.test(`${relToLevel}/`).ignored) return level;
    return {
      base: level.base,
      rules: newRules()
        .add(level.rules)
        .add(`!/${escapeGlob(relToLevel)}/`),
    };
  });
}

function escapeGlob(rel: string): string {
  return rel.replace(/[\\*?[\]]/g, "\\$&").replace(/ $/, "\\ ");
}
