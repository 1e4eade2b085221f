import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import { FAKE } from "../../fixtures/fakeSecrets";
import type { AgentAlert } from "../../../src/hooks/editor/agentEdits";
import type { HookFilesResult } from "../../../src/hooks/editor/install";
import type { ScanCommandResult } from "../../../src/hooks/editor/scanCommands";
import { JsonDocument } from "../../../src/hooks/install/jsonEdit";
import { closeAllEditors, fixtureUri, openFixture, waitForDiagnostics, workspaceRoot } from "./helpers";

const ALL_AGENTS = ["kiro", "kiro-cli", "claude", "cursor", "copilot", "gemini", "codex", "windsurf", "cline"];
const CLINE_FILES = [".clinerules/hooks/PostToolUse", ".clinerules/hooks/PreToolUse", ".clinerules/hooks/UserPromptSubmit"];
/** What Agent Security installed before Kiro IDE 1.0, which removal must clean up. */
const KIRO_LEGACY = JSON.stringify({
  enabled: true,
  name: "Agent Security: secrets in prompts",
  version: "1.0.0",
  when: { type: "promptSubmit" },
  then: {
    type: "runCommand",
    command: "/home/dev/.config/Code/User/globalStorage/agent-security.agent-security-hooks/bin/agent-security hook --agent kiro",
  },
});

const CLAUDE_BEFORE = `{
  // the team's own settings
  "model": "opus",
  "hooks": {
    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "./scripts/guard.sh" }] }]
  }
}
`;
const CURSOR_BEFORE = `{
  "version": 1,
  "hooks": {
    "afterFileEdit": [{ "command": "./hooks/format.sh" }]
  }
}
`;

function file(relative: string): string {
  return path.join(workspaceRoot().fsPath, relative);
}

function write(relative: string, text: string): void {
  mkdirSync(path.dirname(file(relative)), { recursive: true });
  writeFileSync(file(relative), text);
}

function read(relative: string): string {
  return readFileSync(file(relative), "utf8");
}

async function alerts(): Promise<AgentAlert[]> {
  return (await vscode.commands.executeCommand<AgentAlert[]>("agentSecurity.hooks.recentAlerts")) ?? [];
}

