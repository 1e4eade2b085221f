import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { FAKE } from "../../fixtures/fakeSecrets";
import { builtCli, ROOT } from "../../support/dist";
import { removeTree, tempTree } from "../../support/tempTree";

const SCRIPT = path.join(ROOT, "scripts/action/run.mjs");
const ACTION = parse(readFileSync(path.join(ROOT, "action.yml"), "utf8"));

const SERVICE_WILDCARD = JSON.stringify(
  { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
  null,
  2,
);

describe("GitHub Action (action.yml, scripts/action/run.mjs)", function () {
  this.timeout(120_000);

  let workspace: string;
  before(() => {
    builtCli(); // the script runs the action checkout's dist/cli.js when it is built
    workspace = tempTree({
      "iam/policy.json": SERVICE_WILDCARD,
      "app/config.ts": `export const token = "${FAKE.githubToken}";\n`,
      "app/clean.ts": "export const greeting = 'hello';\n",
    });
  });
  after(() => removeTree(workspace));

  /** The script as the composite step runs it: inputs as INPUT_* variables, GitHub's files for outputs and the summary. */
  function runAction(inputs: Record<string, string>) {
    const outputFile = path.join(workspace, ".github-output");
    const summaryFile = path.join(workspace, ".github-summary");
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: outputFile,
      GITHUB_STEP_SUMMARY: summaryFile,
    };
    for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, "_")}`] = value;
    for (const file of [outputFile, summaryFile]) removeTree(file);
    const result = spawnSync(process.execPath, [SCRIPT], { cwd: workspace, env, encoding: "utf8", timeout: 60_000 });
    const read = (file: string) => {
      try {
        return readFileSync(file, "utf8");
      } catch {
        return "";
      }
    };
    const outputs = Object.fromEntries(
      read(outputFile)
        .split("\n")
        .filter(Boolean)
        .map((line) => line.split(/=(.*)/s).slice(0, 2)),
    );
    const summary = read(summaryFile);
    for (const text of [result.stdout, result.stderr, summary, JSON.stringify(outputs)])
      assert.ok(!text.includes(FAKE.githubToken), "the action wrote a raw secret");
    return { status: result.status, stderr: result.stderr, outputs, summary };
  }

  const sarifResults = (file: string) =>
    JSON.parse(readFileSync(path.join(workspace, file), "utf8")).runs[0].results as { ruleId: string; level: string }[];

  it("passes every input of action.yml to the script, and uploads the SARIF it writes", () => {
    const steps = ACTION.runs.steps as {
      id?: string;
      uses?: string;
      run?: string;
      env?: Record<string, string>;
      with?: Record<string, string>;
      if?: string;
    }[];
    assert.equal(ACTION.runs.using, "composite");
    const audit = steps.find((s) => s.id === "audit")!;
    assert.match(audit.run!, /scripts\/action\/run\.mjs/);
    const passed = Object.keys(audit.env!).sort();
    const forScript = Object.keys(ACTION.inputs)
      .filter((name) => !["upload-sarif", "category"].includes(name))
      .map((name) => `INPUT_${name.toUpperCase().replace(/-/g, "_")}`)
      .sort();
    assert.deepEqual(passed, forScript);
    for (const [variable, value] of Object.entries(audit.env!))
      assert.equal(value, `\${{ inputs.${variable.slice(6).toLowerCase().replace(/_/g, "-")} }}`);
    const upload = steps.find((s) => s.uses?.startsWith("github/codeql-action/upload-sarif@"))!;
    assert.equal(upload.with!.sarif_file, "${{ steps.audit.outputs.sarif-file }}");
    assert.match(upload.if!, /!cancelled\(\)/, "the upload runs after a failing audit too");
  });

  it("fails at the default threshold (warning), writes SARIF, the outputs and a summary", () => {
    const { status, outputs, summary } = runAction({});
    assert.equal(status, 1);
    assert.deepEqual(outputs, { "sarif-file": "agent-security.sarif", findings: "2", failed: "true" });
    assert.deepEqual(
      sarifResults("agent-security.sarif")
        .map((r) => r.ruleId)
        .sort(),
      ["@secretlint/secretlint-rule-github", "iam-service-wildcard"],
    );
    assert.match(summary, /\| error \| 1 \|\n\| warning \| 1 \|/);
  });

  it("passes below the threshold: a warning with fail-on error", () => {
    const { status, outputs } = runAction({ path: "iam", "fail-on": "error", "sarif-file": "iam.sarif" });
    assert.equal(status, 0);
    assert.deepEqual(outputs, { "sarif-file": "iam.sarif", findings: "1", failed: "false" });
    assert.deepEqual(
      sarifResults("iam.sarif").map((r) => r.level),
      ["warning"],
    );
  });

  it("never fails with fail-on never, and honours checks and exclude", () => {
    assert.deepEqual(runAction({ "fail-on": "never", checks: "secrets" }).outputs, {
      "sarif-file": "agent-security.sarif",
      findings: "1",
      failed: "false",
    });
    assert.equal(runAction({ "fail-on": "never", checks: "secrets" }).status, 0);
    assert.deepEqual(runAction({ exclude: "app/**\niam/**" }).outputs, {
      "sarif-file": "agent-security.sarif",
      findings: "0",
      failed: "false",
    });
  });

  it("rejects a threshold or check it does not know, before auditing", () => {
    const bad = runAction({ "fail-on": "critical" });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /fail-on must be one of error, warning, info, never/);
    assert.equal(runAction({ checks: "secrets,licences" }).status, 2);
  });
});
