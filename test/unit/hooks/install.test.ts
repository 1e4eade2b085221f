import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { diskFiles } from "../../../src/cli/install";
import {
  claudeConfig,
  clineConfig,
  codexConfig,
  geminiConfig,
  isOurCommand,
  kiroCliConfig,
  kiroIdeConfig,
  kiroV1Config,
  windsurfConfig,
  type EditOutcome,
  type HookConfigTarget,
  type RemoveOutcome,
} from "../../../src/hooks/install/configs";
import { checkHook, installedHooks } from "../../../src/hooks/install/doctor";
import { hookCommand } from "../../../src/hooks/install/launcher";
import { applyHooks } from "../../../src/hooks/install/plan";
import { portableCommand, portableLine, saysNotFound } from "../../../src/hooks/install/portable";
import { AGENT_IDS } from "../../../src/hooks/types";
import { tempRoot } from "../../support/hookFixtures";

const portable = portableCommand("linux");
const MAIN = path.join(__dirname, "..", "..", "..", "src", "cli", "main.ts");

/** Every folder and file under root, relative, with each file's text: a tree to compare before and after. */
function tree(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    const relative = path.relative(root, path.join(entry.parentPath, entry.name));
    entries[relative] = entry.isDirectory() ? "(folder)" : readFileSync(path.join(root, relative), "utf8");
  }
  return entries;
}

function text(outcome: EditOutcome | RemoveOutcome): string {
  if ("error" in outcome) throw new Error(outcome.error);
  if ("delete" in outcome) throw new Error("deleted");
  return outcome.text;
}

/** Install, install again (nothing changes), remove: the file as it was, byte for byte. */
function roundTrip(target: HookConfigTarget, before: string): string {
  const once = text(target.install(before, portable));
  assert.equal(text(target.install(once, portable)), once, "installing twice adds nothing");
  assert.equal(text(target.remove(once)), before, "removing restores the file byte for byte");
  return once;
}

function write(root: string, relative: string, content: string): void {
  mkdirSync(path.dirname(path.join(root, relative)), { recursive: true });
  writeFileSync(path.join(root, relative), content);
}

/** A stand-in CLI: answers every hook with exit 0 and records its arguments. */
function stubCli(file: string, log: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `#!/bin/sh\necho "$@" >> '${log}'\ncat > /dev/null\nexit 0\n`);
  chmodSync(file, 0o755);
}

describe("portable hook commands", function () {
  this.timeout(30_000);

  it("are recognised as Agent Security's, per agent", () => {
    assert.ok(isOurCommand(portableLine("--agent claude"), "claude"));
    assert.ok(isOurCommand(portableLine("--agent kiro --event PreToolUse"), "kiro"));
    assert.ok(!isOurCommand(portableLine("--agent kiro-cli"), "kiro"));
    assert.throws(() => portableLine("--agent claude; rm -rf ~"), /plain words/);
  });

  it("let the agent go on with a message when no CLI can be found, instead of failing every call", () => {
    const { root, cleanup } = tempRoot();
    try {
      const result = spawnSync("/bin/sh", ["-c", portableLine("--agent copilot --event preToolUse")], {
        input: "{}",
        cwd: root,
        encoding: "utf8",
        env: { PATH: "/usr/bin:/bin", HOME: root },
      });
      assert.equal(result.status, 0);
      assert.equal(result.stdout, "");
      assert.ok(saysNotFound(result.stderr), result.stderr);
    } finally {
      cleanup();
    }
  });

  it("run the project's node_modules/.bin/agent-security first, then the user's launcher", () => {
    const { root, cleanup } = tempRoot();
    try {
      const log = path.join(root, "calls.log");
      const run = () =>
        spawnSync("/bin/sh", ["-c", portableLine("--agent gemini")], {
          input: "{}",
          cwd: root,
          encoding: "utf8",
          env: { PATH: "/usr/bin:/bin", HOME: root },
        });
      stubCli(path.join(root, ".agent-security/bin/agent-security"), log);
      assert.equal(run().status, 0);
      stubCli(path.join(root, "node_modules/.bin/agent-security"), log);
      assert.equal(run().status, 0);
      assert.equal(readFileSync(log, "utf8"), "hook --agent gemini\nhook --agent gemini\n");
      // The project's own CLI also answers when the agent's cd moved the hook elsewhere.
      const elsewhere = path.join(root, "src");
      mkdirSync(elsewhere);
      const moved = spawnSync("/bin/sh", ["-c", portableLine("--agent claude")], {
        input: "{}",
        cwd: elsewhere,
        encoding: "utf8",
        env: { PATH: "/usr/bin:/bin", HOME: "/nonexistent", CLAUDE_PROJECT_DIR: root },
      });
      assert.equal(moved.status, 0, moved.stderr);
      assert.ok(!saysNotFound(moved.stderr));
    } finally {
      cleanup();
    }
  });
});

