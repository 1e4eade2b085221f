import type { AgentId } from "../types";
import { isRecord, JsonDocument } from "./jsonEdit";

// Where each agent reads hook configuration and what Agent Security adds there.
// The formats are the ones the protocol adapters in ../agents cite. Installing
// merges into the user's file (keeping their formatting, comments and every
// other hook) and is idempotent; removing takes out exactly the hook commands
// that install adds, recognised by their `agent-security … hook --agent X`
// command line, and the containers that held nothing else. A file left
// holding exactly what install writes into a missing one, minus the hooks,
// is deleted (by plan.ts, the same for the CLI and the editor).

/** How hook commands run `agent-security hook`. */
export interface HookCommand {
  /** The POSIX shell command line running `agent-security hook` with these arguments. */
  line(hookArgs: string): string;
  /** The same for PowerShell, where a configuration can carry both (Copilot's bash and powershell keys). */
  powershell?(hookArgs: string): string;
  platform: NodeJS.Platform;
}

export type EditOutcome = { text: string } | { error: string };
export type RemoveOutcome = { text: string } | { delete: true } | { error: string };

export interface HookConfigTarget {
  agent: AgentId;
  /** Workspace-relative path of the file; for Kiro CLI one per agent configuration. */
  path: string;
  /** Writes the hooks into the file's text (undefined when the file does not exist). */
  install(text: string | undefined, command: HookCommand): EditOutcome;
  /** Takes them out again. Files that only Agent Security writes are deleted. */
  remove(text: string): RemoveOutcome;
  /**
   * True when text is, byte for byte, what install writes into a missing file minus the hooks: the
   * file then holds nothing of the user's, and removal deletes it.
   */
  isEmptyShell(text: string): boolean;
  /** The file must be executable (Cline runs hook files directly). */
  executable?: boolean;
}

