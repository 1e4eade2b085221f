import * as assert from "node:assert/strict";
import * as path from "node:path";
import { pathToFileURL } from "node:url";
import { runAudit, type AuditFolder } from "../../../src/audit/engine";
import type { AuditResult } from "../../../src/audit/types";
import { SAMPLES } from "../../fixtures/secretSamples";
import { removeTree, tempTree, testCatalogFile, TEST_WORKER } from "../../support/tempTree";

/** The audit worker that runs every configured rule on every text: the unoptimised reference. */
const WHOLE_CONFIG_WORKER = path.join(__dirname, "..", "..", "support", "auditWorkerWholeConfig.mjs");
const REPO = path.join(__dirname, "..", "..", "..");

/** A tree with every kind of planted secret, in the file types secrets hide in, next to clean files and policies. */
function plantedTree(): Record<string, string> {
  const files: Record<string, string> = {
    ".secretlintrc.json": JSON.stringify({
      rules: [
        {
          id: "@secretlint/secretlint-rule-preset-recommend",
          rules: [{ id: "@secretlint/secretlint-rule-aws", options: { enableIDScanRule: true } }],
        },
      ],
    }),
    "package.json": JSON.stringify({ name: "app", repository: { url: SAMPLES.githubOauth.replace(/^"url": "|"$/g, "") } }, null, 2),
    ".npmrc": "//registry.npmjs.org/:_authToken=0f1e2d3c4b5a69788796a5b4c3d2e1f0\n",
    "docs/links.md": "See https://example.com/docs and mailto:someone@example.com.\n",
    "infra/policy.json": JSON.stringify(
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
      null,
      2,
    ),
    "src/clean.ts": "export const add = (a: number, b: number) => a + b;\n".repeat(40),
  };
  Object.entries(SAMPLES).forEach(([name, sample], i) => {
    const ext = ["ts", "py", "yaml", "env", "md", "json"][i % 6];
    const text =
      ext === "json"
        ? JSON.stringify({ [name]: sample })
        : ext === "py"
          ? `${name.toUpperCase()} = """${sample}"""\n`
          : `${name}: ${sample}\n`;
    files[`planted/${name}.${ext}`] = text;
    files[`disabled/${name}.js`] = `// secretlint-disable-next-line\nconst a = \`${sample}\`;\n`;
  });
  return files;
}

async function audit(root: string, workerFile: string): Promise<Omit<AuditResult, "summary"> & { summary: object }> {
  const folder: AuditFolder = { root, exclude: ["**/node_modules/**"] };
  const result = await runAudit({
    folders: [folder],
    maxBytes: 2 * 1024 * 1024,
    toolVersion: "test",
    workerFile,
    iamCatalogFile: testCatalogFile(),
    workers: 2,
  });
  const { durationMs, ...summary } = result.summary;
  assert.ok(durationMs >= 0);
  return { ...result, summary };
}

describe("audit with rule narrowing", function () {
  this.timeout(120_000);
  const roots: string[] = [];
  after(() => roots.forEach(removeTree));

  it("finds the same as running every rule on every file, on planted secrets of every kind", async () => {
    const root = tempTree(plantedTree());
    roots.push(root);
    const narrowed = await audit(root, TEST_WORKER);
    assert.deepEqual(narrowed, await audit(root, WHOLE_CONFIG_WORKER));
    const kinds = new Set(narrowed.findings.map((f) => f.checkId));
    assert.ok(kinds.size >= 25, `findings of ${kinds.size} rules and checks`);
  });

  it("finds the same on the fixture workspaces", async () => {
    for (const dir of ["test/integration/workspace", "test/fixtures"]) {
      const root = path.join(REPO, dir);
      const narrowed = await audit(root, TEST_WORKER);
      assert.deepEqual(narrowed, await audit(root, WHOLE_CONFIG_WORKER), dir);
      assert.ok(narrowed.findings.length > 10, dir);
    }
  });

  it("finds the same on the benchmark's generated workspace", async () => {
    const { generateWorkspace } = await import(pathToFileURL(path.join(REPO, "bench", "support", "auditWorkspace.mjs")).href);
    const root = tempTree({});
    roots.push(root);
    generateWorkspace(root, { files: 300 });
    const narrowed = await audit(root, TEST_WORKER);
    assert.deepEqual(narrowed, await audit(root, WHOLE_CONFIG_WORKER));
    assert.ok(narrowed.findings.length >= 10);
  });
});
