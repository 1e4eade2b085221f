import * as assert from "node:assert/strict";
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { patchAdditions } from "../../../src/hooks/agents/codex";
import { replacements } from "../../../src/hooks/agents/cline";
import { portableLine } from "../../../src/hooks/install/portable";
import { filesReadByCommand, isEnvStyleFile } from "../../../src/hooks/sensitive";
import { FAKE, RAW_VALUES } from "../../fixtures/fakeSecrets";
import { runPayload, tempRoot } from "../../support/hookFixtures";

const ALLOW = { exitCode: 0, stdout: "", stderr: "" };
const ENV_PASSWORD = "hunter2-correct-horse";

function write(root: string, relative: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), content);
}

function assertMasked(output: string): void {
  for (const raw of [...RAW_VALUES, ENV_PASSWORD]) assert.ok(!output.includes(raw), `output leaks ${raw.slice(0, 4)}…`);
}

const claudeTool = (root: string, tool: string, input: unknown, event = "PreToolUse") =>
  JSON.stringify({ hook_event_name: event, session_id: "s", cwd: root, tool_name: tool, tool_input: input });

describe("files the agent reads", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ root, cleanup } = tempRoot()));
  afterEach(() => cleanup());

  it("treats .env-style files as sensitive, but not their committed templates", () => {
    for (const name of [".env", ".env.local", "prod.env", ".npmrc", "config/credentials", "secrets.yaml"])
      assert.ok(isEnvStyleFile(name), name);
    for (const name of [".env.example", ".env.sample", ".env.template", "env.ts", "README.md"]) assert.ok(!isEnvStyleFile(name), name);
  });

  it("denies reading a .env whose secret-named values no rule knows, and shows them masked", async () => {
    write(root, ".env", `DEBUG=true\nDB_PASSWORD=${ENV_PASSWORD}\nAPI_TOKEN=\${VAULT_TOKEN}\n`);
    const reply = await runPayload(claudeTool(root, "Read", { file_path: path.join(root, ".env") }), ["--agent", "claude"]);
    assert.equal(reply.exitCode, 2);
    assert.match(
      reply.stderr,
      /^Agent Security blocked reading \.env: it holds a value of DB_PASSWORD in an environment file \(hunt\*+\) at line 2, which would be sent to the model/,
    );
    assertMasked(reply.stderr);
  });

  it("lets a .env with only ordinary settings, and a template, be read", async () => {
    write(root, ".env", "DEBUG=true\nPORT=3000\nDB_PASSWORD=\n");
    write(root, ".env.example", `DB_PASSWORD=${ENV_PASSWORD}\n`);
    assert.deepEqual(
      await runPayload(claudeTool(root, "Read", { file_path: ".env" }), ["--agent", "claude"], { CLAUDE_PROJECT_DIR: root }),
      ALLOW,
    );
    assert.deepEqual(
      await runPayload(claudeTool(root, "Read", { file_path: ".env.example" }), ["--agent", "claude"], { CLAUDE_PROJECT_DIR: root }),
      ALLOW,
    );
  });

  it("takes relative paths from CLAUDE_PROJECT_DIR when the agent's cd moved cwd", async () => {
    write(root, "config/app.yaml", `database: ${FAKE.postgresUrl}\n`);
    const payload = JSON.stringify({
      hook_event_name: "PreToolUse",
      session_id: "s",
      cwd: path.join(root, "src"),
      tool_name: "Read",
      tool_input: { file_path: "config/app.yaml" },
    });
    const reply = await runPayload(payload, ["--agent", "claude"], { CLAUDE_PROJECT_DIR: root });
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, /blocked reading config\/app\.yaml/);
  });
});

describe("shell commands before they run", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ root, cleanup } = tempRoot()));
  afterEach(() => cleanup());

  it("finds the env-style files a command prints", () => {
    assert.deepEqual(filesReadByCommand("cat .env | grep DB_"), [".env"]);
    assert.deepEqual(filesReadByCommand("source ./.env.local && npm start"), ["./.env.local"]);
    assert.deepEqual(filesReadByCommand("ls -la .env; cat .env.example"), []);
    assert.deepEqual(filesReadByCommand("printenv"), []);
  });

  it("denies `cat .env` when the file holds a secret, as a read", async () => {
    write(root, ".env", `SLACK_TOKEN=${FAKE.slackToken}\n`);
    const reply = await runPayload(claudeTool(root, "Bash", { command: "cat .env" }), ["--agent", "claude"], { CLAUDE_PROJECT_DIR: root });
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, /blocked reading \.env: it holds a Slack token \(xoxb\*+\) at line 1/);
    assertMasked(reply.stderr);
  });

  it("denies a secret typed into a command line, in Windsurf's pre_run_command", async () => {
    const payload = {
      agent_action_name: "pre_run_command",
      trajectory_id: "t",
      execution_id: "e",
      timestamp: "x",
      tool_info: { command_line: `export GH_TOKEN=${FAKE.githubToken} && gh pr list`, cwd: root },
    };
    const reply = await runPayload(JSON.stringify(payload));
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, /blocked the shell command: its input contains a GitHub token/);
    assertMasked(reply.stderr);
  });
});

