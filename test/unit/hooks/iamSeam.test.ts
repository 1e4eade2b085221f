import * as assert from "node:assert/strict";
import { policyOf, secretCheck, type ContentCheck } from "../../../src/hooks/checks";
import { iamCheck } from "../../../src/hooks/iamCheck";
import type { HookOptions } from "../../../src/hooks/run";
import { testCatalogFile } from "../../support/iam";
import { runFixture } from "../../support/hookFixtures";

// The IAM check itself lives in src/iam; here a stand-in shows what the hook does with its answers.
const wildcardActions: ContentCheck = async (item) =>
  [...item.text.matchAll(/"Action"\s*:\s*"\*"/g)].map((m) => ({
    check: "iam" as const,
    kind: "over-broad IAM policy",
    masked: '"*"',
    detail: "it allows every action",
    where: item.label,
    line: item.text.slice(0, m.index).split("\n").length,
  }));

const withIam: Partial<HookOptions> = { checks: (root) => ({ secrets: secretCheck(policyOf(root)), iam: wildcardActions }) };
const POLICY = JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }] }, null, 2);

describe("hook IAM check seam", () => {
  it("blocks content about to be written that grants every action", async () => {
    const { reply } = await runFixture("claude/pre-tool-use-write", POLICY, [], withIam);
    assert.equal(reply.exitCode, 2);
    assert.equal(
      reply.stderr,
      'Agent Security blocked this change to src/config.ts: it would write an over-broad IAM policy ("*") at line 6: it allows every action. ' +
        "Grant only the actions and resources the code needs instead of wildcards. Then try again.\n",
    );
  });

  it("reports it after a write", async () => {
    const { reply } = await runFixture("kiro-cli/post-tool-use", POLICY, [], withIam);
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, /src\/config\.ts now holds an over-broad IAM policy \("\*"\) at line 6/);
  });

  it("leaves prompts to the secret check", async () => {
    const { reply } = await runFixture("claude/user-prompt-submit", `Why is ${POLICY} too broad?`, [], withIam);
    assert.deepEqual(reply, { exitCode: 0, stdout: "", stderr: "" });
  });

  it("does not ask the IAM check about text without an action wildcard", async () => {
    let asked = 0;
    const counting: Partial<HookOptions> = { checks: (root) => ({ secrets: secretCheck(policyOf(root)), iam: async () => (asked++, []) }) };
    await runFixture("claude/pre-tool-use-write", "export const x = 1;\n", [], counting);
    assert.equal(asked, 0);
  });
});

describe("hook IAM check with the IAM engine", function () {
  this.timeout(60_000);
  const engine: Partial<HookOptions> = {
    checks: (root) => {
      const policy = policyOf(root);
      return { secrets: secretCheck(policy), iam: iamCheck(policy, testCatalogFile()) };
    },
  };
  const statement = (action: unknown, extra: object = {}) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: action, Resource: "*", ...extra }] }, null, 2);

  it('blocks "Action": "*" about to be written, saying what it grants', async () => {
    const { reply } = await runFixture("kiro-cli/pre-tool-use-create", statement("*"), [], engine);
    assert.equal(reply.exitCode, 2);
    assert.match(
      reply.stderr,
      /^Agent Security blocked this change to src\/config\.ts: it would write an over-broad IAM policy \("\*"\) at line 6: Action "\*" allows every action of every AWS service/,
    );
    assert.match(reply.stderr, /Grant only the actions and resources the code needs instead of wildcards\. Then try again\.\n$/);
  });

  it("blocks a service wildcard and names the service's actions", async () => {
    const { reply } = await runFixture("copilot/pre-tool-use-create", statement(["s3:*"]), [], engine);
    const decision = JSON.parse(reply.stdout);
    assert.equal(decision.permissionDecision, "deny");
    assert.match(
      decision.permissionDecisionReason,
      /over-broad IAM policy \("s3:\*"\) at line 7: "s3:\*" grants all \d+ actions of Amazon S3/,
    );
  });

  it("lets explicit actions through, and a wildcard narrowed by a condition", async () => {
    assert.equal(
      (await runFixture("claude/pre-tool-use-write", statement(["s3:GetObject", "s3:PutObject"]), [], engine)).reply.exitCode,
      0,
    );
    const narrowed = statement("s3:*", { Condition: { StringEquals: { "aws:ResourceTag/team": "data" } } });
    assert.equal((await runFixture("claude/pre-tool-use-write", narrowed, [], engine)).reply.exitCode, 0);
  });
});
