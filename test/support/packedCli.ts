import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { builtCli, ROOT } from "./dist";

/**
 * The environment npm and the installed CLI run in: without the npm_* variables
 * of an enclosing `npm test` (its prefix, its package), so that an install goes
 * where it is told.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false", ...extra };
}

export interface PackedCli {
  /** The folder holding the tarball and the install prefix; removed by dispose. */
  dir: string;
  tarball: string;
  /** The prefix's bin folder, where `agent-security` is, as a global install puts it. */
  binDir: string;
  /** The installed bin itself (a symlink to the package's dist/cli.js). */
  bin: string;
  dispose(): void;
}

/**
 * Packs the repository as `npm pack` would publish it and installs the tarball
 * globally into a temporary prefix, offline: the bundles have no runtime
 * dependencies, so nothing may need fetching. The tarball is packed from the
 * current build (dist/ is built first when stale) with the prepack script
 * skipped, so a test run leaves the development build in dist/ as it was.
 */
export function installPackedCli(): PackedCli {
  builtCli();
  const dir = mkdtempSync(path.join(tmpdir(), "agent-security-pack-"));
  const env = cleanEnv({ npm_config_cache: path.join(dir, "npm-cache") });
  const npm = (args: string[], cwd: string) => execFileSync("npm", args, { cwd, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
  npm(["pack", "--ignore-scripts", "--pack-destination", dir, "--silent"], ROOT);
  const tarball = path.join(
    dir,
    readdirSync(dir).find((name) => name.endsWith(".tgz"))!,
  );
  const prefix = path.join(dir, "prefix");
  npm(["install", "--global", "--offline", "--no-audit", "--no-fund", "--prefix", prefix, tarball], dir);
  const binDir = process.platform === "win32" ? prefix : path.join(prefix, "bin");
  return {
    dir,
    tarball,
    binDir,
    bin: path.join(binDir, "agent-security"),
    dispose: () => rmSync(dir, { recursive: true, force: true }),
  };
}
