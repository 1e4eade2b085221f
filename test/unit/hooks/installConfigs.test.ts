import * as assert from "node:assert/strict";
import {
  claudeConfig,
  copilotConfig,
  cursorConfig,
  isOurCommand,
  KIRO_CLI_AGENT_FILE,
  kiroCliConfig,
  kiroIdeConfig,
  type EditOutcome,
  type HookConfigTarget,
  type RemoveOutcome,
} from "../../../src/hooks/install/configs";
import { JsonDocument } from "../../../src/hooks/install/jsonEdit";
import { hookCommand } from "../../../src/hooks/install/launcher";

const command = hookCommand("/home/dev/.config/Code/User/globalStorage/agent-security.agent-security-hooks/bin/agent-security", "linux");
const moved = hookCommand(
  "/home/dev/.cursor-server/data/User/globalStorage/agent-security.agent-security-hooks/bin/agent-security",
  "linux",
);

function text(outcome: EditOutcome | RemoveOutcome): string {
  if ("error" in outcome) throw new Error(outcome.error);
  if ("delete" in outcome) throw new Error("deleted");
  return outcome.text;
}

/** Install twice, check idempotency and validity, then remove and compare with the start. */
function roundTrip(target: HookConfigTarget, before: string | undefined) {
  const once = text(target.install(before, command));
  const twice = text(target.install(once, command));
  assert.equal(twice, once, "installing twice adds nothing");
  assert.ok(JsonDocument.isObject(once), "still a JSON object");
  const removed = target.remove(once);
  return { once, removed };
}

