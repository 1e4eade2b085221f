import type { AgentId } from "../types";
import { isRecord, JsonDocument } from "./jsonEdit";

// Where each agent reads hook configuration and what Agent Security adds there.
// The formats are the ones the protocol adapters in ../agents cite. Installing
// merges into the user's file (keeping their formatting, comments and every
// other hook) and is idempotent; removing takes out exactly the hook commands
// that install adds, recognised by their `agent-security … hook --agent X`
// command line, and the containers that held nothing else.

/** How hook commands run `agent-security hook` on this machine. */
export interface HookCommand {
  /** The shell command line running the launcher with these `hook` arguments. */
  line(hookArgs: string): string;
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
  /** True when text is what install leaves in a file it created, minus the hooks: removing may delete it. */
  isEmptyShell(text: string): boolean;
}

const OUR_COMMAND = /agent-security(?:\.cmd)?["']?\s+hook\b/;

export function isOurCommand(command: unknown, agent: AgentId): command is string {
  return typeof command === "string" && OUR_COMMAND.test(command) && new RegExp(`--agent\\s+${agent}(?:\\s|$)`).test(command);
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
        if (JSON.stringify((list![index] as Record<string, unknown>)[key]) !== JSON.stringify(value)) doc.set(["hooks", event, index, key], value);
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
  if (isRecord(hooks) && Object.keys(hooks).length === 0) doc.remove(["hooks"]);
}

function sameValue(text: string, shell: unknown): boolean {
  return JsonDocument.isObject(text) && JSON.stringify(JsonDocument.from(text).value) === JSON.stringify(shell);
}

// Claude Code: .claude/settings.json, matcher groups each holding a `hooks` list.
const CLAUDE_EVENTS: readonly { event: string; matcher?: string }[] = [
  { event: "UserPromptSubmit" },
  { event: "PreToolUse", matcher: "Write|Edit|MultiEdit" },
  { event: "PostToolUse", matcher: "Write|Edit|MultiEdit" },
];

/** Where our command sits in Claude's groups: [group, hook] indexes. */
function findClaudeHook(groups: unknown[]): [number, number] | undefined {
  for (const [g, group] of groups.entries()) {
    const hooks = isRecord(group) && Array.isArray(group.hooks) ? group.hooks : [];
    const h = hooks.findIndex((hook) => isRecord(hook) && isOurCommand(hook.command, "claude"));
    if (h >= 0) return [g, h];
  }
  return undefined;
}

export const claudeConfig: HookConfigTarget = {
  agent: "claude",
  path: ".claude/settings.json",
  install(text, command) {
    const doc = open(text, this.path);
    if ("error" in doc) return doc;
    const found = hooksOf(doc, this.path);
    if ("error" in found) return found;
    const { hooks } = found;
    const line = command.line("--agent claude");
    for (const { event, matcher } of CLAUDE_EVENTS) {
      const groups = hooks[event];
      if (groups !== undefined && !Array.isArray(groups)) return { error: `"hooks.${event}" in ${this.path} is not an array; it was left unchanged` };
      const at = findClaudeHook(groups ?? []);
      if (!at) doc.append(["hooks", event], { ...(matcher ? { matcher } : {}), hooks: [{ type: "command", command: line }] });
      else if ((((groups![at[0]] as Record<string, unknown>).hooks as unknown[])[at[1]] as Record<string, unknown>).command !== line) {
        doc.set(["hooks", event, at[0], "hooks", at[1], "command"], line);
      }
    }
    return { text: doc.text };
  },
  remove(text) {
    const doc = open(text, this.path);
    if ("error" in doc) return doc;
    const found = hooksOf(doc, this.path);
    if ("error" in found) return found;
    const { hooks } = found;
    for (const [event, groups] of Object.entries(hooks)) {
      if (!Array.isArray(groups)) continue;
      // Back to front, so that indexes still to visit stay valid.
      for (let g = groups.length - 1; g >= 0; g--) {
        const group: unknown = groups[g];
        const list = isRecord(group) && Array.isArray(group.hooks) ? group.hooks : [];
        const ours = list.flatMap((hook, i) => (isRecord(hook) && isOurCommand(hook.command, "claude") ? [i] : []));
        if (ours.length === 0) continue;
        if (ours.length === list.length) doc.remove(["hooks", event, g]);
        else for (const i of ours.reverse()) doc.remove(["hooks", event, g, "hooks", i]);
      }
      const left = doc.get(["hooks", event]);
      if (Array.isArray(left) && left.length === 0) doc.remove(["hooks", event]);
    }
    pruneHooks(doc);
    return { text: doc.text };
  },
  isEmptyShell: (text) => sameValue(text, {}),
};

/**
 * A `{"version": 1, "hooks": {...}}` file (Cursor, Copilot). `ownFile`: the
 * file is Agent Security's alone and goes when its hooks do.
 */
function versionedHooksFile(agent: AgentId, path: string, events: readonly FlatEvent[], ownFile: boolean): HookConfigTarget {
  const isEmptyShell = (text: string) => sameValue(text, { version: 1 });
  return {
    agent,
    path,
    install(text, command) {
      const doc = open(text, path);
      if ("error" in doc) return doc;
      if (doc.get(["version"]) === undefined) doc.set(["version"], 1);
      return installFlat(doc, path, agent, events, command);
    },
    remove(text) {
      const doc = open(text, path);
      if ("error" in doc) return doc;
      const removed = removeFlat(doc, path, agent);
      return ownFile && "text" in removed && isEmptyShell(removed.text) ? { delete: true } : removed;
    },
    isEmptyShell,
  };
}

// Cursor: .cursor/hooks.json, {"version": 1, "hooks": {event: [{command, matcher?}]}}.
const CURSOR_EVENTS: readonly FlatEvent[] = [
  { event: "beforeSubmitPrompt", entry: (c) => ({ command: c.line("--agent cursor") }) },
  { event: "preToolUse", entry: (c) => ({ command: c.line("--agent cursor"), matcher: "Write" }) },
  { event: "beforeReadFile", entry: (c) => ({ command: c.line("--agent cursor") }) },
  { event: "afterFileEdit", entry: (c) => ({ command: c.line("--agent cursor") }) },
];

export const cursorConfig = versionedHooksFile("cursor", ".cursor/hooks.json", CURSOR_EVENTS, false);

// GitHub Copilot: a file of its own in .github/hooks/, camelCase events for Copilot CLI and the
// cloud agent (VS Code reads it too). Only the current platform's shell key is written: the
// launcher path belongs to this machine.
const COPILOT_FILE = ".github/hooks/agent-security.json";
const copilotEntry = (event: string) => (command: HookCommand) => {
  const line = command.line(`--agent copilot --event ${event}`);
  return { type: "command", ...(command.platform === "win32" ? { powershell: `& ${line}` } : { bash: line }), timeoutSec: 30 };
};
const COPILOT_EVENTS: readonly FlatEvent[] = ["userPromptSubmitted", "preToolUse", "postToolUse"].map((event) => ({ event, entry: copilotEntry(event) }));

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
      return "error" in doc ? doc : removeFlat(doc, path, "kiro-cli");
    },
    isEmptyShell: (text) => sameValue(text, path === KIRO_CLI_AGENT_FILE ? KIRO_CLI_NEW_AGENT : {}),
  };
}

// Kiro IDE: a hook file of its own in .kiro/hooks/; the prompt arrives in USER_PROMPT.
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
  remove: () => ({ delete: true }),
  isEmptyShell: () => false,
};
