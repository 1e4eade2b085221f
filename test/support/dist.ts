import { execFileSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import * as path from "node:path";

export const ROOT = path.resolve(__dirname, "..", "..");
export const DIST_CLI = path.join(ROOT, "dist", "cli.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs);
  }
  return newest;
}

let checked = false;

/**
 * The bundled CLI, as users run it: built first when dist/ is missing or older
 * than any source file (npm test builds before the unit tests; a lone
 * `npx mocha` may not have).
 */
export function builtCli(): string {
  if (!checked) {
    const built = (() => {
      try {
        return statSync(DIST_CLI).mtimeMs;
      } catch {
        return 0;
      }
    })();
    if (built < Math.max(newestSource(path.join(ROOT, "src")), statSync(path.join(ROOT, "esbuild.mjs")).mtimeMs)) {
      execFileSync(process.execPath, ["esbuild.mjs"], { cwd: ROOT, stdio: "pipe" });
    }
    checked = true;
  }
  return DIST_CLI;
}
