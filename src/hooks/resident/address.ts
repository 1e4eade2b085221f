import { lstatSync, mkdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

/**
 * Where the resident scanner listens: a Unix socket in a directory only this
 * user can enter, named after the daemon's build and the Node that runs it,
 * so that a rebuilt or updated extension, or an agent on another Node, never
 * talks to an older daemon (which then stops when idle).
 */
export interface ResidentAddress {
  socket: string;
  /** The daemon's bundle, started when nothing listens on the socket. */
  daemonFile: string;
}

/**
 * The address for this build, or undefined when the resident scanner is not
 * to be used: turned off (AGENT_SECURITY_RESIDENT=0), on Windows (a named
 * pipe's default access is wider than this user's), when the daemon is not
 * built (running from source), or when the socket directory is not private.
 */
export function residentAddress(
  env: Readonly<Record<string, string | undefined>>,
  // The CLI's bundles and the daemon's sit side by side in dist/; from source there is none.
  daemonFile = path.join(__dirname, "hookDaemon.js"),
): ResidentAddress | undefined {
  if (env.AGENT_SECURITY_RESIDENT === "0" || process.platform === "win32" || !process.getuid) return undefined;
  let build: string;
  try {
    const stat = statSync(daemonFile);
    build = [daemonFile, stat.size, stat.mtimeMs, process.execPath, process.version].join("\0");
  } catch {
    return undefined;
  }
  const dir =
    env.AGENT_SECURITY_RESIDENT_DIR ||
    (env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, "agent-security") : path.join(tmpdir(), `agent-security-${process.getuid()}`));
  if (!privateDirectory(dir, process.getuid())) return undefined;
  return { socket: path.join(dir, `hook-${fnv1a(build)}.sock`), daemonFile };
}

/**
 * Creates the directory if needed and tells whether it is this user's and
 * closed to everyone else. A directory someone else made (in a shared /tmp),
 * or a symbolic link, is never used: its socket could be another user's
 * listener, which would receive the prompts.
 */
function privateDirectory(dir: string, uid: number): boolean {
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") return false;
  }
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0;
  } catch {
    return false;
  }
}

/** FNV-1a, 32 bits, as hex: names a build in a socket path; no crypto module to load on the hook's path. */
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, "0");
}
