import * as assert from "node:assert/strict";
import { secretCheck, type ContentCheck } from "../../../src/hooks/checks";
import type { HookOptions } from "../../../src/hooks/run";
import { runFixture } from "./fixtures";

// The IAM check itself lives in src/iam; here a stand-in shows what the hook does with its answers.
const wildcardActions: ContentCheck = async (item) =>
  [...item.text.matchAll(/"Action"\s*:\s*"\*"/g)].map((m) => ({
    check: "iam" as const,
    kind: "an IAM policy allowing every action",
    masked: m[0],
    where: item.label,
    line: item.text.slice(0, m.index).split("\n").length,
  }));

const withIam: Partial<HookOptions> = { checks: (root) => ({ secrets: secretCheck(root), iam: wildcardActions }) };
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, null, 2);

describe("hook IAM check seam", () => {
  it("blocks content about to be written that grants every action", async () => {
    const { reply } = await runFixture("claude/pre-tool-use-write", POLICY, [], withIam);
    assert.equal(reply.exitCode, 2);
    assert.equal(
      reply.stderr,
      'Agent Security blocked this change to src/config.ts: it would write an IAM policy allowing every action ("Action": "*") at line 6. ' +
        "Grant only the actions and resources the code needs instead of wildcards. Then try again.\n",
    );
  });

  it("reports it after a write", async () => {
    const { reply } = await runFixture("kiro-cli/post-tool-use", POLICY, [], withIam);
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, /src\/config\.ts now holds an IAM policy allowing every action/);
  });

  it("leaves prompts to the secret check", async () => {
    const { reply } = await runFixture("claude/user-prompt-submit", `Why is ${POLICY} too broad?`, [], withIam);
    assert.deepEqual(reply, { exitCode: 0, stdout: "", stderr: "" });
  });

  it("does not ask the IAM check about text without an action wildcard", async () => {
    let asked = 0;
    const counting: Partial<HookOptions> = { checks: (root) => ({ secrets: secretCheck(root), iam: async () => (asked++, []) }) };
    await runFixture("claude/pre-tool-use-write", "export const x = 1;\n", [], counting);
    assert.equal(asked, 0);
  });
});
