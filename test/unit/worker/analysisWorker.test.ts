import * as assert from "node:assert/strict";
import * as path from "node:path";
import { AnalysisWorker } from "../../../src/worker/analysisWorker";
import { BudgetedWorker } from "../../../src/worker/budgetedWorker";
import { BudgetExceeded, Superseded } from "../../../src/worker/errors";
import { FAKE } from "../../fixtures/fakeSecrets";
import { writeSlowSecretlintrc } from "../../support/slowRules";
import { removeTree, tempTree, testCatalogFile } from "../../support/tempTree";

const WORKER = path.join(__dirname, "..", "..", "support", "analysisWorker.mjs");
const TOKEN_LINE = `const token = "${FAKE.githubToken}";\n`;
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }, null, 2);

describe("analysis worker", function () {
  this.timeout(60_000);
  let worker: AnalysisWorker;
  let slow: string;
  let plain: string;
  before(() => {
    slow = tempTree({ "a.ts": TOKEN_LINE });
    writeSlowSecretlintrc(slow);
    plain = tempTree({ ".agent-security.json": "{}" });
  });
  after(() => [slow, plain].forEach(removeTree));
  beforeEach(() => {
    worker = new AnalysisWorker(WORKER, { iamCatalogFile: testCatalogFile() });
  });
  afterEach(() => worker.dispose());

  it("scans secrets and checks IAM policies in the folder's policy", async () => {
    const secrets = await worker.secrets({ root: plain, filePath: path.join(plain, "a.ts"), text: TOKEN_LINE }, 10_000);
    assert.deepEqual(
      secrets.map((f) => [f.kind, f.offset, f.masked]),
      [["GitHub token", 15, "ghp_****************"]],
    );
    const iam = await worker.iam({ root: plain, filePath: path.join(plain, "p.json"), text: POLICY }, 10_000);
    assert.deepEqual(
      iam.map((f) => [f.check, f.subject]),
      [["iam-service-wildcard", "s3:*"]],
    );
  });

  it("stops a scan that runs past its budget, and the next scan runs in a new worker", async () => {
    const started = Date.now();
    await assert.rejects(worker.secrets({ root: slow, filePath: path.join(slow, "a.ts"), text: TOKEN_LINE }, 500), (error: unknown) => {
      assert.ok(error instanceof BudgetExceeded);
      assert.equal(error.message, "took longer than 500 ms");
      return true;
    });
    // The regular expression alone would run for days; only the budget ended it.
    assert.ok(Date.now() - started < 20_000);
    assert.equal(worker.restarts, 1);
    const after = await worker.secrets({ root: plain, filePath: path.join(plain, "a.ts"), text: TOKEN_LINE }, 10_000);
    assert.equal(after.length, 1);
  });

  it("charges a job's budget with its analysis, not with what the job loads first (a folder's configuration, the catalogue)", async () => {
    const loading = new BudgetedWorker<string, string>(path.join(__dirname, "..", "..", "support", "slowLoadingWorker.mjs"));
    try {
      assert.equal(await loading.run("a", 2000), "analysed a");
      assert.equal(loading.restarts, 0);
    } finally {
      loading.dispose();
    }
  });

  it("runs the jobs queued behind a stopped one", async () => {
    const stuck = worker.secrets({ root: slow, filePath: path.join(slow, "a.ts"), text: TOKEN_LINE }, 500);
    const queued = worker.iam({ root: plain, filePath: path.join(plain, "p.json"), text: POLICY }, 10_000);
    await assert.rejects(stuck, BudgetExceeded);
    assert.equal((await queued).length, 1);
  });

  it("drops a queued job when a newer one with the same key comes", async () => {
    await worker.secrets({ root: plain, filePath: path.join(plain, "a.ts"), text: "warm-up" }, 10_000);
    const first = worker.secrets({ root: plain, filePath: path.join(plain, "a.ts"), text: "x" }, 10_000, "doc");
    const second = worker.secrets({ root: plain, filePath: path.join(plain, "a.ts"), text: "y" }, 10_000, "doc");
    const third = worker.secrets({ root: plain, filePath: path.join(plain, "a.ts"), text: TOKEN_LINE }, 10_000, "doc");
    // The worker took the first at once; the second waited, and the third replaced it.
    const replaced = assert.rejects(second, Superseded);
    assert.deepEqual(await first, []);
    await replaced;
    assert.equal((await third).length, 1);
  });

  it("fails every job at once when the worker cannot start", async () => {
    const broken = new AnalysisWorker(path.join(__dirname, "does-not-exist.js"), { iamCatalogFile: testCatalogFile() });
    try {
      const jobs = [broken.secrets({ root: "", filePath: "/a", text: "" }, 1000), broken.iam({ root: "", filePath: "/a", text: "" }, 1000)];
      for (const job of jobs) await assert.rejects(job, /the analysis worker stopped/);
    } finally {
      broken.dispose();
    }
  });
});
