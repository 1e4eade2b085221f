import * as assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { run } from "../../../src/cli/iam";
import { FIXTURES, testCatalogFile } from "../../support/iam";

/** The analysis worker from TypeScript sources (the product runs dist/scanWorker.js). */
const TEST_ANALYSIS_WORKER = path.join(__dirname, "..", "..", "support", "analysisWorker.mjs");

async function cli(args: string[], cwd = FIXTURES, catalogFile = testCatalogFile()): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await run(args, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    catalogFile,
    cwd,
    workerFile: TEST_ANALYSIS_WORKER,
  });
  return { code, out, err };
}

describe("agent-security iam", () => {
  it("prints path:line:col check-id message and exits 1 on errors or warnings", async () => {
    const { code, out, err } = await cli(["bucket-policy.json", "cloudformation.json"]);
    assert.equal(code, 1);
    assert.equal(err, "");
    assert.deepEqual(
      out
        .trim()
        .split("\n")
        .map((l) => l.split(" ").slice(0, 2).join(" ")),
      [
        "bucket-policy.json:7:18 iam-service-wildcard",
        "cloudformation.json:7:37 iam-missing-version",
        "cloudformation.json:15:31 iam-missing-version",
        "cloudformation.json:19:31 iam-service-wildcard",
      ],
    );
    assert.match(out, /^bucket-policy\.json:7:18 iam-service-wildcard "s3:\*" grants all \d+ actions of Amazon S3/);
  });

  it("names the Access Analyzer issue code in the message and in --format json", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "agent-security-iam-cli-"));
    writeFileSync(path.join(dir, "p.json"), '{"Statement": [{"Effect": "Allow", "Action": "iam:PassRole", "Resource": "*"}]}');
    const text = await cli(["p.json"], dir);
    assert.match(text.out, /^p\.json:1:1 iam-missing-version .* \(Access Analyzer: MISSING_VERSION\)$/m);
    assert.match(text.out, /^p\.json:1:\d+ iam-passrole-star-resource .* \(Access Analyzer: PASS_ROLE_WITH_STAR_IN_RESOURCE\)$/m);
    const json = await cli(["--format", "json", "p.json"], dir);
    assert.equal(json.code, 1);
    const findings = JSON.parse(json.out) as {
      file: string;
      line: number;
      column: number;
      check: string;
      accessAnalyzerCode: string | null;
    }[];
    assert.deepEqual(
      findings.map((f) => `${f.file}:${f.line}:${f.column} ${f.check} ${f.accessAnalyzerCode}`),
      ["p.json:1:1 iam-missing-version MISSING_VERSION", "p.json:1:47 iam-passrole-star-resource PASS_ROLE_WITH_STAR_IN_RESOURCE"],
    );
    assert.equal((await cli(["--format", "xml", "p.json"], dir)).code, 2);
  });

  it("exits 0 when nothing is found, or only info and hints", async () => {
    assert.deepEqual(await cli(["not-a-policy.json"]), { code: 0, out: "", err: "" });
    const infoOnly = await cli(["several-policies.json", "--severity", "iam-service-wildcard=info"]);
    assert.equal(infoOnly.code, 0);
    assert.equal(infoOnly.out.trim().split("\n").length, 2);
  });

  it("turns checks off with --severity", async () => {
    const { code, out } = await cli(["--severity", "iam-service-wildcard=off", "bucket-policy.json"]);
    assert.equal(code, 0);
    assert.equal(out, "");
  });

  it("exits 2 on unreadable input, still reporting the other files", async () => {
    const { code, out, err } = await cli(["missing.json", "bucket-policy.json"]);
    assert.equal(code, 2);
    assert.match(err, /^missing\.json: cannot read: no such file$/m);
    assert.match(out, /bucket-policy\.json:7:18/);
  });

  it("exits 2 on bad usage or a missing catalogue", async () => {
    assert.equal((await cli([])).code, 2);
    assert.equal((await cli(["--severity", "iam-action-star=loud", "a.json"])).code, 2);
    const missing = await cli(["bucket-policy.json"], FIXTURES, path.join(os.tmpdir(), "no-such-dir", "iam-catalog.json"));
    assert.equal(missing.code, 2);
    assert.match(missing.err, /cannot read the IAM catalogue/);
  });

  it("honours .agent-security.json suppressions in the current directory", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "agent-security-iam-cli-"));
    const policy = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*", "ec2:*"], "Resource": "*"}]}';
    writeFileSync(path.join(dir, "p.json"), policy);
    const first = await cli(["p.json"], dir);
    assert.equal(first.out.trim().split("\n").length, 2);
    const { findingFingerprint } = await import("../../../src/iam/checks");
    const ignore = [
      { file: "p.json", check: "iam-service-wildcard", fingerprint: findingFingerprint("iam-service-wildcard", "s3:*"), reason: "test" },
    ];
    writeFileSync(path.join(dir, ".agent-security.json"), JSON.stringify({ ignore }));
    const second = await cli(["p.json"], dir);
    assert.equal(second.out.trim().split("\n").length, 1);
    assert.match(second.out, /"ec2:\*"/);
  });
});
