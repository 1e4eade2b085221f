import * as path from "node:path";
import type { AgentId } from "../types";
import {
  claudeConfig,
  CLINE_EVENTS,
  clineConfig,
  codexConfig,
  copilotConfig,
  cursorConfig,
  geminiConfig,
  kiroCliConfig,
  kiroIdeConfig,
  kiroV1Config,
  windsurfConfig,
  type HookCommand,
  type HookConfigTarget,
} from "./configs";

// Install and removal, shared by the editor's commands and `agent-security
// install|uninstall`: which files each agent's hooks live in, and how a
// change is carried out, over whatever file access the caller has.

/** Workspace-relative file access: the editor's workspace.fs, or node:fs for the CLI. */
export interface HookFiles {
  read(path: string): Promise<string | undefined>;
  write(path: string, text: string, executable: boolean): Promise<void>;
  delete(path: string): Promise<void>;
  /** Names of the files directly in a folder; none when it does not exist. */
  list(folder: string): Promise<string[]>;
  /** Deletes a folder that holds nothing; true when it did. */
  deleteEmptyFolder(folder: string): Promise<boolean>;
  /** Why a file must not be changed now (unsaved edits in the editor), if it must not. */
  busy?(path: string): string | undefined;
}

/** What an install or removal did, per workspace-relative file. */
export interface HookFilesResult {
  changed: string[];
  unchanged: string[];
  deleted: string[];
  errors: string[];
}

export type HookAction = "install" | "remove";

/** Display names and what each agent's hooks cover, for pickers and `install --help`. */
export const AGENT_SUMMARIES: readonly { id: AgentId; label: string; detail: string }[] = [
  {
    id: "kiro",
    label: "Kiro IDE and CLI",
    detail: "Blocks prompts, tool calls and reads with secrets; reports tool output (.kiro/hooks/agent-security.json)",
  },
  { id: "kiro-cli", label: "Kiro CLI (before 3.0)", detail: "Same v1 file; removal also cleans hooks in .kiro/agents/*.json" },
  {
    id: "claude",
    label: "Claude Code",
    detail:
      "Blocks prompts, writes, reads and commands with secrets; redacts MCP tool output, reports other output (.claude/settings.json)",
  },
  { id: "cursor", label: "Cursor", detail: "Blocks prompts, writes, reads, commands and MCP calls with secrets (.cursor/hooks.json)" },
  {
    id: "copilot",
    label: "GitHub Copilot",
    detail: "Blocks tool calls with secrets, redacts tool output, flags prompts (.github/hooks/agent-security.json)",
  },
  {
    id: "gemini",
    label: "Gemini CLI",
    detail: "Blocks prompts, writes, reads and commands with secrets; reports output (.gemini/settings.json)",
  },
  { id: "codex", label: "OpenAI Codex", detail: "Blocks prompts, patches and commands with secrets (.codex/hooks.json)" },
  {
    id: "windsurf",
    label: "Windsurf Cascade",
    detail: "Blocks prompts, writes, reads, commands and MCP calls with secrets (.windsurf/hooks.json)",
  },
  { id: "cline", label: "Cline", detail: "Cancels prompts, writes, reads and commands with secrets (.clinerules/hooks/)" },
];

async function kiroAgentFiles(files: HookFiles): Promise<string[]> {
  return (await files.list(".kiro/agents")).filter((name) => name.endsWith(".json")).map((name) => `.kiro/agents/${name}`);
}

/**
 * The files an agent's hooks are written to, or removed from. Kiro IDE 1.0
 * and Kiro CLI 3.0 share the v1 file; removing either also takes out what
 * earlier versions installed (the .kiro.hook file and agent-config hooks).
 */
export async function targetsFor(agent: AgentId, action: HookAction, files: HookFiles): Promise<HookConfigTarget[]> {
  switch (agent) {
    case "claude":
      return [claudeConfig];
    case "cursor":
      return [cursorConfig];
    case "copilot":
      return [copilotConfig];
    case "gemini":
      return [geminiConfig];
    case "codex":
      return [codexConfig];
    case "windsurf":
      return [windsurfConfig];
    case "cline":
      return CLINE_EVENTS.map(clineConfig);
    case "kiro":
    case "kiro-cli":
      if (action === "install") return [kiroV1Config];
      return [kiroV1Config, kiroIdeConfig, ...(await kiroAgentFiles(files)).map(kiroCliConfig)];
  }
}

/** Installs or removes the hooks of each agent; never throws for a file it cannot change. */
export async function applyHooks(
  action: HookAction,
  agents: readonly AgentId[],
  files: HookFiles,
  command: HookCommand,
): Promise<HookFilesResult> {
  const result: HookFilesResult = { changed: [], unchanged: [], deleted: [], errors: [] };
  const seen = new Set<string>();
  for (const agent of agents) {
    for (const target of await targetsFor(agent, action, files)) {
      if (seen.has(target.path)) continue;
      seen.add(target.path);
      await applyOne(action, target, files, command, result);
    }
  }
  return result;
}

async function applyOne(
  action: HookAction,
  target: HookConfigTarget,
  files: HookFiles,
  command: HookCommand,
  result: HookFilesResult,
): Promise<void> {
  const busy = files.busy?.(target.path);
  if (busy) {
    result.errors.push(busy);
    return;
  }
  try {
    const before = await files.read(target.path);
    if (action === "remove" && before === undefined) return;
    const outcome = action === "install" ? target.install(before, command) : target.remove(before!);
    if ("error" in outcome) {
      result.errors.push(outcome.error);
      return;
    }
    if ("delete" in outcome || (action === "remove" && target.isEmptyShell(outcome.text))) {
      await files.delete(target.path);
      await deleteEmptyParents(target.path, files);
      result.deleted.push(target.path);
    } else if (outcome.text !== before) {
      await files.write(target.path, outcome.text, target.executable === true);
      result.changed.push(target.path);
    } else {
      result.unchanged.push(target.path);
    }
  } catch (error) {
    result.errors.push(`${target.path}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * Deletes the folders of a deleted configuration file that are left empty, deepest first: the
 * ones install creates for it (.kiro/hooks, then .kiro). A folder with anything in it stops the
 * walk; the workspace folder itself is never touched.
 */
async function deleteEmptyParents(file: string, files: HookFiles): Promise<void> {
  for (let folder = path.posix.dirname(file); folder !== "."; folder = path.posix.dirname(folder)) {
    if (!(await files.deleteEmptyFolder(folder))) return;
  }
}
