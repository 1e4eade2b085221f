import { outputReported } from "../messages";
import { eventLabel, isObject, readPromptOrTool, rootOf, stageOfToolEvent, stringField } from "../payload";
import { redactToolResult } from "../redact";
import type { AgentProtocol, HookInvocation, HookReply, HookRequest, Verdict } from "../types";
import { json, replyByExitCode, replyUnreadableByExitCode } from "./common";

// Claude Code hooks (code.claude.com/docs/en/hooks, checked with `search`): configured in
// .claude/settings.json (committed) or .claude/settings.local.json (this machine's) as
// {"hooks": {"UserPromptSubmit": [{"hooks": [{"type": "command", "command"}]}], "PreToolUse":
// [{"matcher": "Write|Edit|NotebookEdit", "hooks": [...]}]}}. stdin JSON: session_id,
// transcript_path, cwd, hook_event_name, plus `prompt` on UserPromptSubmit and tool_name /
// tool_input (file_path with content, new_string, notebook_path with new_source; Read
// {file_path}; Bash {command}) on PreToolUse, and tool_response on PostToolUse. `cwd` follows
// the agent's `cd`; the stable project root is CLAUDE_PROJECT_DIR. Exit 2 blocks: on
// UserPromptSubmit the prompt is erased and stderr shown to the user; on PreToolUse the call is
// refused and stderr goes to Claude; on PostToolUse stderr goes to Claude (the tool already
// ran). A missing command exits 127, which does not block. VS Code's agent hooks send this
// shape with camelCase names (hookEventName, sessionId) and honour exit 2 the same way
// (microsoft/vscode-docs docs/agent-customization/hooks.md).
// PostToolUse may instead exit 0 with {"hookSpecificOutput": {"hookEventName": "PostToolUse",
// "additionalContext", "updatedMCPToolOutput"}}: the last, "for MCP tools only", replaces the
// tool's output with the value given. A secret in an MCP tool's output is masked there, so the
// value never reaches the model; other tools' output is reported (exit 2).

/** Parses the Claude-style payload; `agent` lets Copilot's VS Code form and Codex reuse it. */
export function parseClaudeStyle(
  invocation: HookInvocation,
  agent: HookRequest["agent"],
  projectDir?: string,
): HookRequest | { error: string } {
  const payload = invocation.payload;
  if (!isObject(payload)) return { error: "the payload is not a JSON object" };
  const event = stringField(payload, "hook_event_name", "hookEventName") ?? invocation.event;
  if (!event) return { error: "the payload names no hook_event_name" };
  const stage = stageOfToolEvent(event);
  if (!stage) return { error: `event "${eventLabel(event)}" is not one the hook checks (UserPromptSubmit, PreToolUse, PostToolUse)` };
  const root = rootOf(invocation, projectDir, payload.cwd);
  return readPromptOrTool({ agent, event, stage, root, texts: [], files: [] }, payload, {
    toolName: "tool_name",
    toolInput: "tool_input",
    toolOutput: "tool_response",
  });
}

/** MCP tools are named mcp__<server>__<tool>. */
const isMcpTool = (name: unknown) => typeof name === "string" && name.startsWith("mcp__");

function parseClaude(invocation: HookInvocation): HookRequest | { error: string } {
  const request = parseClaudeStyle(invocation, "claude", invocation.env.CLAUDE_PROJECT_DIR);
  const payload = invocation.payload;
  // Claude Code's own payload (not VS Code's camelCase form) after an MCP tool: its output can be given back redacted.
  if (
    !("error" in request) &&
    request.stage === "post-tool" &&
    isObject(payload) &&
    "hook_event_name" in payload &&
    isMcpTool(payload.tool_name)
  ) {
    request.toolResult = payload.tool_response;
  }
  return request;
}

/**
 * A secret in an MCP tool's output: the output goes back with the value masked
 * (updatedMCPToolOutput), and Claude and the user are told. Undefined when the
 * output cannot be given back that way (a file the tool wrote, an IAM finding).
 */
function redactMcpOutput(request: HookRequest, verdict: Verdict): HookReply | undefined {
  if (verdict.action === "allow" || request.toolResult === undefined || request.files.length > 0) return undefined;
  if (!request.texts.every((t) => t.source === "tool-output")) return undefined;
  if (!verdict.issues.every((i) => i.check === "secret" && i.span)) return undefined;
  const redacted = redactToolResult(request.toolResult, request.texts, verdict.issues);
  if (redacted === undefined) return undefined;
  const message = outputReported(request.texts[0].label, verdict.issues, true);
  return {
    exitCode: 0,
    stdout: json({
      systemMessage: message,
      hookSpecificOutput: { hookEventName: "PostToolUse", additionalContext: message, updatedMCPToolOutput: redacted },
    }),
    stderr: "",
  };
}

export const claude: AgentProtocol = {
  id: "claude",
  name: "Claude Code",
  recognizes: ({ payload }) =>
    isObject(payload) &&
    ((typeof payload.hook_event_name === "string" && /^[A-Z]/.test(payload.hook_event_name)) || typeof payload.hookEventName === "string"),
  parse: parseClaude,
  reply: (request, verdict) => redactMcpOutput(request, verdict) ?? replyByExitCode(request, verdict, false),
  replyUnreadable: replyUnreadableByExitCode,
};
