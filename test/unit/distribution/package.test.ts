import * as assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { FAKE } from "../../fixtures/fakeSecrets";
import { ROOT } from "../../support/dist";
import { cleanEnv, installPackedCli, type PackedCli } from "../../support/packedCli";
import { removeTree, tempTree } from "../../support/tempTree";

const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** What the CLI loads at run time: its bundles, the engines they share, the workers and the IAM index. */
const CLI_FILES = [
  "dist/auditWorker.js",
  "dist/hookDaemon.js",
  "dist/hookRun.js",
  "dist/iam-catalog.json",
  "dist/iam.js",
  "dist/scanWorker.js",
  "dist/scanner.js",
];

describe("npm package: the agent-security command line", function () {
  this.timeout(180_000);

  it("builds before it is packed and declares nothing to install next to it", () => {
    assert.match(manifest.scripts.prepack, /esbuild\.mjs/);
    assert.equal(manifest.private, undefined);
    // Everything the bin runs is bundled: a global install fetches no dependency.
    assert.deepEqual(Object.keys(manifest.dependencies ?? {}), []);
    for (const field of ["repository", "bugs", "homepage", "license", "keywords"])
      assert.ok(manifest[field], `package.json has no ${field}`);
  });

  it("holds the CLI bundles and their runtime files, nothing else", () => {
    const [packed] = JSON.parse(
      execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, env: cleanEnv(), encoding: "utf8" }),
    );
    const files: string[] = packed.files.map((f: { path: string }) => f.path).sort();
    const subcommands = [...readFileSync(path.join(ROOT, "src/cli/main.ts"), "utf8").matchAll(/import\("\.\/(\w+)"\)/g)].map(
      (m) => `dist/cli-${m[1]}.js`,
    );
    const expected = [...CLI_FILES, "dist/cli.js", ...subcommands, "LICENSE", "README.md", "package.json"].sort();
    assert.deepEqual(files, expected);
  });

  describe("installed globally from the tarball into a temporary prefix", () => {
    let packed: PackedCli;
    let work: string;
    before(() => {
      packed = installPackedCli();
      work = tempTree({
        "config.ts": `export const token = "${FAKE.githubToken}";\n`,
        "clean.ts": "export const greeting = 'hello';\n",
        "policy.json": JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }, null, 2),
      });
    });
    after(() => {
      packed?.dispose();
      if (work) removeTree(work);
    });

    /** Runs the installed bin as a shell would find it: through PATH, with only the prefix's bin added. */
    const run = (args: string[], extraEnv: Record<string, string> = {}, input = "") => {
      const env = cleanEnv({
        PATH: `${packed.binDir}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}/usr/bin:/bin`,
        ...extraEnv,
      });
      const result = spawnSync("agent-security", args, { cwd: work, env, encoding: "utf8", timeout: 60_000, input });
      const output = result.stdout + result.stderr;
      assert.ok(!output.includes(FAKE.githubToken), "the CLI printed the raw secret");
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    it("prints its version", () => {
      assert.deepEqual(run(["--version"]), { status: 0, stdout: `${manifest.version}\n`, stderr: "" });
    });

    it("scan: exit 1 and the secret masked on a file with a secret, 0 on a clean one", () => {
      const found = run(["scan", "config.ts", "clean.ts"]);
      assert.equal(found.status, 1, found.stderr);
      assert.match(found.stdout, /^config\.ts:1:\d+ GitHub token ghp_\*+\n$/);
      assert.equal(run(["scan", "clean.ts"]).status, 0);
    });

    it("iam: reads the catalogue index installed with it", () => {
      const result = run(["iam", "policy.json"]);
      assert.equal(result.status, 1, result.stderr);
      assert.match(result.stdout, /policy\.json:\d+:\d+ iam-service-wildcard .*Amazon S3/);
    });

    it("hook: blocks a prompt with a secret, then through the resident scanner the first hook started", async () => {
      const sockets = mkdtempSync(path.join(tmpdir(), "agent-security-resident-"));
      try {
        const resident = { AGENT_SECURITY_RESIDENT: "1", AGENT_SECURITY_RESIDENT_DIR: sockets, AGENT_SECURITY_RESIDENT_IDLE_MS: "2000" };
        const prompt = JSON.stringify({
          hook_event_name: "UserPromptSubmit",
          prompt: `use ${FAKE.githubToken}`,
          session_id: "s",
          cwd: ".",
        });
        const first = run(["hook"], resident, prompt);
        assert.equal(first.status, 2, first.stderr);
        for (let waited = 0; !readdirSync(sockets).some((f) => f.endsWith(".sock")); waited += 50) {
          assert.ok(waited < 15_000, "the installed daemon did not start");
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
        assert.deepEqual(run(["hook"], resident, prompt), first);
        // Stopped (its code caches written into the installed package) before the package is removed.
        while (readdirSync(sockets).length > 0) await new Promise((resolve) => setTimeout(resolve, 50));
      } finally {
        rmSync(sockets, { recursive: true, force: true });
      }
    });

    it("audit: runs its workers and writes SARIF", () => {
      const result = run(["audit", ".", "--format", "sarif"]);
      assert.equal(result.status, 1, result.stderr);
      const sarif = JSON.parse(result.stdout);
      const rules = new Set(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId));
      assert.ok(rules.has("iam-service-wildcard"), [...rules].join(", "));
      assert.ok(
        sarif.runs[0].results.some(
          (r: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }) =>
            r.locations[0].physicalLocation.artifactLocation.uri === "config.ts",
        ),
      );
    });
  });
});
