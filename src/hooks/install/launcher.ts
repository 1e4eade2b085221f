import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import * as path from "node:path";
import type { HookCommand } from "./configs";

// Hook commands find the CLI through one stable file, the launcher, which runs
// the dist/cli.js of the extension version now installed. The extension writes
// it when it installs hooks and, on each start, refreshes one that exists, so
// hook commands written once survive extension updates (whose install folder
// changes with the version); a machine whose hooks never needed it gets none.
// The launcher prefers `node` on PATH and otherwise runs the editor's own
// executable as Node (ELECTRON_RUN_AS_NODE), so hooks work without a Node
// install. It also points the CLI's code cache at the storage folder.

export interface LauncherTarget {
  /** dist/cli.js of the running extension. */
  cliPath: string;
  /** The editor's executable (process.execPath of the extension host). */
  editorExecutable: string;
  /** Folder for the CLI's V8 code cache. */
  cacheDir: string;
  platform: NodeJS.Platform;
}

export function launcherFileName(platform: NodeJS.Platform): string {
  return platform === "win32" ? "agent-security.cmd" : "agent-security";
}

/** POSIX shell quoting: single quotes, with embedded ones closed and escaped. */
export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function windowsQuote(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

export function launcherScript(target: LauncherTarget): string {
  if (target.platform === "win32") {
    return [
      "@echo off",
      "rem Kept up to date by the Agent Security Hooks extension: runs the installed version's CLI.",
      `set "AGENT_SECURITY_CACHE_DIR=${target.cacheDir}"`,
      `where node >nul 2>nul && (node ${windowsQuote(target.cliPath)} %* & exit /b)`,
      "set ELECTRON_RUN_AS_NODE=1",
      `${windowsQuote(target.editorExecutable)} ${windowsQuote(target.cliPath)} %*`,
      "",
    ].join("\r\n");
  }
  return [
    "#!/bin/sh",
    "# Kept up to date by the Agent Security Hooks extension: runs the installed version's CLI.",
    `AGENT_SECURITY_CACHE_DIR=${shellQuote(target.cacheDir)}`,
    "export AGENT_SECURITY_CACHE_DIR",
    `if command -v node >/dev/null 2>&1; then exec node ${shellQuote(target.cliPath)} "$@"; fi`,
    `ELECTRON_RUN_AS_NODE=1 exec ${shellQuote(target.editorExecutable)} ${shellQuote(target.cliPath)} "$@"`,
    "",
  ].join("\n");
}

/** Hook command lines that run the launcher at this path. */
export function hookCommand(launcherPath: string, platform: NodeJS.Platform): HookCommand {
  const launcher = platform === "win32" ? windowsQuote(launcherPath) : shellQuote(launcherPath);
  return { line: (hookArgs) => `${launcher} hook ${hookArgs}`, platform };
}

/** Where the launcher lives inside the extension's global storage. */
export function launcherPath(storageDir: string, platform: NodeJS.Platform): string {
  return path.join(storageDir, "bin", launcherFileName(platform));
}

/**
 * Writes the launcher script to `file` unless it holds that script already.
 * With `create` false only a launcher that exists is rewritten: what the
 * extension does on start, so that an update reaches installed hooks without
 * putting a launcher on every machine the extension runs on.
 */
export async function writeLauncher(
  file: string,
  script: string,
  create: boolean,
  platform: NodeJS.Platform,
): Promise<"written" | "unchanged" | "absent"> {
  const current = await readFile(file, "utf8").catch(() => undefined);
  if (current === script) return "unchanged";
  if (current === undefined && !create) return "absent";
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, script);
  if (platform !== "win32") await chmod(file, 0o755);
  return "written";
}