describe("hook config install and removal", () => {
  describe("Claude Code .claude/settings.json", () => {
    it("creates the hooks in a new file", () => {
      const { once, removed } = roundTrip(claudeConfig, undefined);
      assert.deepEqual(JSON.parse(once), {
        hooks: {
          UserPromptSubmit: [{ hooks: [{ type: "command", command: `${command.line("--agent claude")}` }] }],
          PreToolUse: [
            { matcher: "Write|Edit|NotebookEdit|Read|Bash", hooks: [{ type: "command", command: command.line("--agent claude") }] },
          ],
          PostToolUse: [
            {
              matcher: "Write|Edit|NotebookEdit|Read|Bash|Grep|WebFetch|mcp__.*",
              hooks: [{ type: "command", command: command.line("--agent claude") }],
            },
          ],
        },
      });
      assert.ok(claudeConfig.isEmptyShell(text(removed)));
    });

    it("merges into existing settings and hooks, keeping comments and formatting", () => {
      const before = [
        "{",
        "\t// team settings",
        '\t"model": "opus",',
        '\t"hooks": {',
        '\t\t"PreToolUse": [',
        '\t\t\t{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "./scripts/guard.sh" }] }',
        "\t\t]",
        "\t}",
        "}",
        "",
      ].join("\n");
      const { once, removed } = roundTrip(claudeConfig, before);
      assert.ok(once.includes("\t// team settings"));
      assert.ok(once.includes('\t"model": "opus",'));
      assert.ok(once.includes('{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "./scripts/guard.sh" }] }'));
      assert.match(once, /\n\t\t"UserPromptSubmit": \[/);
      assert.equal(text(removed), before);
    });

    it("updates its command where the launcher moved instead of adding a second one", () => {
      const once = text(claudeConfig.install(undefined, command));
      const updated = text(claudeConfig.install(once, moved));
      const hooks = JSON.parse(updated).hooks;
      assert.equal(hooks.UserPromptSubmit.length, 1);
      assert.equal(hooks.UserPromptSubmit[0].hooks[0].command, moved.line("--agent claude"));
    });

    it("removes only its own hook from a group the user added to", () => {
      const once = text(claudeConfig.install(undefined, command));
      const shared = once.replace(
        /("UserPromptSubmit": \[\s*\{\s*"hooks": \[)/,
        '$1\n        { "type": "command", "command": "./log-prompt.sh" },',
      );
      const hooks = JSON.parse(text(claudeConfig.remove(shared))).hooks;
      assert.deepEqual(hooks, { UserPromptSubmit: [{ hooks: [{ type: "command", command: "./log-prompt.sh" }] }] });
    });

    it("refuses files that are not JSON objects, and hooks that are not objects", () => {
      assert.deepEqual(claudeConfig.install("{ broken", command), {
        error: ".claude/settings.json is not a valid JSON object; it was left unchanged",
      });
      assert.deepEqual(claudeConfig.install('{"hooks": []}', command), {
        error: '"hooks" in .claude/settings.json is not an object; it was left unchanged',
      });
    });
  });

  describe("Cursor .cursor/hooks.json", () => {
    it("creates version 1 with its six events", () => {
      const { once, removed } = roundTrip(cursorConfig, undefined);
      const line = command.line("--agent cursor");
      assert.deepEqual(JSON.parse(once), {
        version: 1,
        hooks: {
          beforeSubmitPrompt: [{ command: line }],
          preToolUse: [{ command: line, matcher: "Write" }],
          beforeReadFile: [{ command: line }],
          beforeShellExecution: [{ command: line }],
          beforeMCPExecution: [{ command: line }],
          afterFileEdit: [{ command: line }],
        },
      });
      assert.ok(cursorConfig.isEmptyShell(text(removed)));
    });

    it("appends to existing event lists and restores them on removal", () => {
      const before = '{\n    "version": 1,\n    "hooks": {\n        "afterFileEdit": [{ "command": "./hooks/format.sh" }]\n    }\n}\n';
      const { once, removed } = roundTrip(cursorConfig, before);
      assert.deepEqual(JSON.parse(once).hooks.afterFileEdit, [
        { command: "./hooks/format.sh" },
        { command: command.line("--agent cursor") },
      ]);
      assert.match(once, /\n {8}"beforeSubmitPrompt": \[/);
      assert.equal(text(removed), before);
    });
  });

  it("keeps CRLF line breaks, trailing commas and comments", () => {
    const before = '{\r\n  // mine\r\n  "version": 1,\r\n  "hooks": {\r\n    "stop": [{ "command": "./done.sh" },],\r\n  },\r\n}\r\n';
    const { once, removed } = roundTrip(cursorConfig, before);
    assert.ok(!/[^\r]\n/.test(once), "every line break stays CRLF");
    assert.equal(text(removed), before);
  });

  it("keeps the comments of an empty file or hooks object it fills, and gives the text back on removal", () => {
    for (const [target, before] of [
      [claudeConfig, "{\n  // Claude Code settings of this project\n}\n"],
      [cursorConfig, '{\n  "version": 1,\n  "hooks": {\n    // none yet\n  }\n}\n'],
      [claudeConfig, "{ /* nothing here */ }\n"],
    ] as const) {
      const { once, removed } = roundTrip(target, before);
      for (const comment of before.match(/\/\/[^\n]*|\/\*.*?\*\//g)!) assert.ok(once.includes(comment), `${comment} kept`);
      assert.equal(text(removed), before);
    }
  });

  describe("GitHub Copilot .github/hooks/agent-security.json", () => {
    it("writes a file of its own, deleted again on removal", () => {
      const { once, removed } = roundTrip(copilotConfig, undefined);
      assert.deepEqual(JSON.parse(once), {
        version: 1,
        hooks: {
          userPromptSubmitted: [{ type: "command", bash: command.line("--agent copilot --event userPromptSubmitted"), timeoutSec: 30 }],
          preToolUse: [{ type: "command", bash: command.line("--agent copilot --event preToolUse"), timeoutSec: 30 }],
          postToolUse: [{ type: "command", bash: command.line("--agent copilot --event postToolUse"), timeoutSec: 30 }],
        },
      });
      assert.deepEqual(removed, { delete: true });
    });

    it("uses PowerShell on Windows", () => {
      const windows = hookCommand("C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\globalStorage\\x\\bin\\agent-security.cmd", "win32");
      const hook = JSON.parse(text(copilotConfig.install(undefined, windows))).hooks.preToolUse[0];
      assert.equal(
        hook.powershell,
        '& "C:\\Users\\dev\\AppData\\Roaming\\Code\\User\\globalStorage\\x\\bin\\agent-security.cmd" hook --agent copilot --event preToolUse',
      );
      assert.ok(isOurCommand(hook.powershell, "copilot"));
    });

    it("keeps entries a user added to the file", () => {
      const once = text(copilotConfig.install(undefined, command));
      const edited = once.replace('"preToolUse": [', '"preToolUse": [\n      { "type": "command", "bash": "./audit.sh" },');
      assert.deepEqual(JSON.parse(text(copilotConfig.remove(edited))), {
        version: 1,
        hooks: { preToolUse: [{ type: "command", bash: "./audit.sh" }] },
      });
    });
  });

  describe("Kiro CLI agent configuration", () => {
    it("creates an agent of its own when the workspace has none", () => {
      const target = kiroCliConfig(KIRO_CLI_AGENT_FILE);
      const { once, removed } = roundTrip(target, undefined);
      assert.deepEqual(JSON.parse(once), {
        name: "agent-security",
        description: "All tools, with Agent Security hooks checking prompts and tool input for secrets.",
        tools: ["*"],
        hooks: {
          userPromptSubmit: [{ command: command.line("--agent kiro-cli") }],
          preToolUse: [{ matcher: "*", command: command.line("--agent kiro-cli") }],
        },
      });
      assert.deepEqual(removed, { delete: true }, "the agent it created for itself goes with its hooks");
    });

    it("adds its hooks to an existing agent and takes them out again", () => {
      const target = kiroCliConfig(".kiro/agents/dev.json");
      const before =
        '{\n  "name": "dev",\n  "tools": ["read", "write"],\n  "hooks": {\n    "agentSpawn": [{ "command": "git status" }]\n  }\n}\n';
      const { once, removed } = roundTrip(target, before);
      assert.deepEqual(Object.keys(JSON.parse(once).hooks), ["agentSpawn", "userPromptSubmit", "preToolUse"]);
      assert.equal(text(removed), before);
      assert.equal(target.isEmptyShell(text(removed)), false);
    });
  });

  describe("Kiro IDE hook file", () => {
    it("writes a promptSubmit hook running the launcher, deleted on removal", () => {
      const { once, removed } = roundTrip(kiroIdeConfig, undefined);
      assert.deepEqual(JSON.parse(once), {
        enabled: true,
        name: "Agent Security: secrets in prompts",
        description: "Checks each prompt for hardcoded secrets before the agent works on it.",
        version: "1.0.0",
        when: { type: "promptSubmit" },
        then: { type: "runCommand", command: command.line("--agent kiro") },
      });
      assert.deepEqual(removed, { delete: true });
    });

    it("keeps a user's choice to disable it when reinstalling", () => {
      const disabled = text(kiroIdeConfig.install(undefined, command)).replace('"enabled": true', '"enabled": false');
      assert.equal(JSON.parse(text(kiroIdeConfig.install(disabled, moved))).enabled, false);
    });
  });

  it("recognises its commands only for the same agent", () => {
    assert.ok(isOurCommand(command.line("--agent cursor"), "cursor"));
    assert.ok(!isOurCommand(command.line("--agent cursor"), "claude"));
    assert.ok(!isOurCommand("./hooks/format.sh --agent cursor", "cursor"));
    assert.ok(isOurCommand("'/path with space/agent-security' hook --agent claude", "claude"));
  });
});