/** Waits until an alert about this file is raised. */
async function alertFor(relative: string, timeoutMs = 15_000): Promise<AgentAlert> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await alerts()).find((a) => a.file === relative);
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no alert for ${relative}; alerts: ${JSON.stringify(await alerts())}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe("agent hooks in the editor", () => {
  afterEach(closeAllEditors);

  it("installs hook configurations for every agent (Kiro in the v1 format), merging and idempotent, and removes exactly them", async () => {
    write(".claude/settings.json", CLAUDE_BEFORE);
    write(".cursor/hooks.json", CURSOR_BEFORE);
    write(".kiro/hooks/agent-security-prompt.kiro.hook", KIRO_LEGACY);
    const folder = workspaceRoot();

    const first = await vscode.commands.executeCommand<HookFilesResult>("agentSecurity.hooks.install", ALL_AGENTS, folder);
    assert.deepEqual(first.errors, []);
    assert.deepEqual([...first.changed].sort(), [
      ".claude/settings.json",
      ".clinerules/hooks/PostToolUse",
      ".clinerules/hooks/PreToolUse",
      ".clinerules/hooks/UserPromptSubmit",
      ".codex/hooks.json",
      ".cursor/hooks.json",
      ".gemini/settings.json",
      ".github/hooks/agent-security.json",
      ".kiro/hooks/agent-security.json",
      ".windsurf/hooks.json",
    ]);
    const written = Object.fromEntries(first.changed.map((f) => [f, read(f)]));
    for (const [name, text] of Object.entries(written)) {
      if (!CLINE_FILES.includes(name)) assert.ok(JsonDocument.isObject(text), `${name} is valid JSON`);
    }
    for (const script of CLINE_FILES) assert.ok((statSync(file(script)).mode & 0o111) !== 0, `${script} is executable`);

    // Kiro IDE 1.0 and Kiro CLI 3.0 read the v1 format: versioned, PascalCase triggers, command actions.
    const kiro = JSON.parse(written[".kiro/hooks/agent-security.json"]) as {
      version: string;
      hooks: { trigger: string; action: { type: string; command: string }; enabled: boolean }[];
    };
    assert.equal(kiro.version, "v1");
    assert.deepEqual(
      kiro.hooks.map((h) => h.trigger),
      ["UserPromptSubmit", "PreToolUse", "PostToolUse"],
    );
    assert.ok(
      kiro.hooks.every(
        (h) => h.enabled && h.action.type === "command" && h.action.command.includes(`hook --agent kiro --event ${h.trigger}`),
      ),
    );

    const claude = JsonDocument.from(written[".claude/settings.json"]).value as {
      model: string;
      hooks: Record<string, { matcher?: string; hooks: { command: string }[] }[]>;
    };
    assert.equal(claude.model, "opus");
    assert.ok(written[".claude/settings.json"].includes("// the team's own settings"));
    assert.deepEqual(
      claude.hooks.PreToolUse.map((g) => g.matcher),
      ["Bash", "Write|Edit|NotebookEdit|Read|Bash"],
    );
    assert.equal(claude.hooks.UserPromptSubmit.length, 1);
    const cursor = JSON.parse(written[".cursor/hooks.json"]) as { hooks: Record<string, { command: string }[]> };
    assert.equal(cursor.hooks.afterFileEdit[0].command, "./hooks/format.sh");
    assert.equal(cursor.hooks.afterFileEdit.length, 2);

    // The committed commands name no machine's path: they find the extension's user-level launcher,
    // which runs this build's CLI. A prompt with a token is blocked, by Claude's hook and by Kiro's v1 hook.
    const command = claude.hooks.UserPromptSubmit[0].hooks[0].command;
    assert.ok(!command.includes(folder.fsPath) && !command.includes("globalStorage"), `portable: ${command}`);
    const launcher = path.join(process.env.HOME ?? "", ".agent-security", "bin", "agent-security");
    assert.ok(existsSync(launcher) && (statSync(launcher).mode & 0o111) !== 0, "the user-level launcher exists and is executable");
    const payload = JSON.stringify({
      hook_event_name: "UserPromptSubmit",
      prompt: `use ${FAKE.githubToken}`,
      session_id: "it",
      cwd: folder.fsPath,
    });
    for (const line of [command, kiro.hooks[0].action.command]) {
      const run = spawnSync("/bin/sh", ["-c", line], { input: payload, encoding: "utf8", cwd: folder.fsPath });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /blocked this prompt: it contains a GitHub token \(ghp_\*+\)/);
      assert.ok(!run.stderr.includes(FAKE.githubToken));
    }

    const second = await vscode.commands.executeCommand<HookFilesResult>("agentSecurity.hooks.install", ALL_AGENTS, folder);
    assert.deepEqual(second.changed, [], "installing again changes nothing");
    for (const [name, text] of Object.entries(written)) assert.equal(read(name), text, `${name} unchanged by the second install`);

    const removed = await vscode.commands.executeCommand<HookFilesResult>("agentSecurity.hooks.remove", ALL_AGENTS, folder);
    assert.deepEqual(removed.errors, []);
    assert.equal(read(".claude/settings.json"), CLAUDE_BEFORE);
    assert.equal(read(".cursor/hooks.json"), CURSOR_BEFORE);
    const ownFiles = [
      ".github/hooks/agent-security.json",
      ".kiro/hooks/agent-security.json",
      ".gemini/settings.json",
      ".codex/hooks.json",
      ".windsurf/hooks.json",
      ...CLINE_FILES,
    ];
    for (const gone of [...ownFiles, ".kiro/hooks/agent-security-prompt.kiro.hook"]) {
      assert.ok(!existsSync(file(gone)), `${gone} removed`);
    }
  });

  it("scans a file another process writes while the editor is open: diagnostics and a notification", async () => {
    const relative = "agent-out/client.ts";
    write(relative, `export const token = "${FAKE.githubToken}";\n`);
    const uri = fixtureUri(relative);
    const [diagnostic] = await waitForDiagnostics(uri, (ds) => ds.length > 0);
    assert.match(diagnostic.message, /^GitHub token hardcoded \(ghp_\*+\)/);
    const alert = await alertFor(relative);
    assert.equal(alert.source, "disk");
    assert.deepEqual(
      alert.findings.map((f) => [f.kind, f.line]),
      [["GitHub token", 1]],
    );
    assert.match(alert.findings[0].masked, /^ghp_\*+$/);
    assert.ok(!JSON.stringify(await alerts()).includes(FAKE.githubToken));
  });

  it("scans a large programmatic insert at once, without the typing delay", async () => {
    const settings = vscode.workspace.getConfiguration("agentSecurity");
    await settings.update("scanDelayMs", 10_000, vscode.ConfigurationTarget.Workspace);
    try {
      const editor = await openFixture("secrets/clean.ts");
      const block = [
        "",
        "// generated client",
        ...Array.from({ length: 8 }, (_, i) => `export const setting${i} = ${i};`),
        `export const slack = "${FAKE.slackToken}";`,
        "",
      ].join("\n");
      const started = Date.now();
      const edit = new vscode.WorkspaceEdit();
      edit.insert(editor.document.uri, editor.document.lineAt(editor.document.lineCount - 1).range.end, block);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await waitForDiagnostics(editor.document.uri, (ds) => ds.some((d) => /^Slack token/.test(d.message)), 8_000);
      assert.ok(Date.now() - started < 10_000, "scanned before the 10 s typing delay");
      const alert = await alertFor("secrets/clean.ts");
      assert.equal(alert.source, "edit");
      assert.equal(alert.findings[0].kind, "Slack token");
    } finally {
      // Leave clean.ts as other suites expect it: revert the unsaved insert.
      await vscode.window.showTextDocument(fixtureUri("secrets/clean.ts"));
      await vscode.commands.executeCommand("workbench.action.files.revert");
      await settings.update("scanDelayMs", undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it("scans the selection and offers a redacted copy", async () => {
    const editor = await openFixture("secrets/app.ts");
    editor.selection = new vscode.Selection(0, 0, editor.document.lineCount, 0);
    const result = await vscode.commands.executeCommand<ScanCommandResult>("agentSecurity.secrets.scanSelection");
    assert.ok(result.found.some((f) => f.kind === "GitHub token" && /^ghp_\*+$/.test(f.masked)));
    assert.ok(result.redacted.includes("[REDACTED GitHub token]"));
    assert.ok(!result.redacted.includes(FAKE.githubToken));
  });

  it("offers agents a language model tool that reports secrets masked", async function () {
    const lm = vscode.lm as typeof vscode.lm & {
      invokeTool?: (
        name: string,
        options: { input: unknown; toolInvocationToken: undefined },
      ) => Thenable<{ content: { value?: string }[] }>;
    };
    if (!lm.invokeTool) this.skip();
    const result = await lm.invokeTool("agentSecurity_scanForSecrets", {
      input: { path: "secrets/app.ts" },
      toolInvocationToken: undefined,
    });
    const text = result.content.map((p) => p.value ?? "").join("");
    assert.match(text, /GitHub token \(ghp_\*+\) at line/);
    assert.ok(!text.includes(FAKE.githubToken));
  });
});
