import * as assert from "node:assert/strict";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { fixtureNames, runFixture, runPayload } from "../../support/hookFixtures";

const CLEAN_PROMPT = "Refactor the login handler in src/auth.ts to use async/await";
const CLEAN_CODE = "export const timeoutMs = 3000;\n";
const CLEAN_COMMAND = "curl https://api.example.com/health";

const promptWithToken = `use token ${FAKE.githubToken} for the release`;
const codeWithToken = `const token = "${FAKE.githubToken}";\n`;
const commandWithToken = `curl -H "Authorization: token ${FAKE.githubToken}" https://api.github.com/user`;

/** How each agent carries out a block or report, per the protocol notes in src/hooks/agents. */
type Answer = { via: "stderr"; exitCode: number } | { via: "stdout"; json: (message: string) => unknown };

interface Case {
  clean: string;
  secret: string;
  kind: string;
  /** Start of the masked value. */
  masked: string;
  answer: Answer;
  /** Words the message must contain. */
  says: RegExp;
}

const stderr2: Answer = { via: "stderr", exitCode: 2 };
const cursorPrompt: Answer = { via: "stdout", json: (m) => ({ continue: false, user_message: m }) };
const cursorDeny: Answer = { via: "stdout", json: (m) => ({ permission: "deny", user_message: m, agent_message: m }) };
const copilotDeny: Answer = { via: "stdout", json: (m) => ({ permissionDecision: "deny", permissionDecisionReason: m }) };
const copilotContext: Answer = { via: "stdout", json: (m) => ({ additionalContext: m }) };
const vscodeContext: Answer = {
  via: "stdout",
  json: (m) => ({ systemMessage: m, hookSpecificOutput: { hookEventName: "PostToolUse", additionalContext: m } }),
};
const geminiDeny: Answer = { via: "stdout", json: (m) => ({ decision: "deny", reason: m, systemMessage: m }) };
const geminiContext: Answer = {
  via: "stdout",
  json: (m) => ({ systemMessage: m, hookSpecificOutput: { hookEventName: "AfterTool", additionalContext: m } }),
};
const clineCancel: Answer = { via: "stdout", json: (m) => ({ cancel: true, errorMessage: m }) };
const clineContext: Answer = { via: "stdout", json: (m) => ({ cancel: false, contextModification: m }) };

const BLOCKED_PROMPT = /blocked this prompt.*Rotate the value/s;
const LEAKED_PROMPT = /already sent to the agent.*do not repeat, store or use this value/s;
const BLOCKED_WRITE = /blocked this change to src\/config\.ts.*line 1.*Then try again/s;
const REPORTED = /src\/config\.ts now holds.*line 1/s;
const OUTPUT = (call: string) => new RegExp(`${call} returned a GitHub token .* at line 1.*do not repeat, store or use this value`, "s");
const CALL_BLOCKED = (call: string) => new RegExp(`blocked ${call}: its input contains`);
const READ_BLOCKED = /blocked reading config\/settings\.yaml: it holds .* which would be sent to the model/;

const postgresRead = {
  clean: "database: postgres://db.example.com:5432/app\n",
  secret: `database: ${FAKE.postgresUrl}\n`,
  kind: "PostgreSQL connection string with password",
  masked: "post",
  says: READ_BLOCKED,
};

const github = { kind: "GitHub token", masked: "ghp_" };

