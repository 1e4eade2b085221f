import * as assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { runAudit } from "../../../src/audit/engine";
import { readFolderSettings } from "../../../src/audit/settings";
import { settingDefaults } from "../../../src/shared/settingDefaults";
import { audit, type AuditIo } from "../../../src/cli/audit";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { removeTree, tempTree, testCatalogFile, TEST_WORKER } from "../../support/tempTree";

/** Runs the audit command in this process, capturing what it writes. */
async function cli(args: string[], cwd: string, tty = false) {
  let stdout = "";
  let stderr = "";
  const io: AuditIo = {
    stdout: { write: (s: string | Uint8Array) => ((stdout += s), true) },
    stderr: { write: (s: string | Uint8Array) => ((stderr += s), true), isTTY: tty },
    cwd,
    workerFile: TEST_WORKER,
    iamCatalogFile: testCatalogFile(),
    toolVersion: "test",
  };
  const code = await audit(args, io);
  return { code, stdout, stderr };
}

describe("agent-security audit", function () {
  this.timeout(60000);
  let dirty: string;
  let clean: string;
  before(() => {
    dirty = tempTree({
      "src/app.ts": `export const token = "${FAKE.githubToken}";\n`,
      "config/db.yaml": `url: ${FAKE.postgresUrl}\n`,
      "generated/out.ts": `const t = "${FAKE.slackToken}";\n`,
      "vendor/x.ts": `const t = "${FAKE.slackToken}";\n`,
      ".gitignore": "generated/\n",
      ".vscode/settings.json": `{ // comments are allowed\n "files.exclude": { "vendor": true }, }\n`,
      ".secretlintrc.json": JSON.stringify({
        rules: [
          {
            id: "@secretlint/secretlint-rule-preset-recommend",
            rules: [{ id: "@secretlint/secretlint-rule-database-connection-string", severity: "warning" }],
          },
        ],
      }),
    });
    clean = tempTree({ "a.ts": "export const a = 1;\n" });
  });
  after(() => [dirty, clean].forEach(removeTree));

  it("exits 0 when nothing is found, 1 on findings at or above --fail-on", async () => {
    assert.equal((await cli([], clean)).code, 0);
    const text = await cli(["."], dirty);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^config\/db\.yaml:1:6  warning  PostgreSQL connection string with password/m);
    assert.match(text.stdout, /^src\/app\.ts:1:23  error  GitHub token  export const token = "ghp_\*+";/m);
    assert.doesNotMatch(text.stdout, /generated|vendor/);
    assert.equal((await cli(["--fail-on", "error", dirty], clean)).code, 1);
    assert.equal((await cli(["--fail-on", "warning", "--exclude", "src/**"], dirty)).code, 1);
    assert.equal((await cli(["--fail-on", "error", "--exclude", "src/**"], dirty)).code, 0);
    for (const raw of RAW_VALUES) assert.ok(!text.stdout.includes(raw));
  });

  it("exits 2 on bad usage and on I/O errors", async () => {
    for (const args of [
      ["--format", "xml"],
      ["--fail-on", "hint"],
      ["--checks", "secrets,typos"],
      ["--bogus"],
      ["--max-file-size", "-1"],
      ["--workers", "0"],
      ["missing-dir"],
      ["a.ts"],
    ]) {
      const { code, stderr } = await cli(args, clean);
      assert.equal(code, 2, args.join(" "));
      assert.match(stderr, /^agent-security audit: /);
    }
    const unwritable = await cli(["--output", "no/such/dir/report.json"], clean);
    assert.equal(unwritable.code, 2);
    assert.match(unwritable.stderr, /cannot write no\/such\/dir\/report\.json: no such file/);
  });

  it("writes JSON and SARIF, to standard output or to --output", async () => {
    const json = JSON.parse((await cli(["--format", "json"], dirty)).stdout);
    assert.deepEqual(
      json.findings.map((f: { file: string }) => f.file),
      ["config/db.yaml", "src/app.ts"],
    );
    const written = await cli(["--format", "sarif", "--output", "../report.sarif"], dirty);
    assert.equal(written.stdout, "");
    assert.match(written.stderr, /2 findings \(1 error, 1 warning\) in 2 files; report written to \.\.\/report\.sarif/);
    const sarif = JSON.parse(readFileSync(path.join(dirty, "../report.sarif"), "utf8"));
    assert.equal(sarif.runs[0].results.length, 2);
    removeTree(path.join(dirty, "../report.sarif"));
  });

  it("shows a progress line on a terminal and none when piped", async () => {
    assert.equal((await cli([], dirty, false)).stderr, "");
    const tty = await cli([], dirty, true);
    assert.match(tty.stderr, /\r\x1b\[K/);
    assert.ok(tty.stderr.endsWith("\r\x1b[K"), "the line is cleared at the end");
  });

  it("checks IAM policies with the severities and switches of .vscode/settings.json", async () => {
    const policy = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] });
    const tree = tempTree({
      "iam/policy.json": policy,
      ".vscode/settings.json": `{ "agentSecurity.iam.severity": { "iam-service-wildcard": "info" } }`,
    });
    try {
      const lowered = await cli(["--format", "json"], tree);
      assert.equal(lowered.code, 0, "an info finding is under the default threshold");
      assert.deepEqual(
        JSON.parse(lowered.stdout).findings.map((f: { checkId: string; severity: string }) => [f.checkId, f.severity]),
        [["iam-service-wildcard", "info"]],
      );
      assert.equal((await cli(["--fail-on", "info"], tree)).code, 1);
      assert.equal(JSON.parse((await cli(["--format", "json", "--checks", "secrets"], tree)).stdout).findings.length, 0);
      writeFileSync(path.join(tree, ".vscode", "settings.json"), `{ "agentSecurity.iam.enabled": false }`);
      assert.equal(JSON.parse((await cli(["--format", "json"], tree)).stdout).findings.length, 0);
      assert.equal(JSON.parse((await cli(["--format", "json", "--checks", "iam,secrets"], tree)).stdout).findings.length, 1);
    } finally {
      removeTree(tree);
    }
  });

  it("starts from the extension's default agentSecurity.exclude", () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, "../../../package.json"), "utf8"));
    const exclude = manifest.contributes.configuration.find((c: { properties: object }) => "agentSecurity.exclude" in c.properties)
      .properties["agentSecurity.exclude"];
    assert.deepEqual(exclude.default, settingDefaults().exclude);
  });

  it("gives the same findings as the engine run with the editor's settings", async () => {
    const settings = await readFolderSettings(dirty);
    const editorLike = await runAudit({
      folders: [{ root: dirty, exclude: settings.exclude, excludeGlobs: settings.excludeGlobs, analyzers: settings.analyzers }],
      maxBytes: 2048 * 1024,
      toolVersion: "test",
      workerFile: TEST_WORKER,
      iamCatalogFile: testCatalogFile(),
    });
    const fromCli = JSON.parse((await cli(["--format", "json"], dirty)).stdout);
    assert.deepEqual(fromCli.findings, JSON.parse(JSON.stringify(editorLike.findings)));
  });
});
