import * as assert from "node:assert/strict";
import { describeFindings, redactSecrets, redactToolResult } from "../../../src/hooks/redact";
import { outputTexts } from "../../../src/hooks/payload";
import type { Issue } from "../../../src/hooks/types";
import { SecretScanner } from "../../../src/secrets/engine";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { runPayload } from "../../support/hookFixtures";

describe("redaction", () => {
  it("replaces each secret by its kind and keeps the rest", async () => {
    const scanner = await SecretScanner.create();
    const text = `token=${FAKE.githubToken}\nslack: ${FAKE.slackToken}\ndb = "${FAKE.postgresUrl}"\n`;
    const findings = await scanner.scan(text, "/w/notes.txt");
    const redacted = redactSecrets(text, findings);
    assert.equal(
      redacted,
      'token=[REDACTED GitHub token]\nslack: [REDACTED Slack token]\ndb = "[REDACTED PostgreSQL connection string with password]"\n',
    );
    for (const raw of RAW_VALUES) assert.ok(!redacted.includes(raw));
  });

  it("replaces a found value wherever else it stands, also the password of a connection string on its own", async () => {
    const scanner = await SecretScanner.create();
    const text = `db = "${FAKE.postgresUrl}"\nnote = "${FAKE.postgresPassword}"\n# again: ${FAKE.githubToken} ${FAKE.githubToken}\n`;
    const findings = await scanner.scan(text, "/w/notes.txt");
    assert.ok(
      !findings.some((f) => text.slice(f.offset, f.offset + f.length) === FAKE.postgresPassword),
      "the bare password is no finding of its own",
    );
    const redacted = redactSecrets(text, findings);
    assert.equal(
      redacted,
      'db = "[REDACTED PostgreSQL connection string with password]"\nnote = "[REDACTED PostgreSQL connection string with password]"\n# again: [REDACTED GitHub token] [REDACTED GitHub token]\n',
    );
  });

  it("merges overlapping reports", () => {
    assert.equal(
      redactSecrets("abcdefghij", [
        { offset: 2, length: 5, kind: "A" },
        { offset: 3, length: 2, kind: "B" },
      ]),
      "ab[REDACTED A]hij",
    );
  });

  it("describes findings in a sentence", () => {
    assert.equal(
      describeFindings([
        { kind: "GitHub token", masked: "ghp_****" },
        { kind: "AWS secret access key", masked: "1tUm****" },
        { kind: "Slack token", masked: "xoxb****" },
      ]),
      "a GitHub token (ghp_****), an AWS secret access key (1tUm****) and a Slack token (xoxb****)",
    );
  });
});

describe("redacting a tool's result in its own shape", () => {
  const root = "/w";
  /** The issue the check reports for `value` standing at the start of text number `textIndex`. */
  const issueAt = (textIndex: number, value: string): Issue => ({
    check: "secret",
    kind: "GitHub token",
    masked: "ghp_****",
    where: "the x call",
    line: 1,
    span: { offset: 0, length: value.length },
    textIndex,
  });

  it("replaces the secret in the string it was found in, wherever that string is nested", () => {
    const result = {
      content: [
        { type: "text", text: "ok" },
        { type: "text", text: `${FAKE.githubToken} is set` },
      ],
      isError: false,
    };
    const texts = outputTexts(root, result, "mcp__x__y");
    assert.deepEqual(redactToolResult(result, texts, [issueAt(3, FAKE.githubToken)]), {
      content: [
        { type: "text", text: "ok" },
        { type: "text", text: "[REDACTED GitHub token] is set" },
      ],
      isError: false,
    });
  });

  it("keeps a result given as text, plain or JSON, as text", () => {
    const plain = `${FAKE.githubToken} is set`;
    assert.equal(redactToolResult(plain, outputTexts(root, plain, "t"), [issueAt(0, FAKE.githubToken)]), "[REDACTED GitHub token] is set");
    const jsonText = JSON.stringify({ token: FAKE.githubToken });
    const texts = outputTexts(root, JSON.parse(jsonText), "t");
    assert.equal(redactToolResult(jsonText, texts, [issueAt(0, FAKE.githubToken)]), '{"token":"[REDACTED GitHub token]"}');
  });

  it("gives up, changing nothing, when the result's strings are not the texts checked", () => {
    const result = { a: FAKE.githubToken, b: "other" };
    const texts = outputTexts(root, { a: FAKE.githubToken, b: "different" }, "t");
    assert.equal(redactToolResult(result, texts, [issueAt(0, FAKE.githubToken)]), undefined);
    assert.deepEqual(result, { a: FAKE.githubToken, b: "other" });
  });
});

describe("Claude Code PostToolUse after an MCP tool", () => {
  const post = (toolName: string, toolResponse: unknown, toolInput: unknown = {}) =>
    runPayload(
      JSON.stringify({
        hook_event_name: "PostToolUse",
        session_id: "s",
        cwd: ".",
        tool_name: toolName,
        tool_input: toolInput,
        tool_response: toolResponse,
      }),
      ["--agent", "claude"],
    );

  it("gives the output back with the secret masked where it stood, and tells Claude and the user", async () => {
    const response = {
      content: [
        { type: "text", text: "3 results" },
        { type: "text", text: `token: ${FAKE.githubToken}` },
      ],
    };
    const reply = await post("mcp__search__query", response);
    assert.equal(reply.exitCode, 0);
    assert.equal(reply.stderr, "");
    const answer = JSON.parse(reply.stdout);
    assert.deepEqual(answer.hookSpecificOutput.updatedMCPToolOutput, {
      content: [
        { type: "text", text: "3 results" },
        { type: "text", text: "token: [REDACTED GitHub token]" },
      ],
    });
    assert.equal(answer.hookSpecificOutput.hookEventName, "PostToolUse");
    assert.match(answer.hookSpecificOutput.additionalContext, /mcp__search__query call returned a GitHub token \(ghp_\*+\)/);
    assert.equal(answer.systemMessage, answer.hookSpecificOutput.additionalContext);
    for (const raw of RAW_VALUES) assert.ok(!reply.stdout.includes(raw));
  });

  it("reports, as before, the output of other tools, which Claude Code lets no hook replace", async () => {
    const reply = await post("WebFetch", `token: ${FAKE.githubToken}`, { url: "https://example.com" });
    assert.equal(reply.exitCode, 2);
    assert.equal(reply.stdout, "");
    assert.match(reply.stderr, /the WebFetch call returned a GitHub token/);
  });

  it("lets clean MCP output through untouched", async () => {
    assert.deepEqual(await post("mcp__search__query", [{ type: "text", text: "3 results" }]), { exitCode: 0, stdout: "", stderr: "" });
  });
});