const CASES: Record<string, Case> = {
  "claude/user-prompt-submit": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: BLOCKED_PROMPT },
  "claude/pre-tool-use-write": {
    clean: CLEAN_CODE,
    secret: `export const key = \`${FAKE.privateKey}\`;\n`,
    kind: "Private key",
    masked: "----",
    answer: stderr2,
    says: BLOCKED_WRITE,
  },
  "claude/pre-tool-use-edit": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "claude/pre-tool-use-multi-edit": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "claude/post-tool-use-write": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: REPORTED },
  "cursor/before-submit-prompt": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: cursorPrompt, says: BLOCKED_PROMPT },
  "cursor/before-submit-prompt-attachment": {
    clean: "DEBUG=true\n",
    secret: `SLACK_TOKEN=${FAKE.slackToken}\n`,
    kind: "Slack token",
    masked: "xoxb",
    answer: cursorPrompt,
    says: /blocked this prompt: it contains a Slack token \(xoxb\*+\) in \.env at line 1/,
  },
  "cursor/pre-tool-use": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: cursorDeny,
    says: /blocked the Shell call: its input contains .*get-secret-value/,
  },
  "cursor/before-shell-execution": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: cursorDeny,
    says: /blocked the shell command: its input contains/,
  },
  "cursor/before-mcp-execution": {
    clean: "hello",
    secret: FAKE.githubToken,
    ...github,
    answer: cursorDeny,
    says: /blocked the http_request call: its input contains/,
  },
  "cursor/before-read-file": {
    clean: "database: postgres://db.example.com:5432/app\n",
    secret: `database: ${FAKE.postgresUrl}\n`,
    kind: "PostgreSQL connection string with password",
    masked: "post",
    answer: { via: "stdout", json: (m) => ({ permission: "deny", user_message: m }) },
    says: /blocked reading config\/settings\.yaml: it holds .* which would be sent to the model/,
  },
  "cursor/after-file-edit": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: { via: "stderr", exitCode: 1 }, says: REPORTED },
  "copilot/user-prompt-submitted": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: LEAKED_PROMPT },
  "copilot/pre-tool-use-create": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: copilotDeny, says: BLOCKED_WRITE },
  "copilot/pre-tool-use-edit": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: copilotDeny, says: BLOCKED_WRITE },
  "copilot/pre-tool-use-bash": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: copilotDeny,
    says: /blocked the bash call: its input contains/,
  },
  "copilot/post-tool-use": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: copilotContext, says: REPORTED },
  "copilot/post-tool-use-bash-output": {
    clean: "deployed 3 services\n",
    secret: codeWithToken,
    ...github,
    answer: {
      via: "stdout",
      json: (m) => ({
        modifiedResult: { resultType: "success", textResultForLlm: 'const token = "[REDACTED GitHub token]";\n' },
        additionalContext: m,
      }),
    },
    says: /the bash call returned a GitHub token .*replaced by a placeholder before it reached the model/s,
  },
  "copilot/vscode-replace-string-in-file": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "copilot/vscode-post-tool-use": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: vscodeContext, says: REPORTED },
  "copilot/vscode-user-prompt-submit": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: BLOCKED_PROMPT },
  "copilot/vscode-pre-tool-use": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "kiro-cli/user-prompt-submit": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: LEAKED_PROMPT },
  "kiro-cli/pre-tool-use-create": {
    clean: CLEAN_CODE,
    secret: `aws_secret_access_key = "${FAKE.awsSecretAccessKey}"\n`,
    kind: "AWS secret access key",
    masked: "1tUm",
    answer: stderr2,
    says: /blocked this change to src\/config\.ts: it would write an AWS secret access key/,
  },
  "kiro-cli/pre-tool-use-str-replace": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "kiro-cli/post-tool-use": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: REPORTED },
  "kiro-cli/post-tool-use-deferred": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: REPORTED },
  "kiro/v1-user-prompt-submit": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: BLOCKED_PROMPT },
  "kiro/v1-user-prompt-empty": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: BLOCKED_PROMPT },
  "kiro/v1-pre-tool-use-write": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "kiro/v1-pre-tool-use-shell": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: stderr2,
    says: CALL_BLOCKED("the shell call"),
  },
  "claude/pre-tool-use-read": { ...postgresRead, answer: stderr2 },
  "claude/pre-tool-use-bash": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: stderr2,
    says: CALL_BLOCKED("the Bash call"),
  },
  "claude/pre-tool-use-notebook-edit": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "claude/post-tool-use-bash": {
    clean: "deployed 3 services\n",
    secret: codeWithToken,
    ...github,
    answer: stderr2,
    says: OUTPUT("the Bash call"),
  },
  "claude/post-tool-use-mcp": {
    clean: "deployed 3 services\n",
    secret: codeWithToken,
    ...github,
    answer: {
      via: "stdout",
      json: (m) => ({
        systemMessage: m,
        hookSpecificOutput: {
          hookEventName: "PostToolUse",
          additionalContext: m,
          updatedMCPToolOutput: [{ type: "text", text: 'const token = "[REDACTED GitHub token]";\n' }],
        },
      }),
    },
    says: /the mcp__github__get_file_contents call returned a GitHub token .*replaced by a placeholder before it reached the model/s,
  },
  "gemini/before-agent": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: geminiDeny, says: BLOCKED_PROMPT },
  "gemini/before-tool-write-file": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: geminiDeny, says: BLOCKED_WRITE },
  "gemini/before-tool-replace": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: geminiDeny, says: BLOCKED_WRITE },
  "gemini/before-tool-run-shell-command": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: geminiDeny,
    says: CALL_BLOCKED("the run_shell_command call"),
  },
  "gemini/before-tool-read-file": { ...postgresRead, answer: geminiDeny },
  "gemini/after-tool-write-file": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: geminiContext, says: REPORTED },
  "gemini/after-tool-run-shell-command": {
    clean: "deployed 3 services\n",
    secret: codeWithToken,
    ...github,
    answer: geminiContext,
    says: OUTPUT("the run_shell_command call"),
  },
  "codex/user-prompt-submit": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: BLOCKED_PROMPT },
  "codex/pre-tool-use-apply-patch-add": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "codex/pre-tool-use-apply-patch-update": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "codex/pre-tool-use-bash": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: stderr2,
    says: CALL_BLOCKED("the Bash call"),
  },
  "codex/post-tool-use-apply-patch": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: REPORTED },
  "windsurf/pre-user-prompt": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: BLOCKED_PROMPT },
  "windsurf/pre-write-code": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: BLOCKED_WRITE },
  "windsurf/pre-run-command": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: stderr2,
    says: CALL_BLOCKED("the shell command"),
  },
  "windsurf/pre-read-code": { ...postgresRead, answer: stderr2 },
  "windsurf/pre-mcp-tool-use": {
    clean: "hello",
    secret: FAKE.githubToken,
    ...github,
    answer: stderr2,
    says: CALL_BLOCKED("the create_issue call"),
  },
  "windsurf/post-write-code": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: REPORTED },
  "cline/user-prompt-submit": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: clineCancel, says: BLOCKED_PROMPT },
  "cline/pre-tool-use-write-to-file": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: clineCancel, says: BLOCKED_WRITE },
  "cline/pre-tool-use-replace-in-file": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: clineCancel, says: BLOCKED_WRITE },
  "cline/pre-tool-use-execute-command": {
    clean: CLEAN_COMMAND,
    secret: commandWithToken,
    ...github,
    answer: clineCancel,
    says: CALL_BLOCKED("the execute_command call"),
  },
  "cline/pre-tool-use-read-file": { ...postgresRead, answer: clineCancel },
  "cline/post-tool-use-execute-command": {
    clean: "deployed 3 services\n",
    secret: codeWithToken,
    ...github,
    answer: clineContext,
    says: OUTPUT("the execute_command call"),
  },
  "kiro/prompt-submit": { clean: CLEAN_PROMPT, secret: promptWithToken, ...github, answer: stderr2, says: LEAKED_PROMPT },
  "kiro/file-edited": { clean: CLEAN_CODE, secret: codeWithToken, ...github, answer: stderr2, says: REPORTED },
};

