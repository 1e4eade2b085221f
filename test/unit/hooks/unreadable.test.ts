import * as assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { runFixture, runPayload, tempRoot } from "../../support/hookFixtures";

const ALLOWING = /^agent-security hook: .+; allowing\. Pass --fail-closed to block instead\.\n$/;
const BLOCKING = /^agent-security hook: .+; blocking because --fail-closed is set\.\n$/;

describe("hook on garbled or unknown payloads", () => {
  it("allows a payload that is not JSON, saying why on stderr", async () => {
    const reply = await runPayload(`{"prompt": "${FAKE.githubToken}"`);
    assert.equal(reply.exitCode, 0);
    assert.equal(reply.stdout, "");
    assert.match(reply.stderr, ALLOWING);
    assert.match(reply.stderr, /not valid JSON/);
    for (const raw of RAW_VALUES) assert.ok(!reply.stderr.includes(raw));
  });

  it("blocks it with --fail-closed", async () => {
    const reply = await runPayload("not json", ["--fail-closed"]);
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, BLOCKING);
  });

  it("answers Copilot with a deny decision when failing closed, since exit 2 only warns there", async () => {
    const reply = await runPayload("not json", ["--agent", "copilot", "--fail-closed"]);
    assert.equal(reply.exitCode, 2);
    assert.deepEqual(JSON.parse(reply.stdout), { permissionDecision: "deny", permissionDecisionReason: reply.stderr.trim() });
  });

  it("allows JSON that matches no agent's protocol", async () => {
    const reply = await runPayload(JSON.stringify({ hello: "world" }));
    assert.equal(reply.exitCode, 0);
    assert.match(reply.stderr, /matches no known agent's hook protocol \(pass --agent\); allowing/);
  });

  it("never echoes an event name that could be anything but a name", async () => {
    const reply = await runPayload(JSON.stringify({ hook_event_name: `Pre ${FAKE.githubToken}`, session_id: "s" }), ["--agent", "claude"]);
    assert.match(reply.stderr, /event "\?" is not one the hook checks/);
    for (const raw of RAW_VALUES) assert.ok(!reply.stderr.includes(raw));
  });

  it("allows an event the hook does not check, naming it", async () => {
    const reply = await runPayload(JSON.stringify({ hook_event_name: "SessionStart", session_id: "s", cwd: "." }));
    assert.equal(reply.exitCode, 0);
    assert.match(reply.stderr, /event "SessionStart" is not one the hook checks/);
  });

  it("allows a prompt event without a prompt, and blocks it when failing closed", async () => {
    const payload = JSON.stringify({ hook_event_name: "UserPromptSubmit", session_id: "s", cwd: "." });
    assert.equal((await runPayload(payload)).exitCode, 0);
    assert.equal((await runPayload(payload, ["--fail-closed"])).exitCode, 2);
  });

  it("reads a payload as the agent named by --agent even when it looks like another's", async () => {
    // Without Cursor's identifying fields this would be taken for Kiro CLI (a lower-case event name).
    const payload = JSON.stringify({ hook_event_name: "beforeSubmitPrompt", prompt: `token ${FAKE.githubToken}` });
    const reply = await runPayload(payload, ["--agent", "cursor"]);
    assert.equal(reply.exitCode, 0);
    assert.equal(JSON.parse(reply.stdout).continue, false);
  });

  it("says there is no payload when stdin is empty and USER_PROMPT unset", async () => {
    const reply = await runPayload("");
    assert.equal(reply.exitCode, 0);
    assert.match(reply.stderr, /there is no payload on stdin \(pass --agent\); allowing/);
  });

  it("detects Kiro IDE from USER_PROMPT when stdin is empty", async () => {
    const reply = await runPayload("", [], { USER_PROMPT: `deploy with ${FAKE.githubToken}` });
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, /already sent to the agent/);
  });

  it("allows a Kiro IDE file event that names no file, and says how to name one", async () => {
    const reply = await runPayload("", ["--agent", "kiro", "--event", "fileEdited"]);
    assert.equal(reply.exitCode, 0);
    assert.match(reply.stderr, /fileEdited names no file: add the file path to the hook command/);
  });

  it("rejects an unknown --agent without blocking", async () => {
    const { parseHookArgs } = await import("../../../src/hooks/invocation");
    assert.deepEqual(parseHookArgs(["--agent", "vim"]), {
      error: "--agent must be one of kiro, kiro-cli, claude, cursor, copilot, gemini, codex, windsurf, cline",
      failClosed: false,
    });
  });

  it("allows with a message when a check itself fails, and blocks when failing closed", async () => {
    const broken = { checks: () => ({ secrets: async () => Promise.reject(new Error(`catalogue missing ${FAKE.githubToken}`)) }) };
    const { reply } = await runFixture("claude/user-prompt-submit", `x ${FAKE.githubToken}`, [], broken);
    assert.equal(reply.exitCode, 0);
    assert.match(reply.stderr, /^agent-security hook: the check could not run \(Error at .*\); allowing/);
    for (const raw of RAW_VALUES) assert.ok(!reply.stderr.includes(raw));
    assert.equal((await runFixture("claude/user-prompt-submit", "x", ["--fail-closed"], broken)).reply.exitCode, 2);
  });

  it("skips attached files that are missing, binary or too large", async () => {
    const payload = {
      hook_event_name: "beforeSubmitPrompt",
      conversation_id: "c",
      workspace_roots: ["/nonexistent-root"],
      prompt: "look at these",
      attachments: [{ type: "file", file_path: "/nonexistent-root/missing.ts" }],
    };
    assert.deepEqual(await runPayload(JSON.stringify(payload)), { exitCode: 0, stdout: "", stderr: "" });
  });
});

describe("hook after read-only tools", () => {
  it("reports nothing about a file a tool only viewed", async () => {
    const { root, cleanup } = tempRoot();
    try {
      writeFileSync(path.join(root, ".env"), `TOKEN=${FAKE.githubToken}\n`);
      const viewed = {
        timestamp: 1,
        cwd: root,
        toolName: "view",
        toolArgs: JSON.stringify({ path: ".env" }),
        toolResult: { resultType: "success" },
      };
      assert.deepEqual(await runPayload(JSON.stringify(viewed), ["--agent", "copilot", "--event", "postToolUse"]), {
        exitCode: 0,
        stdout: "",
        stderr: "",
      });
    } finally {
      cleanup();
    }
  });
});