describe("Codex apply_patch and Cline replace_in_file", () => {
  it("reads the lines each file of a patch gains, following moves and skipping deletions", () => {
    const patch = [
      "*** Begin Patch",
      "*** Add File: docs/new.md",
      "+# New",
      "+text",
      "*** Update File: src/a.ts",
      "*** Move to: src/b.ts",
      "@@ function f() {",
      "-  return 1;",
      "+  return 2;",
      " }",
      "*** Delete File: src/old.ts",
      "*** End Patch",
    ].join("\n");
    assert.deepEqual(patchAdditions(patch), [
      { file: "docs/new.md", added: "# New\ntext\n" },
      { file: "src/b.ts", added: "  return 2;\n" },
    ]);
  });

  it("lets a patch that removes a secret through", async () => {
    const patch = `*** Begin Patch\n*** Update File: src/config.ts\n@@\n-const token = "${FAKE.githubToken}";\n+const token = process.env.GITHUB_TOKEN;\n*** End Patch\n`;
    const payload = {
      hook_event_name: "PreToolUse",
      session_id: "s",
      turn_id: "t",
      cwd: "/tmp",
      model: "m",
      permission_mode: "default",
      tool_name: "apply_patch",
      tool_input: { command: patch },
    };
    assert.deepEqual(await runPayload(JSON.stringify(payload)), ALLOW);
  });

  it("reads only the REPLACE half of Cline's SEARCH/REPLACE blocks", () => {
    const diff = "------- SEARCH\nold secret\n=======\nnew text\n+++++++ REPLACE\n<<<<<<< SEARCH\na\n=======\nb\n>>>>>>> REPLACE\n";
    assert.equal(replacements(diff), "new text\nb");
  });
});

describe("one check per event when a host also runs .claude/settings.json", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => ({ root, cleanup } = tempRoot()));
  afterEach(() => cleanup());

  const vscodePrompt = (cwd: string) =>
    JSON.stringify({
      timestamp: "2026-11-20T10:30:00.000Z",
      cwd,
      sessionId: "s",
      hookEventName: "UserPromptSubmit",
      transcript_path: "/tmp/t.json",
      prompt: `use ${FAKE.githubToken}`,
    });
  const cursorPrompt = (cwd: string) =>
    JSON.stringify({
      hook_event_name: "beforeSubmitPrompt",
      conversation_id: "c",
      generation_id: "g",
      workspace_roots: [cwd],
      prompt: `use ${FAKE.githubToken}`,
    });

  it("answers VS Code in its own terms when Copilot's hook file is not installed", async () => {
    const reply = await runPayload(vscodePrompt(root), ["--agent", "claude"]);
    assert.equal(reply.exitCode, 2);
    assert.match(reply.stderr, /blocked this prompt/);
  });

  it("stands down in VS Code when .github/hooks/agent-security.json checks the same event", async () => {
    write(
      root,
      ".github/hooks/agent-security.json",
      JSON.stringify({
        version: 1,
        hooks: { userPromptSubmitted: [{ type: "command", bash: portableLine("--agent copilot --event userPromptSubmitted") }] },
      }),
    );
    assert.deepEqual(await runPayload(vscodePrompt(root), ["--agent", "claude"]), ALLOW);
    // The host's own hook still checks it.
    const own = await runPayload(vscodePrompt(root), ["--agent", "copilot", "--event", "userPromptSubmitted"]);
    assert.equal(own.exitCode, 2);
  });

  it("answers Cursor in Cursor's protocol, and stands down when .cursor/hooks.json has Agent Security", async () => {
    const reply = await runPayload(cursorPrompt(root), ["--agent", "claude"]);
    assert.equal(JSON.parse(reply.stdout).continue, false);
    write(
      root,
      ".cursor/hooks.json",
      JSON.stringify({ version: 1, hooks: { beforeSubmitPrompt: [{ command: portableLine("--agent cursor") }] } }),
    );
    assert.deepEqual(await runPayload(cursorPrompt(root), ["--agent", "claude"]), ALLOW);
  });

  it("keeps checking in Claude Code itself, whatever else is installed", async () => {
    write(root, ".github/hooks/agent-security.json", "{}");
    const payload = JSON.stringify({ hook_event_name: "UserPromptSubmit", session_id: "s", cwd: root, prompt: `use ${FAKE.githubToken}` });
    assert.equal((await runPayload(payload, ["--agent", "claude"])).exitCode, 2);
  });
});
