import { eventLabel, isObject, readPromptOrTool, rootOf, stageOfToolEvent, stringField } from "../payload";
import type { AgentProtocol, HookInvocation, HookRequest } from "../types";
import { replyByExitCode, replyUnreadableByExitCode } from "./common";

// Claude Code hooks (docs.claude.com/docs/claude-code/hooks, checked with `search`):
// configured in .claude/settings.json as {"hooks": {"UserPromptSubmit": [{"hooks": [{"type":
// "command", "command"}]}], "PreToolUse": [{"matcher": "Write|Edit|MultiEdit", "hooks": [...]}]}}.
// stdin JSON: session_id, transcript_path, cwd, hook_event_name, plus `prompt` on
// UserPromptSubmit and tool_name/tool_input (file_path with content, new_string or
// edits[].new_string) on PreToolUse/PostToolUse. Exit 2 blocks: on UserPromptSubmit the
// prompt is erased and stderr shown to the user; on PreToolUse the call is refused and
// stderr goes to Claude; on PostToolUse stderr goes to Claude (the tool already ran).
// Exit 0 with no output lets everything through. VS Code's agent hooks and Copilot's
// PascalCase configuration send this same shape and honour exit 2 the same way
// (code.visualstudio.com/docs/copilot/customization/hooks), so they share this adapter.

/** Parses the Claude-style payload; `agent` lets Copilot's VS Code form reuse it. */
export function parseClaudeStyle(invocation: HookInvocation, agent: HookRequest["agent"]): HookRequest | { error: string } {
  const payload = invocation.payload;
  if (!isObject(payload)) return { error: "the payload is not a JSON object" };
  const event = stringField(payload, "hook_event_name", "hookEventName") ?? invocation.event;
  if (!event) return { error: "the payload names no hook_event_name" };
  const stage = stageOfToolEvent(event);
  if (!stage) return { error: `event "${eventLabel(event)}" is not one the hook checks (UserPromptSubmit, PreToolUse, PostToolUse)` };
  const root = rootOf(invocation, payload.cwd);
  return readPromptOrTool({ agent, event, stage, root, texts: [], files: [] }, payload, { toolName: "tool_name", toolInput: "tool_input" });
}

export const claude: AgentProtocol = {
  id: "claude",
  name: "Claude Code",
  recognizes: ({ payload }) =>
    isObject(payload) &&
    ((typeof payload.hook_event_name === "string" && /^[A-Z]/.test(payload.hook_event_name)) ||
      typeof payload.hookEventName === "string"),
  parse: (invocation) => parseClaudeStyle(invocation, "claude"),
  reply: (request, verdict) => replyByExitCode(request, verdict, false),
  replyUnreadable: replyUnreadableByExitCode,
};
