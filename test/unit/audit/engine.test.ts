import * as assert from "node:assert/strict";
import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { runAudit, type AuditOptions } from "../../../src/audit/engine";
import type { AuditProgress } from "../../../src/audit/types";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { removeTree, tempTree, testCatalogFile, TEST_WORKER, writeTree } from "../../support/tempTree";

const HOUR_AGO = Date.now() / 1000 - 3600;

/** Puts every file's modification time an hour back, out of the cache's "too recent to trust" margin. */
function age(root: string, rels: readonly string[]): void {
  for (const rel of rels) utimesSync(path.join(root, rel), HOUR_AGO, HOUR_AGO);
}

describe("audit engine", function () {
  this.timeout(60000);
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));

  function workspace(files: Record<string, string | Uint8Array>) {
    const root = tempTree(files);
    roots.push(root);
    age(root, Object.keys(files));
    const options = (extra: Partial<AuditOptions> = {}): AuditOptions => ({
      folders: [{ root, exclude: ["**/node_modules/**"] }],
      maxBytes: 4096,
      toolVersion: "test",
      workerFile: TEST_WORKER,
      iamCatalogFile: testCatalogFile(),
      workers: 2,
      cacheFile: path.join(root, "..", `${path.basename(root)}-cache.json`),
      ...extra,
    });
    roots.push(options().cacheFile!);
    return { root, options };
  }

  it("finds secrets in every file with masked previews, and counts what it skipped and why", async () => {
    const { options } = workspace({
      "src/config.ts": `export const token = "${FAKE.githubToken}"; const slack = "${FAKE.slackToken}";\n`,
      "deploy/.env": `AWS_SECRET_ACCESS_KEY=${FAKE.awsSecretAccessKey}\n`,
      "clean.ts": "export const x = 1;\n",
      "logo.png": new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
      "huge.txt": "x".repeat(8192),
      "node_modules/pkg/index.js": `const t = "${FAKE.githubToken}";\n`,
    });
    const result = await runAudit(options({ cacheFile: undefined }));
    assert.deepEqual(
      result.findings.map((f) => [f.file, f.line, f.column, f.kind, f.severity]),
      [
        ["deploy/.env", 1, 23, "AWS secret access key", "error"],
        ["src/config.ts", 1, 23, "GitHub token", "error"],
        ["src/config.ts", 1, 81, "Slack token", "error"],
      ],
    );
    const [, github] = result.findings;
    assert.equal(github.preview, 'export const token = "ghp_****************"; const slack = "xoxb****************";');
    assert.equal(github.endColumn - github.column, FAKE.githubToken.length);
    assert.match(github.fingerprint, /^sha256:/);
    assert.equal(result.summary.files, 5);
    assert.equal(result.summary.scanned, 3);
    assert.equal(result.summary.skipped.binary, 1);
    assert.equal(result.summary.skipped["too-large"], 1);
    assert.equal(result.summary.ignored, 1);
    assert.equal(result.cancelled, false);
    const serialized = JSON.stringify(result);
    for (const raw of RAW_VALUES) assert.ok(!serialized.includes(raw), "a raw secret reached the result");
  });

  it("runs the IAM checks through the same seam, with the editor's settings", async () => {
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:*", "iam:PassRole"], Resource: "*" }],
    };
    const { options, root } = workspace({
      "infra/deploy-policy.json": JSON.stringify(policy, null, 2) + "\n",
      "src/app.ts": "export const x = 1;\n",
    });
    const result = await runAudit(options({ cacheFile: undefined }));
    const iam = result.findings.filter((f) => f.analyzer === "iam");
    assert.deepEqual(
      iam.map((f) => [f.file, f.line, f.checkId, f.severity]),
      [
        ["infra/deploy-policy.json", 7, "iam-service-wildcard", "warning"],
        ["infra/deploy-policy.json", 8, "iam-passrole-star-resource", "warning"],
      ],
    );
    assert.equal(iam[0].kind, "Service-wide wildcard");
    assert.equal(iam[0].preview, '"s3:*",');
    assert.equal(iam[0].endColumn - iam[0].column, "s3:*".length);

    const quieter = await runAudit(
      options({
        cacheFile: undefined,
        folders: [
          {
            root,
            exclude: [],
            analyzers: {
              secrets: true,
              iam: true,
              iamSeverities: { "iam-service-wildcard": "off", "iam-passrole-star-resource": "error" },
            },
          },
        ],
      }),
    );
    assert.deepEqual(
      quieter.findings.map((f) => [f.checkId, f.severity]),
      [["iam-passrole-star-resource", "error"]],
    );
    const off = await runAudit(
      options({ cacheFile: undefined, folders: [{ root, exclude: [], analyzers: { secrets: true, iam: false, iamSeverities: {} } }] }),
    );
    assert.deepEqual(off.findings, []);
  });

  it("masks in previews also the secrets that are not findings: suppressed ones, or with secret checks off", async () => {
    const { fingerprint } = await import("../../../src/shared/mask");
    const suppression = {
      file: "src/two.ts",
      check: "@secretlint/secretlint-rule-slack",
      fingerprint: fingerprint(FAKE.slackToken),
      reason: "test",
    };
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*", Sid: FAKE.githubToken }] };
    const { options, root } = workspace({
      "src/two.ts": `const a = "${FAKE.githubToken}", b = "${FAKE.slackToken}";\n`,
      ".agent-security.json": JSON.stringify({ ignore: [suppression] }),
      "iam/policy.json": JSON.stringify(policy),
    });
    const result = await runAudit(options({ cacheFile: undefined }));
    const two = result.findings.filter((f) => f.file === "src/two.ts");
    assert.deepEqual(
      two.map((f) => f.kind),
      ["GitHub token"],
      "the suppressed Slack token is no finding",
    );
    assert.equal(two[0].preview, 'const a = "ghp_****************", b = "xoxb****************";');
    const iamOnly = await runAudit(
      options({ cacheFile: undefined, folders: [{ root, exclude: [], analyzers: { secrets: false, iam: true, iamSeverities: {} } }] }),
    );
    assert.ok(iamOnly.findings.length > 0 && iamOnly.findings.every((f) => f.analyzer === "iam"));
    const serialized = JSON.stringify(iamOnly) + JSON.stringify(result);
    for (const raw of RAW_VALUES) assert.ok(!serialized.includes(raw), "a raw secret reached a preview");
  });

  it("re-scans only what changed: touched files by content hash, modified and deleted files, policy changes", async () => {
    const { root, options } = workspace({
      "a.ts": `const a = "${FAKE.githubToken}";\n`,
      "b.ts": "const b = 1;\n",
      "c.ts": `const c = "${FAKE.slackToken}";\n`,
      "d.bin": new Uint8Array([1, 0, 2]),
    });
    const first = await runAudit(options());
    assert.equal(first.summary.scanned, 3);
    assert.equal(first.findings.length, 2);

    const warm = await runAudit(options());
    assert.deepEqual([warm.summary.scanned, warm.summary.cached, warm.summary.skipped.binary], [0, 3, 1]);
    assert.deepEqual(warm.findings, first.findings);

    // Touched: new time, same text. Read to compare the hash, not analysed again.
    utimesSync(path.join(root, "a.ts"), new Date(), new Date());
    const touched = await runAudit(options());
    assert.deepEqual([touched.summary.scanned, touched.summary.cached], [0, 3]);
    assert.deepEqual(touched.findings, first.findings);

    // Modified and deleted.
    writeFileSync(path.join(root, "b.ts"), `const b = "${FAKE.githubToken}";\n`);
    rmSync(path.join(root, "c.ts"));
    const changed = await runAudit(options());
    assert.deepEqual(
      changed.findings.map((f) => f.file),
      ["a.ts", "b.ts"],
    );
    assert.equal(changed.summary.scanned, 1);

    // Changed within the same moment as the audit that read it, size and time kept: the hash tells.
    const bStat = statSync(path.join(root, "b.ts"));
    writeFileSync(path.join(root, "b.ts"), `const b = "${"x".repeat(FAKE.githubToken.length)}";\n`);
    utimesSync(path.join(root, "b.ts"), bStat.atime, bStat.mtime);
    const racy = await runAudit(options());
    assert.deepEqual(
      racy.findings.map((f) => f.file),
      ["a.ts"],
    );

    const cache = readFileSync(options().cacheFile!, "utf8");
    assert.ok(!cache.includes('"c.ts"'), "a deleted file's entry is dropped");
    for (const raw of RAW_VALUES) assert.ok(!cache.includes(raw), "the cache holds a raw secret");

    // A policy change invalidates the whole folder.
    writeTree(root, { ".secretlintignore": "b.ts\n" });
    const repolicied = await runAudit(options());
    assert.deepEqual(
      repolicied.findings.map((f) => f.file),
      ["a.ts"],
    );
    assert.equal(repolicied.summary.scanned, 2, "a.ts and .secretlintignore itself");
  });

  it("fails, without hanging, when a worker dies", async () => {
    const { options } = workspace({ "a.ts": "export const a = 1;\n" });
    const crashing = path.join(__dirname, "..", "..", "support", "crashingWorker.mjs");
    await assert.rejects(runAudit(options({ cacheFile: undefined, workerFile: crashing })), /audit worker stopped \(exit code 3\)/);
  });

  it("stops promptly when cancelled, keeps what it found, and resumes from the cache", async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 400; i++)
      files[`src/m${String(i).padStart(3, "0")}.ts`] =
        `export const token${i} = "${FAKE.githubToken}";\n${"const filler = 1;\n".repeat(50)}`;
    const { options } = workspace(files);
    const controller = new AbortController();
    const seen: AuditProgress[] = [];
    const cancelled = await runAudit(
      options({
        workers: 1,
        signal: controller.signal,
        onProgress: (p) => {
          seen.push(p);
          if (p.phase === "scanning" && p.done > 0) controller.abort();
        },
      }),
    );
    assert.equal(cancelled.cancelled, true);
    assert.ok(cancelled.summary.scanned > 0 && cancelled.summary.scanned < 400, `scanned ${cancelled.summary.scanned}`);
    assert.equal(cancelled.findings.length, cancelled.summary.scanned, "one finding per file scanned");
    assert.ok(seen.some((p) => p.phase === "scanning" && p.total === 400 && p.folder === "src"));

    const resumed = await runAudit(options());
    assert.equal(resumed.cancelled, false);
    assert.equal(resumed.summary.scanned + resumed.summary.cached, 400);
    assert.equal(resumed.summary.cached, cancelled.summary.scanned);
    assert.equal(resumed.findings.length, 400);
  });
});