function assertNoRawSecret(output: string): void {
  for (const raw of RAW_VALUES) assert.ok(!output.includes(raw), `output leaks ${raw.slice(0, 4)}…`);
}

describe("hook protocols, per documented payload", () => {
  it("has a case for every fixture", () => {
    assert.deepEqual(Object.keys(CASES).sort(), fixtureNames());
  });

  for (const [name, c] of Object.entries(CASES)) {
    describe(name, () => {
      it("allows clean content silently", async () => {
        const { reply } = await runFixture(name, c.clean);
        assert.deepEqual(reply, { exitCode: 0, stdout: "", stderr: "" });
      });

      it("answers a secret in the agent's protocol with a masked message", async () => {
        const { reply } = await runFixture(name, c.secret);
        let message: string;
        if (c.answer.via === "stderr") {
          assert.equal(reply.exitCode, c.answer.exitCode);
          assert.equal(reply.stdout, "");
          message = reply.stderr;
        } else {
          assert.equal(reply.exitCode, 0);
          assert.equal(reply.stderr, "");
          assert.ok(reply.stdout.endsWith("\n"));
          const parsed = JSON.parse(reply.stdout) as Record<string, string>;
          message = Object.values(parsed).find((v) => typeof v === "string" && v.startsWith("Agent Security")) ?? "";
          assert.deepEqual(parsed, c.answer.json(message));
        }
        assert.match(message, c.says);
        assert.ok(message.includes(c.kind), `names the kind: ${message}`);
        assert.match(message, new RegExp(`\\(${c.masked.replace(/[-]/g, "\\-")}\\*+\\)`), `shows the masked value: ${message}`);
        assert.match(message, /AWS Secrets Manager and refer to it by name/);
        assertNoRawSecret(reply.stdout + reply.stderr);
      });
    });
  }
});

