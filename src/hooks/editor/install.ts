import * as path from "node:path";
import * as vscode from "vscode";
import { COMMANDS, registerCommand } from "../../commands";
import type { Logger } from "../../editor/logger";
import { describeError } from "../../shared/errors";
import type { AgentId } from "../types";
import { launcherFileName, launcherPath, launcherScript, writeLauncher } from "../install/launcher";
import { AGENT_SUMMARIES, applyHooks, type HookAction, type HookFiles, type HookFilesResult } from "../install/plan";
import { portableCommand, USER_LAUNCHER_DIR } from "../install/portable";

export type { HookFilesResult };

/**
 * Installing and removing agent hooks from the editor (the same code as
 * `agent-security install|uninstall`), and the launcher the hook commands
 * find. Both commands need a trusted workspace: they write files that make
 * agents run a program.
 */
export function registerHookInstall(context: vscode.ExtensionContext, logger: Logger): void {
  void writeLaunchers(context, logger, false);
  context.subscriptions.push(
    registerCommand(COMMANDS.hooks.install, (agents?: AgentId[], folder?: vscode.Uri) => run("install", context, logger, agents, folder)),
    registerCommand(COMMANDS.hooks.remove, (agents?: AgentId[], folder?: vscode.Uri) => run("remove", context, logger, agents, folder)),
  );
}

/**
 * Points the launchers at this version's CLI: the user-level one
 * (~/.agent-security/bin) that committed hook commands look for when the
 * project has no CLI of its own, and the one in the extension's storage that
 * hooks installed by earlier versions name. `createUserLauncher`: hooks were
 * just installed, so the user-level launcher is written even where there was
 * none; otherwise (the extension starting) only existing launchers are
 * refreshed.
 */
async function writeLaunchers(context: vscode.ExtensionContext, logger: Logger, createUserLauncher: boolean): Promise<void> {
  const script = launcherScript({
    cliPath: vscode.Uri.joinPath(context.extensionUri, "dist", "cli.js").fsPath,
    editorExecutable: process.execPath,
    cacheDir: vscode.Uri.joinPath(context.globalStorageUri, "cache").fsPath,
    platform: process.platform,
  });
  const os = await import("node:os");
  const targets = [
    { file: launcherPath(context.globalStorageUri.fsPath, process.platform), create: false },
    { file: path.join(os.homedir(), USER_LAUNCHER_DIR, launcherFileName(process.platform)), create: createUserLauncher },
  ];
  for (const { file, create } of targets) {
    try {
      await writeLauncher(file, script, create, process.platform);
    } catch (error) {
      logger.error(`Could not write the agent hook launcher ${file}: ${describeError(error)}`);
    }
  }
}

/** The workspace folder's files as the shared install code sees them. */
function folderFiles(folder: vscode.Uri): HookFiles {
  const uri = (relative: string) => vscode.Uri.joinPath(folder, relative);
  const key = (relative: string) => uri(relative).toString();
  return {
    read: (relative) => readText(uri(relative)),
    async write(relative, text, executable) {
      await vscode.workspace.fs.writeFile(uri(relative), new TextEncoder().encode(text));
      if (executable && process.platform !== "win32") await import("node:fs/promises").then((fs) => fs.chmod(uri(relative).fsPath, 0o755));
    },
    delete: async (relative) => vscode.workspace.fs.delete(uri(relative)),
    async deleteEmptyFolder(relative) {
      try {
        if ((await vscode.workspace.fs.readDirectory(uri(relative))).length > 0) return false;
        await vscode.workspace.fs.delete(uri(relative), { recursive: false });
        return true;
      } catch {
        return false;
      }
    },
    async list(relative) {
      try {
        return (await vscode.workspace.fs.readDirectory(uri(relative)))
          .filter(([, type]) => type === vscode.FileType.File)
          .map(([name]) => name);
      } catch {
        return [];
      }
    },
    busy(relative) {
      const dirty = vscode.workspace.textDocuments.some((d) => d.uri.toString() === key(relative) && d.isDirty);
      return dirty ? `${relative} has unsaved changes; save it and run the command again` : undefined;
    },
  };
}

async function run(
  action: HookAction,
  context: vscode.ExtensionContext,
  logger: Logger,
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
  const result = await applyHooks(action, chosen, folderFiles(folder.uri), portableCommand());
  // The hook commands look for the launcher when the project has no CLI of its own.
  if (action === "install" && result.changed.length + result.unchanged.length > 0) await writeLaunchers(context, logger, true);
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
  return folders.length === 1
    ? folders[0]
    : vscode.window.showWorkspaceFolderPick({ placeHolder: "Folder whose agent configuration to change" });
}

async function pickAgents(action: HookAction): Promise<AgentId[] | undefined> {
  const host = vscode.env.appName.toLowerCase();
  const picks = AGENT_SUMMARIES.filter((a) => a.id !== "kiro-cli").map((a) => ({
    ...a,
    // Preselect the agent built into the editor this runs in.
    picked:
      action === "remove" ||
      (host.includes("kiro") && a.id === "kiro") ||
      (host.includes("cursor") && a.id === "cursor") ||
      (host.includes("windsurf") && a.id === "windsurf"),
  }));
  const chosen = await vscode.window.showQuickPick(picks, {
    canPickMany: true,
    title: action === "install" ? "Agent Security: Install Agent Hooks" : "Agent Security: Remove Agent Hooks",
    placeHolder:
      action === "install"
        ? "Agents whose hooks should check prompts, writes, reads and commands for secrets"
        : "Agents whose Agent Security hooks to remove",
  });
  return chosen?.map((c) => c.id);
}

async function show(action: HookAction, folder: vscode.Uri, result: HookFilesResult): Promise<void> {
  if (result.errors.length > 0) {
    void vscode.window.showWarningMessage(`Agent Security: ${result.errors.join("; ")}.`);
  }
  const done = action === "install" ? result.changed : [...result.changed, ...result.deleted];
  if (done.length === 0) {
    if (result.errors.length === 0) {
      void vscode.window.showInformationMessage(
        action === "install"
          ? "Agent Security: the agent hooks were already installed."
          : "Agent Security: no Agent Security hooks were found.",
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