describe("hook configurations of the new formats", () => {
  it("Gemini CLI: grouped hooks with matchers and millisecond timeouts, merged into existing settings", () => {
    const before =
      '{\n  // theme and model\n  "ui": { "theme": "GitHub" },\n  "hooks": {\n    "AfterTool": [{ "matcher": "write_file", "hooks": [{ "type": "command", "command": "npx prettier --write" }] }]\n  }\n}\n';
    const once = roundTrip(geminiConfig, before);
    const hooks = (
      JSON.parse(text(geminiConfig.install(undefined, portable))) as {
        hooks: Record<string, { matcher?: string; hooks: Record<string, unknown>[] }[]>;
      }
    ).hooks;
    assert.deepEqual(Object.keys(hooks), ["BeforeAgent", "BeforeTool", "AfterTool"]);
    assert.equal(hooks.BeforeTool[0].matcher, "write_file|replace|read_file|read_many_files|run_shell_command|mcp__.*");
    assert.deepEqual(hooks.BeforeAgent[0].hooks[0], {
      type: "command",
      command: portable.line("--agent gemini"),
      name: "agent-security",
      timeout: 30000,
    });
    assert.ok(once.includes('"matcher": "write_file", "hooks": [{ "type": "command", "command": "npx prettier --write" }]'));
  });

  it("Codex: .codex/hooks.json with apply_patch, Bash and prompts", () => {
    roundTrip(codexConfig, '{\n  "hooks": {\n    "Stop": [{ "hooks": [{ "type": "command", "command": "./notify.sh" }] }]\n  }\n}\n');
    const hooks = JSON.parse(text(codexConfig.install(undefined, portable))).hooks;
    assert.deepEqual(Object.keys(hooks), ["UserPromptSubmit", "PreToolUse", "PostToolUse"]);
    assert.match(hooks.PreToolUse[0].matcher, /apply_patch/);
  });

  it("Windsurf: .windsurf/hooks.json without a version, output shown", () => {
    roundTrip(
      windsurfConfig,
      '{\n  "hooks": {\n    "post_write_code": [\n      { "command": "bash ./format.sh", "show_output": false }\n    ]\n  }\n}\n',
    );
    const hooks = JSON.parse(text(windsurfConfig.install(undefined, portable)));
    assert.equal(hooks.version, undefined);
    assert.deepEqual(hooks.hooks.pre_run_command, [{ command: portable.line("--agent windsurf"), show_output: true }]);
    assert.deepEqual(Object.keys(hooks.hooks), [
      "pre_user_prompt",
      "pre_read_code",
      "pre_write_code",
      "pre_run_command",
      "pre_mcp_tool_use",
      "post_write_code",
      "post_mcp_tool_use",
    ]);
  });

  it("Kiro v1: a versioned file of hooks naming their trigger, kept with a user's own hooks", () => {
    const created = JSON.parse(text(kiroV1Config.install(undefined, portable)));
    assert.equal(created.version, "v1");
    assert.deepEqual(created.hooks[0], {
      name: "agent-security-prompt",
      trigger: "UserPromptSubmit",
      action: { type: "command", command: portable.line("--agent kiro --event UserPromptSubmit") },
      timeout: 30,
      enabled: true,
    });
    assert.deepEqual(
      created.hooks.map((h: { trigger: string }) => h.trigger),
      ["UserPromptSubmit", "PreToolUse", "PostToolUse"],
    );
    assert.deepEqual(kiroV1Config.remove(text(kiroV1Config.install(undefined, portable))), { delete: true });
    roundTrip(
      kiroV1Config,
      '{\n  "version": "v1",\n  "hooks": [\n    { "name": "lint", "trigger": "PostFileSave", "matcher": "\\\\.ts$", "action": { "type": "command", "command": "npm run lint" } }\n  ]\n}\n',
    );
  });

  it("Kiro v1: a user's choice to disable a hook survives reinstalling", () => {
    const disabled = text(kiroV1Config.install(undefined, portable)).replace('"enabled": true', '"enabled": false');
    const moved = hookCommand("/opt/agent-security", "linux");
    assert.equal(JSON.parse(text(kiroV1Config.install(disabled, moved))).hooks[0].enabled, false);
  });

  it("Cline: an executable script per event, never over another hook", () => {
    const target = clineConfig("PreToolUse");
    assert.equal(target.executable, true);
    const script = text(target.install(undefined, portable));
    assert.ok(script.startsWith("#!/bin/sh\n"));
    assert.ok(isOurCommand(script, "cline"));
    assert.deepEqual(target.remove(script), { delete: true });
    assert.match(JSON.stringify(target.install("#!/bin/sh\n./my-check.sh\n", portable)), /already holds another hook/);
    assert.deepEqual(target.remove("#!/bin/sh\n./my-check.sh\n"), { text: "#!/bin/sh\n./my-check.sh\n" });
  });

  it("Claude Code: an older install's MultiEdit matcher is replaced, not duplicated", () => {
    const old = hookCommand("/opt/agent-security", "linux");
    const before = JSON.stringify(
      { hooks: { PreToolUse: [{ matcher: "Write|Edit|MultiEdit", hooks: [{ type: "command", command: old.line("--agent claude") }] }] } },
      null,
      2,
    );
    const updated = JSON.parse(text(claudeConfig.install(before, portable)));
    assert.deepEqual(updated.hooks.PreToolUse, [
      { matcher: "Write|Edit|NotebookEdit|Read|Bash", hooks: [{ type: "command", command: portable.line("--agent claude") }] },
    ]);
  });
});

