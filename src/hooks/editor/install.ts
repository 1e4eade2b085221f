import * as vscode from "vscode";
import { COMMANDS, registerCommand } from "../../commands";
import type { Logger } from "../../editor/logger";
import { describeError } from "../../shared/errors";
import type { AgentId } from "../types";
import {
  claudeConfig,
  copilotConfig,
  cursorConfig,
  KIRO_CLI_AGENT_FILE,
  kiroCliConfig,
  kiroIdeConfig,
  type HookCommand,
  type HookConfigTarget,
} from "../install/configs";
import { hookCommand, launcherPath, launcherScript } from "../install/launcher";

const AGENTS: readonly { id: AgentId; label: string; detail: string }[] = [
  { id: "kiro", label: "Kiro IDE", detail: "Checks prompts (.kiro/hooks/agent-security-prompt.kiro.hook)" },
  { id: "kiro-cli", label: "Kiro CLI", detail: "Checks prompts and tool input (hooks in .kiro/agents/*.json)" },
  { id: "claude", label: "Claude Code", detail: "Blocks prompts and writes with secrets (.claude/settings.json)" },
  { id: "cursor", label: "Cursor", detail: "Blocks prompts, writes and reads with secrets (.cursor/hooks.json)" },
  { id: "copilot", label: "GitHub Copilot", detail: "Blocks tool calls with secrets, flags prompts (.github/hooks/agent-security.json)" },
];

/** What an install or removal did, per workspace-relative file. */
export interface HookFilesResult {
  changed: string[];
  unchanged: string[];
  deleted: string[];
  errors: string[];
}

const CREATED_KEY = "agentSecurity.hookFilesCreated";

/**
 * Installing and removing agent hooks from the editor, and the launcher the
 * hook commands run. Both commands need a trusted workspace: they write files
 * that make agents run a program.
 */
export function registerHookInstall(context: vscode.ExtensionContext, logger: Logger): void {
  const storage = context.globalStorageUri.fsPath;
  const command = hookCommand(launcherPath(storage, process.platform), process.platform);
  void writeLauncher(context, logger);
  context.subscriptions.push(
    registerCommand(COMMANDS.hooks.install, (agents?: AgentId[], folder?: vscode.Uri) =>
      run("install", context, logger, command, agents, folder),
    ),
    registerCommand(COMMANDS.hooks.remove, (agents?: AgentId[], folder?: vscode.Uri) =>
      run("remove", context, logger, command, agents, folder),
    ),
  );
}

/** Rewrites the launcher so that it runs this version's CLI; unchanged content is left alone. */
async function writeLauncher(context: vscode.ExtensionContext, logger: Logger): Promise<void> {
  const storage = context.globalStorageUri.fsPath;
  const target = vscode.Uri.file(launcherPath(storage, process.platform));
  const script = launcherScript({
    cliPath: vscode.Uri.joinPath(context.extensionUri, "dist", "cli.js").fsPath,
    editorExecutable: process.execPath,
    cacheDir: vscode.Uri.joinPath(context.globalStorageUri, "cache").fsPath,
    platform: process.platform,
  });
  try {
    const current = await readText(target);
    if (current === script) return;
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, ".."));
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(script));
    if (process.platform !== "win32") await import("node:fs/promises").then((fs) => fs.chmod(target.fsPath, 0o755));
  } catch (error) {
    logger.error(`Could not write the agent hook launcher ${target.fsPath}: ${describeError(error)}`);
  }
}

async function run(
  action: "install" | "remove",
  context: vscode.ExtensionContext,
  logger: Logger,
  command: HookCommand,
  agents: AgentId[] | undefined,
  folderUri: vscode.Uri | undefined,
): Promise<HookFilesResult | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage("Agent Security: agent hooks can only be installed or removed in a trusted workspace.");
    return undefined;
  }
  const folder = folderUri ? vscode.workspace.getWorkspaceFolder(folderUri) : await pickFolder();
  if (!folder) return undefined;
  const chosen = agents ?? (await pickAgents(action));
  if (!chosen || chosen.length === 0) return undefined;
  const result: HookFilesResult = { changed: [], unchanged: [], deleted: [], errors: [] };
  for (const agent of chosen) {
    for (const target of await targetsFor(agent, folder.uri, action)) {
      await apply(action, target, folder.uri, command, context, result);
    }
  }
  for (const error of result.errors) logger.warn(`Agent hooks: ${error}`);
  if (agents === undefined) await show(action, folder.uri, result);
  return result;
}

