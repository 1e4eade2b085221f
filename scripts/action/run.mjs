// The GitHub Action's work (action.yml): audits the workspace with the
// agent-security CLI, writes SARIF for code scanning, and fails when a finding
// reaches the `fail-on` threshold. Inputs come as INPUT_* environment
// variables (the composite action passes them explicitly); results go to
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY when those are set. Kept apart from the
// YAML so that it can be run and tested anywhere:
//
//   INPUT_PATH=. INPUT_FAIL_ON=warning node scripts/action/run.mjs
//
// The CLI is, in this order: AGENT_SECURITY_CLI (a cli.js), the action
// checkout's own dist/cli.js when it is built, else the npm package of the
// action's version (`npm exec`), which is what a released action uses.
import { spawnSync } from "node:child_process";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const ACTION_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const THRESHOLDS = ["error", "warning", "info", "never"];
const CHECKS = ["secrets", "iam"];

/** An input as GitHub names it in the environment: INPUT_ and the name upper-cased, `-` as `_`. */
function input(name, fallback = "") {
  return (process.env[`INPUT_${name.toUpperCase().replace(/[- ]/g, "_")}`] ?? "").trim() || fallback;
}

/** Multi-line or space-separated input as a list. */
function list(name, fallback = "") {
  return input(name, fallback).split(/\s+/).filter(Boolean);
}

function fail(message) {
  process.stderr.write(`::error title=agent-security::${message}\n`);
  process.exit(2);
}

function cliCommand() {
  const override = process.env.AGENT_SECURITY_CLI;
  if (override) return [process.execPath, override];
  const bundled = path.join(ACTION_ROOT, "dist", "cli.js");
  if (existsSync(bundled)) return [process.execPath, bundled];
  const { name, version } = JSON.parse(readFileSync(path.join(ACTION_ROOT, "package.json"), "utf8"));
  return ["npm", "exec", "--yes", `--package=${name}@${input("version", version)}`, "--", "agent-security"];
}

function writeOutputs(outputs) {
  const file = process.env.GITHUB_OUTPUT;
  if (file)
    appendFileSync(
      file,
      Object.entries(outputs)
        .map(([key, value]) => `${key}=${value}\n`)
        .join(""),
    );
}

/** Findings per SARIF level; the file holds only masked previews, so the summary does too. */
function countLevels(sarifFile) {
  const counts = { error: 0, warning: 0, note: 0 };
  const sarif = JSON.parse(readFileSync(sarifFile, "utf8"));
  for (const run of sarif.runs ?? []) for (const result of run.results ?? []) counts[result.level] = (counts[result.level] ?? 0) + 1;
  return counts;
}

const failOn = input("fail-on", "warning");
if (!THRESHOLDS.includes(failOn)) fail(`fail-on must be one of ${THRESHOLDS.join(", ")}, not '${failOn}'`);
const checks = input("checks");
if (checks && checks.split(",").some((c) => !CHECKS.includes(c.trim())))
  fail(`checks takes a comma-separated list of ${CHECKS.join(", ")}`);
const sarifFile = input("sarif-file", "agent-security.sarif");
const workspace = process.env.GITHUB_WORKSPACE || process.cwd();

const [command, ...prefix] = cliCommand();
const args = [
  ...prefix,
  "audit",
  ...list("path", "."),
  "--format",
  "sarif",
  "--output",
  sarifFile,
  // With `never` the audit still runs at its lowest threshold; the verdict is ignored below.
  "--fail-on",
  failOn === "never" ? "error" : failOn,
  ...(checks ? ["--checks", checks] : []),
  ...list("exclude").flatMap((glob) => ["--exclude", glob]),
];
const result = spawnSync(command, args, { cwd: workspace, stdio: "inherit" });
if (result.error) fail(`cannot run the agent-security CLI: ${result.error.message}`);
const status = result.status ?? 2;
if (status !== 0 && status !== 1) process.exit(status);

const counts = countLevels(path.resolve(workspace, sarifFile));
const total = counts.error + counts.warning + counts.note;
const failed = status === 1 && failOn !== "never";
writeOutputs({ "sarif-file": sarifFile, findings: total, failed });
if (process.env.GITHUB_STEP_SUMMARY) {
  appendFileSync(
    process.env.GITHUB_STEP_SUMMARY,
    `### agent-security audit\n\n| Level | Findings |\n| --- | --- |\n| error | ${counts.error} |\n| warning | ${counts.warning} |\n| note | ${counts.note} |\n\n` +
      (failed ? `Failed: findings at or above \`${failOn}\`.\n` : `Threshold \`${failOn}\`: passed.\n`),
  );
}
if (failed) {
  process.stderr.write(
    `::error title=agent-security::${total} finding(s); at least one is at or above the fail-on threshold (${failOn})\n`,
  );
  process.exit(1);
}