const TOKEN_PROMPT_BLOCKED =
  "Agent Security blocked this prompt: it contains a GitHub token (ghp_****************). " +
  "Store it in AWS Secrets Manager and refer to it by name. Paste the name, not the value. " +
  "Rotate the value: it may already sit in the agent's transcript.\n";

describe("hook messages", () => {
  it("gives Claude Code the exact blocking message on stderr", async () => {
    const { reply } = await runFixture("claude/user-prompt-submit", promptWithToken);
    assert.equal(reply.stderr, TOKEN_PROMPT_BLOCKED);
  });

  it("gives Cursor the exact beforeSubmitPrompt JSON", async () => {
    const { reply } = await runFixture("cursor/before-submit-prompt", promptWithToken);
    assert.equal(reply.stdout, JSON.stringify({ continue: false, user_message: TOKEN_PROMPT_BLOCKED }) + "\n");
  });

  it("gives Copilot the exact preToolUse decision", async () => {
    const { reply } = await runFixture("copilot/pre-tool-use-create", codeWithToken);
    assert.equal(
      reply.stdout,
      JSON.stringify({
        permissionDecision: "deny",
        permissionDecisionReason:
          "Agent Security blocked this change to src/config.ts: it would write a GitHub token (ghp_****************) at line 1. " +
          "Store it in AWS Secrets Manager and refer to it by name. " +
          "Read the secret at run time (for example with GetSecretValue) instead of writing its value. Then try again.\n",
      }) + "\n",
    );
  });

  it("tells Kiro's agent, which reads hook errors, not to use a prompt's secret", async () => {
    const { reply } = await runFixture("kiro/prompt-submit", promptWithToken);
    assert.equal(
      reply.stderr,
      "Agent Security: this prompt, already sent to the agent, contains a GitHub token (ghp_****************). " +
        "Rotate the value: it may already sit in the agent's transcript. " +
        "Store it in AWS Secrets Manager and refer to it by name. " +
        "Agent: do not repeat, store or use this value; tell the user to rotate it.\n",
    );
  });

  it("lists several secrets in one message", async () => {
    const { reply } = await runFixture("claude/pre-tool-use-write", `${codeWithToken}const slack = "${FAKE.slackToken}";\n`);
    assert.equal(reply.exitCode, 2);
    assert.match(
      reply.stderr,
      /it would write 2 problems:\n {2}- a GitHub token \(ghp_\*+\) at line 1\n {2}- a Slack token \(xoxb\*+\) at line 2\nStore each in AWS Secrets Manager and refer to each by name\./,
    );
    assertNoRawSecret(reply.stderr);
  });

  it("does not block an edit that removes a secret", async () => {
    const payload = {
      hook_event_name: "PreToolUse",
      session_id: "s",
      cwd: ".",
      tool_name: "Edit",
      tool_input: { file_path: "src/config.ts", old_string: codeWithToken, new_string: "const token = process.env.GITHUB_TOKEN;" },
    };
    assert.deepEqual(await runPayload(JSON.stringify(payload)), { exitCode: 0, stdout: "", stderr: "" });
  });
});
