// The product as it was before Agent Security's own secret rules (issue 10:
// secretlint's recommended preset only), built once into .bench/ so that
// benches can show before and after in the same run.
//   AGENT_SECURITY_BENCH_BASELINE_REF=REF   build this commit instead
// By default: the parent of the commit that added the provider tables.
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const git = (...args) => execFileSync("git", args, { cwd: root, encoding: "utf8" }).trim();

function baselineCommit() {
  const ref = process.env.AGENT_SECURITY_BENCH_BASELINE_REF;
  if (ref) return git("rev-parse", `${ref}^{commit}`);
  const added = git("log", "--diff-filter=A", "--format=%H", "--", "src/secrets/rules/providers/index.ts").split("\n").pop();
  if (!added) throw new Error("no commit adds src/secrets/rules/providers/index.ts; set AGENT_SECURITY_BENCH_BASELINE_REF");
  return git("rev-parse", `${added}^`);
}

/** The baseline's dist/ folder (built on first use), and its commit. */
export function baselineDist() {
  const commit = baselineCommit();
  const dir = path.join(root, ".bench", `baseline-${commit.slice(0, 12)}`);
  const dist = path.join(dir, "dist");
  if (!existsSync(path.join(dist, "cli.js"))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    execFileSync("sh", ["-c", `git archive ${commit} | tar -x -C "${dir}"`], { cwd: root });
    symlinkSync(path.join(root, "node_modules"), path.join(dir, "node_modules"), "dir");
    execFileSync(process.execPath, ["esbuild.mjs"], { cwd: dir, stdio: "ignore" });
  }
  return { dist, commit: commit.slice(0, 12) };
}
