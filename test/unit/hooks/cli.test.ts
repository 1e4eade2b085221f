import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";

const MAIN = path.join(__dirname, "..", "..", "..", "src", "cli", "main.ts");

/** The real command, in a child process: stdin, environment, exit code and both streams. */
function hook(stdin: string, args: string[] = [], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, ["--import", "tsx", MAIN, "hook", ...args], {
    input: stdin,
    encoding: "utf8",
    env: { ...process.env, ...env },
    cwd: path.join(__dirname, "..", "..", ".."),
  });
  return { exitCode: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("agent-security hook, as a process", function () {
  this.timeout(60_000);

  it("exits 2 with a masked message for a Claude prompt holding a token", () => {
    const stdin = JSON.stringify({
      hook_event_name: "UserPromptSubmit",
      prompt: `use token ${FAKE.githubToken}`,
      session_id: "s",
      cwd: ".",
    });
    const { exitCode, stdout, stderr } = hook(stdin);
    assert.equal(exitCode, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /GitHub token \(ghp_\*{16}\).*AWS Secrets Manager/);
    for (const raw of RAW_VALUES) assert.ok(!stderr.includes(raw));
  });

  it("blocks a prompt holding an OpenAI project key or a password assignment, which only Agent Security's own rules know", () => {
    // Fakes in the documented formats, written for this test.
    const projectKey = "sk-proj-" + "Qm7vX2pL9rT4wZ8kN3bH6jD1fS5gA0cE".repeat(3) + "xY4";
    const password = "Vq7#mLp2zR9w";
    for (const [prompt, kind] of [
      [`use ${projectKey} for the embeddings job`, /OpenAI project API key \(sk-proj-\*{16}\)/],
      [`why does DB_PASSWORD="${password}" fail against staging?`, /Password \(\*{12}\)/],
    ] as const) {
      const { exitCode, stdout, stderr } = hook(JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt, session_id: "s", cwd: "." }));
      assert.equal(exitCode, 2, stderr);
      assert.equal(stdout, "");
      assert.match(stderr, kind);
      assert.ok(!stderr.includes(projectKey) && !stderr.includes(password));
    }
  });

  it("exits 0 printing nothing for a clean prompt", () => {
    const stdin = JSON.stringify({
      hook_event_name: "UserPromptSubmit",
      prompt: "use the token from the vault",
      session_id: "s",
      cwd: ".",
    });
    assert.deepEqual(hook(stdin), { exitCode: 0, stdout: "", stderr: "" });
  });

  it("reads a Kiro IDE prompt from USER_PROMPT without waiting for stdin", () => {
    const { exitCode, stderr } = hook("", ["--agent", "kiro"], { USER_PROMPT: `token ${FAKE.githubToken}` });
    assert.equal(exitCode, 2);
    assert.match(stderr, /already sent to the agent/);
  });

  it("answers Cursor on stdout", () => {
    const stdin = JSON.stringify({
      hook_event_name: "beforeSubmitPrompt",
      conversation_id: "c",
      workspace_roots: ["."],
      prompt: `x ${FAKE.slackToken}`,
    });
    const { exitCode, stdout } = hook(stdin);
    assert.equal(exitCode, 0);
    assert.equal(JSON.parse(stdout).continue, false);
  });

  it("allows garbled input with a message, and blocks it with --fail-closed", () => {
    assert.equal(hook("{oops").exitCode, 0);
    assert.equal(hook("{oops", ["--fail-closed"]).exitCode, 2);
  });
});
