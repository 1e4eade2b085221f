import * as assert from "node:assert/strict";
import * as path from "node:path";
import { buildInvocation, parseHookArgs } from "../../../src/hooks/invocation";
import { runHook } from "../../../src/hooks/run";
import type { HookReply } from "../../../src/hooks/types";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { writeSlowSecretlintrc } from "../../support/slowRules";
import { removeTree, tempTree } from "../../support/tempTree";

const WORKER = path.join(__dirname, "..", "..", "support", "analysisWorker.mjs");

function prompt(root: string, text: string): string {
  return JSON.stringify({ hook_event_name: "UserPromptSubmit", session_id: "s", cwd: root, prompt: text });
}

async function hook(stdin: string, args: string[], root: string): Promise<HookReply> {
  const parsed = parseHookArgs(args);
  if ("error" in parsed) throw new Error(parsed.error);
  const reply = await runHook(buildInvocation(parsed, {}, { text: stdin }, root), { ...parsed.options, workerFile: WORKER });
  for (const raw of RAW_VALUES) assert.ok(!reply.stdout.includes(raw) && !reply.stderr.includes(raw), "raw secret in the reply");
  return reply;
}

describe("hook time budget", function () {
  this.timeout(60_000);
  let slow: string;
  let plain: string;
  before(() => {
    slow = tempTree({});
    writeSlowSecretlintrc(slow);
    plain = tempTree({});
  });
  after(() => [slow, plain].forEach(removeTree));

  it("rejects a --timeout that is not a positive number of seconds", () => {
    assert.deepEqual(parseHookArgs(["--timeout", "0"]), { error: "--timeout must be a positive number of seconds", failClosed: false });
  });

  it("allows, saying so, when the check runs past --timeout; blocks with --fail-closed", async () => {
    const started = Date.now();
    const reply = await hook(prompt(slow, `deploy with ${FAKE.githubToken}`), ["--timeout", "1"], slow);
    assert.deepEqual([reply.exitCode, reply.stdout], [0, ""]);
    assert.equal(
      reply.stderr,
      "agent-security hook: the check did not finish within 1 s; allowing. Pass --fail-closed to block instead.\n",
    );
    // The allow pattern backtracks for ages: only stopping the worker ends the check this soon.
    assert.ok(Date.now() - started < 20_000);
    const closed = await hook(prompt(slow, `deploy with ${FAKE.githubToken}`), ["--timeout", "1", "--fail-closed"], slow);
    assert.equal(closed.exitCode, 2);
    assert.match(closed.stderr, /the check did not finish within 1 s; blocking because --fail-closed is set/);
  });

  it("checks a large text in the worker and still finds what is in it", async () => {
    const reply = await hook(prompt(plain, `${"lorem ipsum ".repeat(30_000)} token ${FAKE.githubToken}`), [], plain);
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, /^Agent Security blocked this prompt: it contains a GitHub token \(ghp_\*+\)/);
  });
});
