import * as assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { runAudit } from "../../../src/audit/engine";
import { scanFile } from "../../../src/audit/fileAudit";
import { auditAnalyzers, DEFAULT_ANALYZERS } from "../../../src/audit/analyzers";
import { loadIamCatalog } from "../../../src/iam/catalog";
import { WorkspacePolicy } from "../../../src/scan/workspacePolicy";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { corpus } from "../../support/corpus";
import { writeSlowSecretlintrc } from "../../support/slowRules";
import { removeTree, tempTree, testCatalogFile, TEST_WORKER } from "../../support/tempTree";

const MAX_BYTES = 2048 * 1024;

describe("bad-input corpus: audit", function () {
  this.timeout(120_000);

  it("the worker's file scan gives each entry its outcome and never throws", async () => {
    const { root, entries } = corpus();
    const policy = await WorkspacePolicy.load(root);
    const analyzers = auditAnalyzers(DEFAULT_ANALYZERS, () => loadIamCatalog(testCatalogFile()));
    for (const entry of entries) {
      const outcome = await scanFile(policy, analyzers, { folder: 0, path: entry.path, size: 0 }, MAX_BYTES);
      if (entry.read === "text") {
        assert.equal(outcome.status, "scanned", entry.rel);
        if (outcome.status === "scanned")
          assert.equal(outcome.findings.filter((f) => f.analyzer === "secrets").length, entry.secrets, entry.rel);
      } else {
        assert.deepEqual(outcome.status === "skipped" && outcome.reason, entry.read, entry.rel);
      }
    }
  });

  it("audits the whole corpus, counting every skip by its reason", async () => {
    const { root, entries } = corpus();
    const result = await runAudit({
      folders: [{ root, exclude: [] }],
      maxBytes: MAX_BYTES,
      toolVersion: "test",
      workerFile: TEST_WORKER,
      iamCatalogFile: testCatalogFile(),
      workers: 2,
    });
    const texts = entries.filter((e) => e.read === "text");
    assert.equal(result.summary.scanned, texts.length);
    assert.equal(
      result.findings.filter((f) => f.analyzer === "secrets").length,
      texts.reduce((n, e) => n + e.secrets!, 0),
    );
    assert.deepEqual(result.summary.skipped, {
      binary: entries.filter((e) => e.read === "binary").length,
      "too-large": 2,
      // loop-self, loop-a, loop-b, and `up` (a link to the folder that holds it)
      "symlink-loop": 4,
      unreadable: 1,
      "not-a-file": process.platform === "win32" ? 0 : 1,
      timeout: 0,
      error: 0,
    });
    const serialized = JSON.stringify(result);
    for (const raw of RAW_VALUES) assert.ok(!serialized.includes(raw), "a raw secret reached the result");
  });

  it("skips files that stopped being readable between listing and reading, and a FIFO for an ignore file, and finishes", async function () {
    if (process.platform === "win32") this.skip();
    const root = tempTree({
      "vanish-deleted.txt": `token ${FAKE.githubToken}\n`,
      "vanish-folder.txt": `token ${FAKE.githubToken}\n`,
      "vanish-dangling.txt": `token ${FAKE.githubToken}\n`,
      "vanish-loop.txt": `token ${FAKE.githubToken}\n`,
      "vanish-fifo.txt": `token ${FAKE.githubToken}\n`,
      "stays.txt": `token ${FAKE.githubToken}\n`,
    });
    // An ignore file that is a FIFO: reading it as one would wait for a writer for ever.
    execFileSync("mkfifo", [path.join(root, ".gitignore")]);
    try {
      const result = await runAudit({
        folders: [{ root, exclude: [] }],
        maxBytes: MAX_BYTES,
        toolVersion: "test",
        workerFile: path.join(__dirname, "..", "..", "support", "vanishingAuditWorker.mjs"),
        iamCatalogFile: testCatalogFile(),
        workers: 1,
      });
      assert.deepEqual(
        result.findings.map((f) => f.file),
        ["stays.txt"],
      );
      assert.equal(result.summary.scanned, 1);
      assert.equal(result.summary.skipped.unreadable, 3, "deleted, dangling, loop");
      assert.equal(result.summary.skipped["not-a-file"], 3, "folder, FIFO, the FIFO .gitignore");
    } finally {
      removeTree(root);
    }
  });

  for (const workers of [1, 2]) {
    it(`stops the analysis of a file that takes longer than the budget, skips it as timeout and audits the rest (${workers} worker${workers > 1 ? "s" : ""})`, async () => {
      const files: Record<string, string> = { "slow.ts": `const token = "${FAKE.githubToken}";\n` };
      for (let i = 0; i < 40; i++) files[`clean/f${i}.ts`] = `export const n${i} = ${i};\n`;
      files["infra/policy.json"] = JSON.stringify({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }],
      });
      const root = tempTree(files);
      writeSlowSecretlintrc(root);
      try {
        const result = await runAudit({
          folders: [{ root, exclude: [] }],
          maxBytes: MAX_BYTES,
          fileTimeoutMs: 500,
          toolVersion: "test",
          workerFile: TEST_WORKER,
          iamCatalogFile: testCatalogFile(),
          workers,
        });
        assert.equal(result.summary.skipped.timeout, 1);
        assert.equal(result.summary.scanned, 42, "every other file, also those queued behind the slow one");
        assert.deepEqual(
          result.findings.map((f) => [f.file, f.checkId]),
          [["infra/policy.json", "iam-service-wildcard"]],
        );
      } finally {
        removeTree(root);
      }
    });
  }
});