// A launcher or CLI path followed by `hook`, or the portable command's own name (install/portable.ts).
const OUR_COMMAND = /agent-security(?:\.cmd)?["']?\s+hook\b|agent-security-hook\b/;

export function isOurCommand(command: unknown, agent: AgentId): command is string {
  return typeof command === "string" && OUR_COMMAND.test(command) && new RegExp(`--agent\\s+${agent}(?=[\\s;'"]|$)`).test(command);
}

/** Opens a file's text for editing, refusing anything that is not a JSON object. */
function open(text: string | undefined, path: string): JsonDocument | { error: string } {
  if (text !== undefined && text.trim() && !JsonDocument.isObject(text)) {
    return { error: `${path} is not a valid JSON object; it was left unchanged` };
  }
  return JsonDocument.from(text);
}

/** The `hooks` object, or an error when the file holds something else there. */
function hooksOf(doc: JsonDocument, path: string): { hooks: Record<string, unknown> } | { error: string } {
  const hooks = doc.get(["hooks"]);
  if (hooks === undefined) return { hooks: {} };
  return isRecord(hooks) ? { hooks } : { error: `"hooks" in ${path} is not an object; it was left unchanged` };
}

interface FlatEvent {
  event: string;
  /** The entry install adds. */
  entry: (command: HookCommand) => Record<string, unknown>;
}

/**
 * Hook arrays of plain entries ({command, ...}): Cursor, Copilot, Kiro CLI.
 * Our entry is updated in place when present (a new launcher path after the
 * editor moved), else appended.
 */
function installFlat(doc: JsonDocument, path: string, agent: AgentId, events: readonly FlatEvent[], command: HookCommand): EditOutcome {
  const found = hooksOf(doc, path);
  if ("error" in found) return found;
  const { hooks } = found;
  for (const { event, entry } of events) {
    const wanted = entry(command);
    const list = hooks[event];
    if (list !== undefined && !Array.isArray(list)) return { error: `"hooks.${event}" in ${path} is not an array; it was left unchanged` };
    const index = (list ?? []).findIndex((e) => isRecord(e) && Object.values(e).some((v) => isOurCommand(v, agent)));
    if (index < 0) doc.append(["hooks", event], wanted);
    else {
      for (const [key, value] of Object.entries(wanted)) {
        if (JSON.stringify((list![index] as Record<string, unknown>)[key]) !== JSON.stringify(value))
          doc.set(["hooks", event, index, key], value);
      }
    }
  }
  return { text: doc.text };
}

/** Removes our entries from every hook array, then arrays and a `hooks` object left empty. */
function removeFlat(doc: JsonDocument, path: string, agent: AgentId): EditOutcome {
  const found = hooksOf(doc, path);
  if ("error" in found) return found;
  const { hooks } = found;
  for (const [event, list] of Object.entries(hooks)) {
    if (!Array.isArray(list)) continue;
    const ours = list.flatMap((e, i) => (isRecord(e) && Object.values(e).some((v) => isOurCommand(v, agent)) ? [i] : []));
    if (ours.length === 0) continue;
    if (ours.length === list.length) doc.remove(["hooks", event]);
    else for (const i of ours.reverse()) doc.remove(["hooks", event, i]);
  }
  pruneHooks(doc);
  return { text: doc.text };
}

function pruneHooks(doc: JsonDocument): void {
  const hooks = doc.get(["hooks"]);
  if (isRecord(hooks) && doc.isBlank(["hooks"])) doc.remove(["hooks"]);
}

function sameValue(text: string, shell: unknown): boolean {
  return JsonDocument.isObject(text) && JSON.stringify(JsonDocument.from(text).value) === JSON.stringify(shell);
}

/**
 * True when text is the skeleton install starts a missing file from, as JsonDocument writes it:
 * two-space indents, a final newline. A user's own `{ }`, comment or CRLF makes it theirs.
 */
function isSkeleton(text: string, skeleton: object): boolean {
  return text === JSON.stringify(skeleton, null, 2) + "\n";
}

interface GroupedEvent {
  event: string;
  matcher?: string;
  /** The --event argument, for agents whose payload does not name the event. */
  eventArg?: boolean;
}

/** Where our command sits in Claude-style groups: [group, hook] indexes. */
function findGroupedHook(groups: unknown[], agent: AgentId): [number, number] | undefined {
  for (const [g, group] of groups.entries()) {
    const hooks = isRecord(group) && Array.isArray(group.hooks) ? group.hooks : [];
    const h = hooks.findIndex((hook) => isRecord(hook) && isOurCommand(hook.command, agent));
    if (h >= 0) return [g, h];
  }
  return undefined;
}

/**
 * A settings file with Claude Code's grouped hooks, {"hooks": {Event: [{"matcher", "hooks":
 * [{"type": "command", "command"}]}]}}: Claude Code, Gemini CLI, Codex. Our hook is updated in
 * place (a new command line, a new matcher in a group of our own), else appended.
 */
function groupedHooksFile(
  agent: AgentId,
  path: string,
  events: readonly GroupedEvent[],
  hookFields: Record<string, unknown> = {},
): HookConfigTarget {
  return {
    agent,
    path,
    install(text, command) {
      const doc = open(text, path);
      if ("error" in doc) return doc;
      const found = hooksOf(doc, path);
      if ("error" in found) return found;
      const { hooks } = found;
      for (const { event, matcher, eventArg } of events) {
        const line = command.line(`--agent ${agent}${eventArg ? ` --event ${event}` : ""}`);
        const groups = hooks[event];
        if (groups !== undefined && !Array.isArray(groups))
          return { error: `"hooks.${event}" in ${path} is not an array; it was left unchanged` };
        const at = findGroupedHook(groups ?? [], agent);
        if (!at) {
          doc.append(["hooks", event], { ...(matcher ? { matcher } : {}), hooks: [{ type: "command", command: line, ...hookFields }] });
          continue;
        }
        const group = groups![at[0]] as Record<string, unknown>;
        if (((group.hooks as unknown[])[at[1]] as Record<string, unknown>).command !== line)
          doc.set(["hooks", event, at[0], "hooks", at[1], "command"], line);
        // A group holding only our hook is ours to re-aim (an older install's matcher named MultiEdit).
        if (matcher && group.matcher !== matcher && (group.hooks as unknown[]).length === 1)
          doc.set(["hooks", event, at[0], "matcher"], matcher);
      }
      return { text: doc.text };
    },
    remove(text) {
      const doc = open(text, path);
      if ("error" in doc) return doc;
      const found = hooksOf(doc, path);
      if ("error" in found) return found;
      const { hooks } = found;
      for (const [event, groups] of Object.entries(hooks)) {
        if (!Array.isArray(groups)) continue;
        // Back to front, so that indexes still to visit stay valid.
        for (let g = groups.length - 1; g >= 0; g--) {
          const group: unknown = groups[g];
          const list = isRecord(group) && Array.isArray(group.hooks) ? group.hooks : [];
          const ours = list.flatMap((hook, i) => (isRecord(hook) && isOurCommand(hook.command, agent) ? [i] : []));
          if (ours.length === 0) continue;
          if (ours.length === list.length) doc.remove(["hooks", event, g]);
          else for (const i of ours.reverse()) doc.remove(["hooks", event, g, "hooks", i]);
        }
        const left = doc.get(["hooks", event]);
        if (Array.isArray(left) && doc.isBlank(["hooks", event])) doc.remove(["hooks", event]);
      }
      pruneHooks(doc);
      return { text: doc.text };
    },
    isEmptyShell: (text) => isSkeleton(text, {}),
  };
}

// Claude Code: .claude/settings.json. Writes before they land, files before they are read,
// shell commands before they run; afterwards the files written and what reads, commands,
// searches and fetches returned.
export const CLAUDE_PRE_TOOLS = "Write|Edit|NotebookEdit|Read|Bash";
export const CLAUDE_POST_TOOLS = "Write|Edit|NotebookEdit|Read|Bash|Grep|WebFetch|mcp__.*";
export const claudeConfig = groupedHooksFile("claude", ".claude/settings.json", [
  { event: "UserPromptSubmit" },
  { event: "PreToolUse", matcher: CLAUDE_PRE_TOOLS },
  { event: "PostToolUse", matcher: CLAUDE_POST_TOOLS },
]);

// Gemini CLI: .gemini/settings.json; timeouts are in milliseconds.
const GEMINI_TOOLS = "write_file|replace|read_file|read_many_files|run_shell_command|mcp__.*";
export const geminiConfig = groupedHooksFile(
  "gemini",
  ".gemini/settings.json",
  [{ event: "BeforeAgent" }, { event: "BeforeTool", matcher: GEMINI_TOOLS }, { event: "AfterTool", matcher: GEMINI_TOOLS }],
  { name: "agent-security", timeout: 30000 },
);

// OpenAI Codex: .codex/hooks.json. File edits are apply_patch calls; commands run through Bash.
const CODEX_TOOLS = "apply_patch|Edit|Write|Bash|shell";
export const codexConfig = groupedHooksFile("codex", ".codex/hooks.json", [
  { event: "UserPromptSubmit" },
  { event: "PreToolUse", matcher: CODEX_TOOLS },
  { event: "PostToolUse", matcher: CODEX_TOOLS },
]);

/**
 * A `{"version": 1, "hooks": {...}}` file (Cursor, Copilot). `ownFile`: the
 * file is Agent Security's alone and goes when its hooks do.
 */
function versionedHooksFile(
  agent: AgentId,
  path: string,
  events: readonly FlatEvent[],
  ownFile: boolean,
  version: number | null = 1,
): HookConfigTarget {
  const skeleton = version === null ? {} : { version };
  return {
    agent,
    path,
    install(text, command) {
      const doc = open(text, path);
      if ("error" in doc) return doc;
      if (version !== null && doc.get(["version"]) === undefined) doc.set(["version"], version);
      return installFlat(doc, path, agent, events, command);
    },
    remove(text) {
      const doc = open(text, path);
      if ("error" in doc) return doc;
      const removed = removeFlat(doc, path, agent);
      return ownFile && "text" in removed && sameValue(removed.text, skeleton) ? { delete: true } : removed;
    },
    isEmptyShell: (text) => isSkeleton(text, skeleton),
  };
}

// Cursor: .cursor/hooks.json, {"version": 1, "hooks": {event: [{command, matcher?}]}}.
const CURSOR_EVENTS: readonly FlatEvent[] = [
  { event: "beforeSubmitPrompt", entry: (c) => ({ command: c.line("--agent cursor") }) },
  { event: "preToolUse", entry: (c) => ({ command: c.line("--agent cursor"), matcher: "Write" }) },
  { event: "beforeReadFile", entry: (c) => ({ command: c.line("--agent cursor") }) },
  { event: "beforeShellExecution", entry: (c) => ({ command: c.line("--agent cursor") }) },
  { event: "beforeMCPExecution", entry: (c) => ({ command: c.line("--agent cursor") }) },
  { event: "afterFileEdit", entry: (c) => ({ command: c.line("--agent cursor") }) },
];

export const cursorConfig = versionedHooksFile("cursor", ".cursor/hooks.json", CURSOR_EVENTS, false);

// GitHub Copilot: a file of its own in .github/hooks/, camelCase events for Copilot CLI and the
// cloud agent (VS Code reads it too). A portable command fills both shell keys; a launcher path
// belongs to one machine, so only that platform's key is written.
const COPILOT_FILE = ".github/hooks/agent-security.json";
const copilotEntry = (event: string) => (command: HookCommand) => {
  const args = `--agent copilot --event ${event}`;
  const shells = command.powershell
    ? { bash: command.line(args), powershell: command.powershell(args) }
    : command.platform === "win32"
      ? { powershell: `& ${command.line(args)}` }
      : { bash: command.line(args) };
  return { type: "command", ...shells, timeoutSec: 30 };
};
const COPILOT_EVENTS: readonly FlatEvent[] = ["userPromptSubmitted", "preToolUse", "postToolUse"].map((event) => ({
  event,
  entry: copilotEntry(event),
}));

export const copilotConfig = versionedHooksFile("copilot", COPILOT_FILE, COPILOT_EVENTS, true);

// Kiro CLI: the `hooks` of an agent configuration in .kiro/agents/. Without one, install
// creates an agent of its own with every tool; preToolUse matches every tool so that
// secrets in shell commands and MCP calls are caught as well as in writes.
export const KIRO_CLI_AGENT_FILE = ".kiro/agents/agent-security.json";
const KIRO_CLI_EVENTS: readonly FlatEvent[] = [
  { event: "userPromptSubmit", entry: (c) => ({ command: c.line("--agent kiro-cli") }) },
  { event: "preToolUse", entry: (c) => ({ matcher: "*", command: c.line("--agent kiro-cli") }) },
];
const KIRO_CLI_NEW_AGENT = {
  name: "agent-security",
  description: "All tools, with Agent Security hooks checking prompts and tool input for secrets.",
  tools: ["*"],
};

export function kiroCliConfig(path: string): HookConfigTarget {
  return {
    agent: "kiro-cli",
    path,
    install(text, command) {
      const doc = open(text ?? (path === KIRO_CLI_AGENT_FILE ? JSON.stringify(KIRO_CLI_NEW_AGENT, null, 2) + "\n" : undefined), path);
      return "error" in doc ? doc : installFlat(doc, path, "kiro-cli", KIRO_CLI_EVENTS, command);
    },
    remove(text) {
      const doc = open(text, path);
      if ("error" in doc) return doc;
      const removed = removeFlat(doc, path, "kiro-cli");
      // The agent install created for itself goes with its hooks.
      return path === KIRO_CLI_AGENT_FILE && "text" in removed && sameValue(removed.text, KIRO_CLI_NEW_AGENT) ? { delete: true } : removed;
    },
    isEmptyShell: (text) => isSkeleton(text, path === KIRO_CLI_AGENT_FILE ? KIRO_CLI_NEW_AGENT : {}),
  };
}

// Windsurf Cascade: .windsurf/hooks.json, {"hooks": {event: [{command, show_output}]}}, no version.
const windsurfEntry = (c: HookCommand) => ({ command: c.line("--agent windsurf"), show_output: true });
const WINDSURF_EVENTS: readonly FlatEvent[] = [
  "pre_user_prompt",
  "pre_read_code",
  "pre_write_code",
  "pre_run_command",
  "pre_mcp_tool_use",
  "post_write_code",
  "post_mcp_tool_use",
].map((event) => ({ event, entry: windsurfEntry }));
export const windsurfConfig = versionedHooksFile("windsurf", ".windsurf/hooks.json", WINDSURF_EVENTS, false, null);

// Kiro IDE 1.0 and Kiro CLI 3.0: a v1 hooks file of its own in .kiro/hooks/, read by both.
export const KIRO_V1_FILE = ".kiro/hooks/agent-security.json";
const KIRO_V1_HOOKS: readonly { name: string; trigger: string }[] = [
  { name: "agent-security-prompt", trigger: "UserPromptSubmit" },
  { name: "agent-security-tool-input", trigger: "PreToolUse" },
  { name: "agent-security-tool-output", trigger: "PostToolUse" },
];

export const kiroV1Config: HookConfigTarget = {
  agent: "kiro",
  path: KIRO_V1_FILE,
  install(text, command) {
    const doc = open(text, KIRO_V1_FILE);
    if ("error" in doc) return doc;
    if (doc.get(["version"]) === undefined) doc.set(["version"], "v1");
    const list = doc.get(["hooks"]);
    if (list !== undefined && !Array.isArray(list)) return { error: `"hooks" in ${KIRO_V1_FILE} is not an array; it was left unchanged` };
    for (const { name, trigger } of KIRO_V1_HOOKS) {
      const action = { type: "command", command: command.line(`--agent kiro --event ${trigger}`) };
      const index = (list ?? []).findIndex(
        (h) => isRecord(h) && isRecord(h.action) && isOurCommand(h.action.command, "kiro") && h.trigger === trigger,
      );
      // Keep a user's `enabled` and timeout in an existing entry; only the command is ours to update.
      if (index < 0) doc.append(["hooks"], { name, trigger, action, timeout: 30, enabled: true });
      else if (JSON.stringify((list![index] as Record<string, unknown>).action) !== JSON.stringify(action))
        doc.set(["hooks", index, "action"], action);
    }
    return { text: doc.text };
  },
  remove(text) {
    const doc = open(text, KIRO_V1_FILE);
    if ("error" in doc) return doc;
    const list = doc.get(["hooks"]);
    if (Array.isArray(list)) {
      for (let i = list.length - 1; i >= 0; i--) {
        const h: unknown = list[i];
        if (isRecord(h) && isRecord(h.action) && isOurCommand(h.action.command, "kiro")) doc.remove(["hooks", i]);
      }
    }
    const left = doc.get(["hooks"]);
    return Array.isArray(left) && left.length === 0 ? { delete: true } : { text: doc.text };
  },
  isEmptyShell: (text) => isSkeleton(text, { version: "v1", hooks: [] }),
};

// Cline: one executable file per event in .clinerules/hooks/, each Agent Security's alone.
export const CLINE_EVENTS = ["UserPromptSubmit", "PreToolUse", "PostToolUse"] as const;
export function clineHookScript(command: HookCommand): string {
  return [
    "#!/bin/sh",
    "# Agent Security Hooks: checks this Cline event for secrets. Written by `agent-security install --agent cline`.",
    `${command.line("--agent cline")}`,
    "",
  ].join("\n");
}

export function clineConfig(event: (typeof CLINE_EVENTS)[number]): HookConfigTarget {
  const path = `.clinerules/hooks/${event}`;
  return {
    agent: "cline",
    path,
    executable: true,
    install(text, command) {
      if (text !== undefined && text.trim() && !isOurCommand(text, "cline")) {
        return { error: `${path} already holds another hook; Cline runs one file per event, so it was left unchanged` };
      }
      return { text: clineHookScript(command) };
    },
    remove: (text) => (isOurCommand(text, "cline") ? { delete: true } : { text }),
    isEmptyShell: () => false,
  };
}

// Kiro IDE before 1.0: a hook file of its own in .kiro/hooks/; the prompt arrives in USER_PROMPT.
// Only removed now (Kiro IDE 1.0 no longer runs when/then files); install writes kiroV1Config.
export const kiroIdeConfig: HookConfigTarget = {
  agent: "kiro",
  path: ".kiro/hooks/agent-security-prompt.kiro.hook",
  install(text, command) {
    const doc = open(text, this.path);
    if ("error" in doc) return doc;
    const wanted: Record<string, unknown> = {
      enabled: true,
      name: "Agent Security: secrets in prompts",
      description: "Checks each prompt for hardcoded secrets before the agent works on it.",
      version: "1.0.0",
      when: { type: "promptSubmit" },
      then: { type: "runCommand", command: command.line("--agent kiro") },
    };
    const current = doc.value;
    for (const [key, value] of Object.entries(wanted)) {
      // Keep the user's own choices (enabled, name, description) in an existing file.
      const mine = key === "when" || key === "then" || !isRecord(current) || !(key in current);
      if (mine && JSON.stringify(isRecord(current) ? current[key] : undefined) !== JSON.stringify(value)) doc.set([key], value);
    }
    return { text: doc.text };
  },
  remove: (text) =>
    isOurCommand(JsonDocument.isObject(text) ? JSON.stringify(JsonDocument.from(text).value) : "", "kiro") ? { delete: true } : { text },
  isEmptyShell: () => false,
};