describe("install and uninstall on disk (the CLI's and the editor's shared code)", function () {
  this.timeout(60_000);

  const EXISTING: Record<string, string> = {
    ".claude/settings.json": '{\n\t// team settings\n\t"model": "opus"\n}\n',
    ".cursor/hooks.json": '{\n  "version": 1,\n  "hooks": { "afterFileEdit": [{ "command": "./format.sh" }] }\n}\n',
    ".gemini/settings.json": '{\r\n  "general": { "vimMode": true }\r\n}\r\n',
    ".codex/hooks.json": '{ "hooks": { "Stop": [{ "hooks": [{ "type": "command", "command": "./notify.sh" }] }] } }\n',
    ".windsurf/hooks.json": '{\n    "hooks": {\n        "post_run_command": [{ "command": "./log.sh" }]\n    }\n}\n',
  };

  it("leaves every existing file byte for byte as it was after install then uninstall, and deletes the files of its own", async () => {
    const { root, cleanup } = tempRoot();
    try {
      for (const [file, content] of Object.entries(EXISTING)) write(root, file, content);
      const files = diskFiles(root);
      const agents = AGENT_IDS.filter((a) => a !== "kiro-cli");
      const installed = await applyHooks("install", agents, files, portable);
      assert.deepEqual(installed.errors, []);
      assert.ok(existsSync(path.join(root, ".kiro/hooks/agent-security.json")));
      assert.ok(existsSync(path.join(root, ".github/hooks/agent-security.json")));
      assert.equal(
        (await import("node:fs")).statSync(path.join(root, ".clinerules/hooks/PreToolUse")).mode & 0o111,
        0o111,
        "Cline's hook files are executable",
      );
      const again = await applyHooks("install", agents, files, portable);
      assert.deepEqual(again.changed, [], "a second install changes nothing");
      const removed = await applyHooks("remove", agents, files, portable);
      assert.deepEqual(removed.errors, []);
      for (const [file, content] of Object.entries(EXISTING)) assert.equal(readFileSync(path.join(root, file), "utf8"), content, file);
      for (const own of [".kiro/hooks/agent-security.json", ".github/hooks/agent-security.json", ".clinerules/hooks/PreToolUse"]) {
        assert.ok(!existsSync(path.join(root, own)), `${own} is deleted`);
      }
    } finally {
      cleanup();
    }
  });

  for (const agent of AGENT_IDS) {
    it(`${agent}: install into an empty folder, then uninstall, leaves the folder as it was`, async () => {
      const { root, cleanup } = tempRoot();
      try {
        write(root, "README.md", "# project\n");
        const before = tree(root);
        const files = diskFiles(root);
        const installed = await applyHooks("install", [agent], files, portable);
        assert.deepEqual(installed.errors, []);
        assert.ok(installed.changed.length > 0);
        const removed = await applyHooks("remove", [agent], files, portable);
        assert.deepEqual(removed.errors, []);
        assert.deepEqual(removed.deleted.sort(), installed.changed.sort(), "every file install wrote is deleted");
        assert.deepEqual(tree(root), before);
      } finally {
        cleanup();
      }
    });
  }

  it("keeps a file whose leftover skeleton is written the user's way, and folders holding anything else", async () => {
    const { root, cleanup } = tempRoot();
    try {
      // The same value as the skeleton, other bytes: the file is the user's.
      write(root, ".claude/settings.json", "{}");
      write(root, ".cursor/hooks.json", '{\r\n  "version": 1\r\n}\r\n');
      write(root, ".github/workflows/ci.yml", "on: push\n");
      write(root, ".kiro/steering/product.md", "# product\n");
      const files = diskFiles(root);
      const before = tree(root);
      await applyHooks("install", ["claude", "cursor", "copilot", "kiro"], files, portable);
      const removed = await applyHooks("remove", ["claude", "cursor", "copilot", "kiro"], files, portable);
      assert.deepEqual(removed.errors, []);
      assert.deepEqual(removed.deleted.sort(), [".github/hooks/agent-security.json", ".kiro/hooks/agent-security.json"]);
      assert.deepEqual(tree(root), before, "the user's files stay byte for byte; only .github/hooks and .kiro/hooks go");
    } finally {
      cleanup();
    }
  });

  it("agent-security uninstall deletes what agent-security install created, and the folders it made", () => {
    const { root, cleanup } = tempRoot();
    try {
      const cli = (...args: string[]) =>
        spawnSync(process.execPath, ["--import", "tsx", MAIN, ...args, "--dir", root], {
          encoding: "utf8",
          cwd: path.join(__dirname, "..", "..", ".."),
        });
      const installed = cli("install", "--agent", "claude,kiro");
      assert.equal(installed.status, 0, installed.stderr);
      assert.equal(installed.stdout, "wrote .claude/settings.json\nwrote .kiro/hooks/agent-security.json\n");
      const removed = cli("uninstall", "--agent", "claude,kiro");
      assert.equal(removed.status, 0, removed.stderr);
      assert.equal(removed.stdout, "deleted .claude/settings.json\ndeleted .kiro/hooks/agent-security.json\n");
      assert.deepEqual(tree(root), {});
    } finally {
      cleanup();
    }
  });

  it("removing Kiro hooks also cleans what earlier versions installed: the .kiro.hook file and agent-config hooks", async () => {
    const { root, cleanup } = tempRoot();
    try {
      const legacy = hookCommand("/home/dev/.config/Code/User/globalStorage/x/bin/agent-security", "linux");
      const dev = '{\n  "name": "dev",\n  "tools": ["read", "write"]\n}\n';
      write(root, ".kiro/agents/dev.json", text(kiroCliConfig(".kiro/agents/dev.json").install(dev, legacy)));
      write(root, ".kiro/agents/agent-security.json", text(kiroCliConfig(".kiro/agents/agent-security.json").install(undefined, legacy)));
      write(root, ".kiro/hooks/agent-security-prompt.kiro.hook", text(kiroIdeConfig.install(undefined, legacy)));
      write(
        root,
        ".kiro/hooks/team.kiro.hook",
        '{"when": {"type": "fileEdited"}, "then": {"type": "runCommand", "command": "npm test"}}\n',
      );
      const files = diskFiles(root);
      await applyHooks("install", ["kiro"], files, portable);
      const result = await applyHooks("remove", ["kiro-cli"], files, portable);
      assert.deepEqual(result.errors, []);
      assert.deepEqual([...result.deleted].sort(), [
        ".kiro/agents/agent-security.json",
        ".kiro/hooks/agent-security-prompt.kiro.hook",
        ".kiro/hooks/agent-security.json",
      ]);
      assert.equal(readFileSync(path.join(root, ".kiro/agents/dev.json"), "utf8"), dev);
      assert.ok(existsSync(path.join(root, ".kiro/hooks/team.kiro.hook")), "a hook file of the user's stays");
    } finally {
      cleanup();
    }
  });

  it("reports a file it cannot read as JSON and leaves it alone", async () => {
    const { root, cleanup } = tempRoot();
    try {
      write(root, ".gemini/settings.json", "{ broken");
      const result = await applyHooks("install", ["gemini"], diskFiles(root), portable);
      assert.deepEqual(result.errors, [".gemini/settings.json is not a valid JSON object; it was left unchanged"]);
      assert.equal(readFileSync(path.join(root, ".gemini/settings.json"), "utf8"), "{ broken");
    } finally {
      cleanup();
    }
  });
});

