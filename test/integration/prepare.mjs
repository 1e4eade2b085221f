// Steps shared by both integration launchers: an up-to-date extension bundle,
// the bundled suite, and a fresh copy of the fixture workspace.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { buildSuite } from "./buildSuite.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const fixtureWorkspace = path.join(repoRoot, "test", "integration", "workspace");

function newestMtime(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs;
  for (const e of fs.readdirSync(p)) newest = Math.max(newest, newestMtime(path.join(p, e)));
  return newest;
}

/** Runs `npm run build` unless dist/extension.js is newer than everything it is built from. */
export function ensureExtensionBuilt() {
  const bundle = path.join(repoRoot, "dist", "extension.js");
  const inputs = ["src", "package.json", "esbuild.mjs"].map((p) => path.join(repoRoot, p)).filter((p) => fs.existsSync(p));
  const stale = !fs.existsSync(bundle) || Math.max(...inputs.map(newestMtime)) > fs.statSync(bundle).mtimeMs;
  if (!stale) return;
  console.log("[integration] dist/ is missing or older than src/: npm run build");
  const r = spawnSync("npm", ["run", "build"], { cwd: repoRoot, stdio: "inherit" });
  if (r.status !== 0) throw new Error("npm run build failed");
}

/** Builds the extension if needed and the suite ("main" or "untrusted") always (it takes well under a second). */
export async function prepareSuite(suite = "main") {
  ensureExtensionBuilt();
  return buildSuite(suite);
}

/** Copies the fixture workspace into a new temp dir: tests may change files. */
export function copyWorkspace(from = fixtureWorkspace) {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "agent-security-ws-"));
  const dest = path.join(tmp, path.basename(from));
  fs.cpSync(from, dest, { recursive: true });
  // realpath: the extension host reports resolved paths (os.tmpdir() may be a symlink).
  return { dir: fs.realpathSync(dest), remove: () => fs.rmSync(tmp, { recursive: true, force: true }) };
}

/** Parses the suite's `integration-summary {...}` line. */
export function parseSummary(line) {
  const m = /integration-summary (\{.*\})/.exec(line);
  return m ? JSON.parse(m[1]) : undefined;
}

/** The plain closing line CI reads: "integration: N passed, N failed, N skipped". */
export function summaryLine(s) {
  if (!s) return "integration: no summary from the suite (it did not finish)";
  return `integration: ${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ""}`;
}