async function pickFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage("Agent Security: open a folder to install agent hooks into.");
    return undefined;
  }
  return folders.length === 1 ? folders[0] : vscode.window.showWorkspaceFolderPick({ placeHolder: "Folder whose agent configuration to change" });
}

async function pickAgents(action: "install" | "remove"): Promise<AgentId[] | undefined> {
  const host = vscode.env.appName.toLowerCase();
  const picks = AGENTS.map((a) => ({
    ...a,
    // Preselect the agent built into the editor this runs in.
    picked: action === "remove" || (host.includes("kiro") && a.id === "kiro") || (host.includes("cursor") && a.id === "cursor"),
  }));
  const chosen = await vscode.window.showQuickPick(picks, {
    canPickMany: true,
    title: action === "install" ? "Agent Security: Install Agent Hooks" : "Agent Security: Remove Agent Hooks",
    placeHolder: action === "install" ? "Agents whose hooks should check prompts and writes for secrets" : "Agents whose Agent Security hooks to remove",
  });
  return chosen?.map((c) => c.id);
}

async function targetsFor(agent: AgentId, folder: vscode.Uri, action: "install" | "remove"): Promise<HookConfigTarget[]> {
  switch (agent) {
    case "claude":
      return [claudeConfig];
    case "cursor":
      return [cursorConfig];
    case "copilot":
      return [copilotConfig];
    case "kiro":
      return [kiroIdeConfig];
    case "kiro-cli": {
      const agentsDir = vscode.Uri.joinPath(folder, ".kiro", "agents");
      let files: string[];
      try {
        files = (await vscode.workspace.fs.readDirectory(agentsDir))
          .filter(([name, type]) => type === vscode.FileType.File && name.endsWith(".json"))
          .map(([name]) => `.kiro/agents/${name}`);
      } catch {
        files = [];
      }
      if (files.length === 0 && action === "install") files = [KIRO_CLI_AGENT_FILE];
      return files.map(kiroCliConfig);
    }
  }
}

async function apply(
  action: "install" | "remove",
  target: HookConfigTarget,
  folder: vscode.Uri,
  command: HookCommand,
  context: vscode.ExtensionContext,
  result: HookFilesResult,
): Promise<void> {
  const uri = vscode.Uri.joinPath(folder, target.path);
  const key = uri.toString();
  const dirty = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && d.isDirty);
  if (dirty) {
    result.errors.push(`${target.path} has unsaved changes; save it and run the command again`);
    return;
  }
  const before = await readText(uri);
  if (action === "remove" && before === undefined) return;
  const outcome = action === "install" ? target.install(before, command) : target.remove(before!);
  if ("error" in outcome) {
    result.errors.push(outcome.error);
    return;
  }
  const created = new Set(context.workspaceState.get<string[]>(CREATED_KEY, []));
  try {
    const remove = "delete" in outcome || (action === "remove" && created.has(key) && target.isEmptyShell(outcome.text));
    if (remove) {
      await vscode.workspace.fs.delete(uri);
      created.delete(key);
      result.deleted.push(target.path);
    } else if ("text" in outcome && outcome.text !== before) {
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(outcome.text));
      if (before === undefined) created.add(key);
      result.changed.push(target.path);
    } else {
      result.unchanged.push(target.path);
    }
    await context.workspaceState.update(CREATED_KEY, [...created]);
  } catch (error) {
    result.errors.push(`${target.path}: ${describeError(error)}`);
  }
}

async function show(action: "install" | "remove", folder: vscode.Uri, result: HookFilesResult): Promise<void> {
  if (result.errors.length > 0) {
    void vscode.window.showWarningMessage(`Agent Security: ${result.errors.join("; ")}.`);
  }
  const done = action === "install" ? result.changed : [...result.changed, ...result.deleted];
  if (done.length === 0) {
    if (result.errors.length === 0) {
      void vscode.window.showInformationMessage(
        action === "install" ? "Agent Security: the agent hooks were already installed." : "Agent Security: no Agent Security hooks were found.",
      );
    }
    return;
  }
  // Show what was written: each changed file opens, and a summary names them all.
  for (const file of result.changed) {
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, file), { preview: false, preserveFocus: true });
  }
  void vscode.window.showInformationMessage(
    action === "install"
      ? `Agent Security: hooks written to ${result.changed.join(", ")}. Agents run them from their next prompt.`
      : `Agent Security: hooks removed from ${done.join(", ")}.`,
  );
}

async function readText(uri: vscode.Uri): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