describe("agent-security doctor", function () {
  this.timeout(120_000);

  it("finds each installed command, passes the ones that answer and fails the ones that find no CLI", async () => {
    const { root, cleanup } = tempRoot();
    const home = process.env.HOME;
    const pathEnv = process.env.PATH;
    try {
      const files = diskFiles(root);
      await applyHooks("install", ["claude", "windsurf"], files, portable);
      const hooks = await installedHooks(files);
      assert.deepEqual(hooks.map((h) => `${h.agent} ${h.file} ${h.event}`).slice(0, 4), [
        "claude .claude/settings.json UserPromptSubmit",
        "claude .claude/settings.json PreToolUse",
        "claude .claude/settings.json PostToolUse",
        "windsurf .windsurf/hooks.json pre_user_prompt",
      ]);
      process.env.HOME = root;
      process.env.PATH = "/usr/bin:/bin";
      const missing = await checkHook(hooks[0], root);
      assert.equal(missing.ok, false);
      assert.match(missing.note, /not found/);
      stubCli(path.join(root, "node_modules/.bin/agent-security"), path.join(root, "calls.log"));
      const answered = await checkHook(hooks[0], root);
      assert.equal(answered.ok, true, answered.note);
    } finally {
      process.env.HOME = home;
      process.env.PATH = pathEnv;
      cleanup();
    }
  });
});
