// Secrets stay secret, outside the editor: everything the shipped CLI prints or
// writes (scan, iam, audit in every format with its cache, every hook fixture,
// the Markdown report, suppressions) over the whole fixture corpus, run as
// child processes of dist/cli.js, holds none of the planted values. The
// editor's side is test/integration/suite/secrecy.test.ts.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { toMarkdown } from "../../src/audit/report/markdown";
import type { AuditResult } from "../../src/audit/types";
import { addSuppression } from "../../src/scan/workspacePolicy";
import { builtCli } from "../support/dist";
import { CORPUS_ROOTS, corpusFiles, leaksIn, plantedValues } from "../support/plantedSecrets";
import { fixtureNames, materializeFixture } from "../support/hookFixtures";

const REPO = path.join(__dirname, "..", "..");

interface Run {
  name: string;
  code: number | null;
  stdout: string;
  stderr: string;
}

describe("secrets stay secret: the CLI and the hooks, as processes, over the whole fixture corpus", function () {
  this.timeout(180_000);
  let values: string[];
  let scratch: string;
  /** A copy of every corpus folder, side by side: the CLI may write next to them. */
  let corpus: string;
  let cacheDir: string;
  const leaks: string[] = [];

  let cli: string;
  const agentSecurity = (
    name: string,
    args: string[],
    options: { cwd?: string; input?: string; env?: Record<string, string> } = {},
  ): Run => {
    const result = spawnSync(process.execPath, [cli, ...args], {
      cwd: options.cwd ?? corpus,
      input: options.input ?? "",
      encoding: "utf8",
      maxBuffer: 1 << 26,
      env: { ...process.env, AGENT_SECURITY_CACHE_DIR: cacheDir, ...options.env },
    });
    if (result.error) throw result.error;
    const run = { name, code: result.status, stdout: result.stdout, stderr: result.stderr };
    leaks.push(...leaksIn(`${name} stdout`, run.stdout, values), ...leaksIn(`${name} stderr`, run.stderr, values));
    return run;
  };

  /** Every file below `dir`, each checked as written. */
  const checkFiles = (label: string, dir: string) => {
    for (const entry of readdirSync(dir, { recursive: true }).map(String)) {
      const file = path.join(dir, entry);
      if (statSync(file).isFile()) leaks.push(...leaksIn(`${label} ${entry}`, readFileSync(file), values));
    }
  };

  before(async () => {
    // The shipped bundles are what users run.
    cli = builtCli();
    values = await plantedValues(REPO);
    scratch = mkdtempSync(path.join(tmpdir(), "agent-security-secrecy-"));
    corpus = path.join(scratch, "corpus");
    cacheDir = path.join(scratch, "cache");
    for (const root of CORPUS_ROOTS) cpSync(path.join(REPO, root), path.join(corpus, root), { recursive: true });
    mkdirSync(cacheDir);
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  afterEach(function () {
    const found = leaks.splice(0);
    if (this.currentTest?.state === "passed") assert.deepEqual(found, [], "raw secret values in the output");
  });

  it("knows every planted value: the listed fakes and the exact text of every finding the engine makes in the corpus", () => {
    // Multi-line values count line by line, so there are more values than findings.
    assert.ok(values.length >= 15, `only ${values.length} planted values`);
    assert.ok(
      values.some((v) => v.startsWith("ghp_Fake")),
      "the try-it sample's token is collected from a scan, not listed",
    );
  });

  it("scan: every corpus file, findings masked", () => {
    const files = CORPUS_ROOTS.flatMap((root) => corpusFiles(path.join(corpus, root))).map((f) => path.relative(corpus, f));
    const run = agentSecurity("scan", ["scan", ...files]);
    assert.equal(run.code, 1);
    assert.ok(run.stdout.split("\n").filter(Boolean).length >= 15, run.stdout);
    assert.match(run.stdout, /ghp_\*+/);
  });

  it("iam: every corpus file", () => {
    const files = CORPUS_ROOTS.flatMap((root) => corpusFiles(path.join(corpus, root))).map((f) => path.relative(corpus, f));
    const run = agentSecurity("iam", ["iam", ...files]);
    assert.equal(run.code, 1);
    assert.match(run.stdout, /iam-action-star|iam-service-wildcard/);
  });

  it("audit: text, JSON, SARIF to a file, Markdown from the JSON, and the cache, first and warm", () => {
    const cache = path.join(scratch, "audit-cache");
    const sarif = path.join(scratch, "report.sarif");
    const text = agentSecurity("audit text", ["audit", ".", "--cache-dir", cache]);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /GitHub token/);
    const json = agentSecurity("audit json", ["audit", ".", "--format", "json", "--cache-dir", cache]);
    const result = JSON.parse(json.stdout) as AuditResult;
    assert.ok(result.findings.some((f) => f.analyzer === "secrets") && result.findings.some((f) => f.analyzer === "iam"));
    agentSecurity("audit sarif", ["audit", ".", "--format", "sarif", "--output", sarif]);
    leaks.push(...leaksIn("audit SARIF file", readFileSync(sarif), values));
    leaks.push(...leaksIn("audit Markdown", toMarkdown(result), values));
    checkFiles("audit cache", cache);
  });

  it("hook: every fixture under test/fixtures/hooks, with the corpus's secrets as the prompt or the written content", function () {
    // Two processes per fixture, on a machine that may be busy.
    this.timeout(fixtureNames().length * 8_000);
    // One content holding every planted secret in the context it was planted in.
    const content = CORPUS_ROOTS.flatMap((root) => corpusFiles(path.join(corpus, root)))
      .map((file) => readFileSync(file, "utf8"))
      .filter((text) => values.some((value) => text.includes(value)) && !text.includes("\0"))
      .join("\n");
    let blocked = 0;
    for (const name of fixtureNames()) {
      const root = mkdtempSync(path.join(scratch, "hook-"));
      const fixture = materializeFixture(name, content, root);
      const run = agentSecurity(`hook ${name}`, ["hook", ...fixture.args], { cwd: root, input: fixture.stdin, env: fixture.env });
      if (run.code === 2 || /"(decision|permissionDecision|continue|cancel|modifiedResult)"/.test(run.stdout)) blocked++;
      // Cut inside the first secret: a payload the hook cannot parse must not be quoted back.
      const cut = values.map((v) => fixture.stdin.indexOf(v.slice(0, 12))).find((at) => at > 0);
      if (cut !== undefined)
        agentSecurity(`hook ${name} (truncated payload)`, ["hook", ...fixture.args, "--fail-closed"], {
          cwd: root,
          input: fixture.stdin.slice(0, cut + 8),
          env: fixture.env,
        });
    }
    assert.ok(blocked >= fixtureNames().length / 2, `only ${blocked} fixtures answered with a block or a decision`);
    checkFiles("hook code cache", cacheDir);
  });

  it("suppressions: .agent-security.json with an entry for every finding of the audit", () => {
    const result = JSON.parse(agentSecurity("audit json", ["audit", ".", "--format", "json"]).stdout) as AuditResult;
    let projectFile: string | undefined;
    for (const f of result.findings) {
      projectFile = addSuppression(projectFile, {
        file: f.file,
        check: f.checkId,
        fingerprint: f.fingerprint,
        reason: `reviewed ${f.kind}`,
      });
    }
    assert.ok(projectFile && projectFile.split("fingerprint").length > result.findings.length / 2);
    leaks.push(...leaksIn(".agent-security.json", projectFile, values));
  });
});
