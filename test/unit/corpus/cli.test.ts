import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { tmpdir } from "node:os";
import { RAW_VALUES } from "../../fixtures/fakeSecrets";
import { corpus, hookPayloads } from "../../support/corpus";
import { builtCli } from "../../support/dist";
import { writeSlowSecretlintrc } from "../../support/slowRules";
import { FAKE } from "../../fixtures/fakeSecrets";
import { removeTree, tempTree } from "../../support/tempTree";

/** One run of the bundled CLI; a run that does not end within the limit fails the test as a hang. */
function cli(args: string[], options: { input?: Buffer; cwd?: string } = {}) {
  const result = spawnSync(process.execPath, [builtCli(), ...args], {
    input: options.input,
    cwd: options.cwd ?? tmpdir(),
    encoding: "utf8",
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.equal(result.signal, null, `agent-security ${args[0]} did not finish (${result.signal})`);
  const output = result.stdout + result.stderr;
  assert.doesNotMatch(output, /internal error|at .+\.js:\d+/, `agent-security ${args[0]} crashed:\n${output.slice(0, 2000)}`);
  for (const raw of RAW_VALUES) assert.ok(!output.includes(raw), `agent-security ${args[0]} printed a raw secret (${raw.slice(0, 4)}…)`);
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ALLOWING = /^agent-security hook: (.+); allowing\. Pass --fail-closed to block instead\.\n$/;

/** What the hook answers each garbled payload: the reason it allows, or a block of the secret inside. */
const HOOK_REPLIES: Record<string, RegExp | "blocked"> = {
  "array.json": /the payload matches no known agent's hook protocol/,
  "bom.json": "blocked",
  "copilot-bad-args.json": /preToolUse payload has no tool_input/,
  "cursor-wrong-types.json": /beforeSubmitPrompt payload has no prompt/,
  "empty.txt": /there is no payload on stdin/,
  "null.json": /the payload matches no known agent's hook protocol/,
  "number.json": /the payload matches no known agent's hook protocol/,
  "prompt-not-string.json": /UserPromptSubmit payload has no prompt/,
  "string.json": /the payload matches no known agent's hook protocol/,
  "tool-input-wrong-types.json": "blocked",
  "truncated.json": /the payload on stdin is not valid JSON/,
  "unknown-event.json": /the payload matches no known agent's hook protocol/,
  "whitespace.txt": /there is no payload on stdin/,
  "wrong-types.json": /the payload matches no known agent's hook protocol/,
  "generated/deep-array": /the payload matches no known agent's hook protocol/,
  "generated/deep-tool-input": "blocked",
  "generated/binary": /the payload on stdin is not valid JSON/,
  "generated/huge-prompt-8mb": "blocked",
  "generated/over-limit-40mb": /the payload is larger than 32 MB/,
};

describe("bad-input corpus: the command line", function () {
  this.timeout(180_000);

  describe("agent-security hook on garbled payloads", () => {
    const payloads = hookPayloads();

    it("has an expected reply for every payload", () => {
      assert.deepEqual(Object.keys(payloads).sort(), Object.keys(HOOK_REPLIES).sort());
    });

    for (const [name, expected] of Object.entries(HOOK_REPLIES)) {
      it(`${name}: ${expected === "blocked" ? "blocks the secret inside" : "allows, saying why; blocks with --fail-closed"}`, () => {
        const reply = cli(["hook"], { input: payloads[name] });
        if (expected === "blocked") {
          assert.equal(reply.exitCode, 2);
          assert.match(reply.stderr, /^Agent Security blocked [\s\S]*GitHub token \(ghp_\*+\)/);
          return;
        }
        assert.deepEqual([reply.exitCode, reply.stdout], [0, ""]);
        assert.match(reply.stderr, ALLOWING);
        assert.match(reply.stderr, expected);
        const closed = cli(["hook", "--fail-closed"], { input: payloads[name] });
        assert.equal(closed.exitCode, 2);
        assert.match(closed.stderr, /; blocking because --fail-closed is set\.\n$/);
      });
    }
  });

  it("agent-security scan reports each file's secrets or why it was skipped", () => {
    const { root, entries } = corpus();
    const { exitCode, stdout, stderr } = cli(["scan", ...entries.map((e) => e.rel)], { cwd: root });
    assert.equal(exitCode, 2, "some files cannot be read");
    for (const entry of entries) {
      const said = stderr.split("\n").filter((line) => line.startsWith(`${entry.rel}: `));
      const found = stdout.split("\n").filter((line) => line.startsWith(`${entry.rel}:`));
      // scan's own limit is 10 MB: the 5 MB minified file is read.
      const read = entry.rel === "generated/minified-5mb.js" ? "text" : entry.read;
      if (read === "text") {
        assert.deepEqual(said, [], entry.rel);
        assert.equal(found.length, entry.secrets, `${entry.rel}: ${found.join(" | ")}`);
      } else {
        assert.equal(said.length, 1, `${entry.rel}: ${stderr}`);
        assert.match(
          said[0],
          read === "binary" || read === "too-large" ? /: skipped: (binary file|larger than \d+ KB)$/ : /: cannot read: [a-z ]+$/,
        );
      }
    }
  });

  it("agent-security iam checks every readable file and names the others", () => {
    const { root, entries } = corpus();
    const { exitCode, stdout, stderr } = cli(["iam", ...entries.map((e) => e.rel)], { cwd: root });
    assert.equal(exitCode, 2, "some files cannot be read");
    assert.match(stdout, /^json\/duplicate-keys\.json:1:\d+ iam-/m, "a readable policy is still checked");
    for (const entry of entries.filter((e) => e.read !== "text" && e.rel !== "generated/minified-5mb.js")) {
      assert.match(stderr, new RegExp(`^${entry.rel.replace(/[.]/g, "\\.")}: (skipped|cannot read): `, "m"), entry.rel);
    }
  });

  it("agent-security audit finishes on the corpus and counts what it skipped", () => {
    const { root } = corpus();
    const { exitCode, stdout } = cli(["audit", "--format", "json", "--workers", "2"], { cwd: root });
    assert.equal(exitCode, 1, "the corpus holds secrets");
    const report = JSON.parse(stdout) as { summary: { skipped: Record<string, number>; scanned: number } };
    assert.ok(report.summary.scanned > 30);
    assert.ok(
      report.summary.skipped["symlink-loop"] >= 3 && report.summary.skipped.binary >= 3 && report.summary.skipped["too-large"] >= 1,
    );
  });

  it("agent-security audit skips a file whose analysis runs past --scan-timeout and finishes", () => {
    const root = tempTree({
      "slow.ts": `const token = "${FAKE.githubToken}";\n`,
      "policy.json": JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
    });
    writeSlowSecretlintrc(root);
    try {
      const json = cli(["audit", "--format", "json", "--scan-timeout", "500", "--workers", "1"], { cwd: root });
      assert.equal(json.exitCode, 1, "the IAM finding still counts");
      const report = JSON.parse(json.stdout) as { summary: { skipped: Record<string, number> } };
      assert.equal(report.summary.skipped.timeout, 1);
      const text = cli(["audit", "--scan-timeout", "500"], { cwd: root });
      assert.match(text.stdout, /1 took longer than the time budget/);
      assert.equal(cli(["audit", "--scan-timeout", "0"], { cwd: root }).exitCode, 2);
    } finally {
      removeTree(root);
    }
  });

  it("agent-security hook stops a check that runs past --timeout, allowing with a message (blocking with --fail-closed)", () => {
    const root = tempTree({});
    writeSlowSecretlintrc(root);
    try {
      const payload = Buffer.from(
        JSON.stringify({ hook_event_name: "UserPromptSubmit", session_id: "s", cwd: root, prompt: `use ${FAKE.githubToken}` }),
      );
      const open = cli(["hook", "--timeout", "1"], { input: payload, cwd: root });
      assert.deepEqual(open, {
        exitCode: 0,
        stdout: "",
        stderr: "agent-security hook: the check did not finish within 1 s; allowing. Pass --fail-closed to block instead.\n",
      });
      const closed = cli(["hook", "--timeout", "1", "--fail-closed"], { input: payload, cwd: root });
      assert.equal(closed.exitCode, 2);
    } finally {
      removeTree(root);
    }
  });

  it("agent-security scan and iam stop one file's analysis at --scan-timeout, say so, exit 2 and check the other files", () => {
    // Slow for the secret scan: the folder's own allow pattern. Slow for the IAM check: 20,000 YAML statements.
    const slowYaml = "Statement:\n" + "  - Effect: Allow\n    Action: s3:*\n    Resource: '*'\n".repeat(20_000);
    const root = tempTree({
      "slow.ts": `const token = "${FAKE.githubToken}";\n`,
      "clean.ts": "export {};\n",
      "slow.yaml": slowYaml,
      "policy.json": JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] }),
    });
    writeSlowSecretlintrc(root);
    try {
      const scan = cli(["scan", "--scan-timeout", "500", "slow.ts", "clean.ts"], { cwd: root });
      assert.deepEqual(scan, { exitCode: 2, stdout: "", stderr: "slow.ts: cannot check: took longer than 500 ms (--scan-timeout)\n" });
      const iam = cli(["iam", "--scan-timeout", "200", "slow.yaml", "policy.json"], { cwd: root });
      assert.equal(iam.exitCode, 2);
      assert.equal(iam.stderr, "slow.yaml: cannot check: took longer than 200 ms (--scan-timeout)\n");
      assert.match(iam.stdout, /^policy\.json:1:\d+ iam-service-wildcard /);
    } finally {
      removeTree(root);
    }
  });
});
