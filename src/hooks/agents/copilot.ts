import { verdictMessage } from "../messages";
import { eventLabel, isObject, readPromptOrTool, rootOf, stageOfToolEvent } from "../payload";
import type { AgentProtocol, HookInvocation, HookRequest } from "../types";
import { claude, parseClaudeStyle } from "./claude";
import { ALLOW, exit2, json, replyUnreadableByExitCode } from "./common";

// GitHub Copilot hooks (docs.github.com/en/copilot/reference/hooks-reference, checked with
// `search`): .github/hooks/*.json {"version": 1, "hooks": {"userPromptSubmitted": [{"type":
// "command", "bash", "powershell"}], "preToolUse": [...], "postToolUse": [...]}}, read by
// Copilot CLI and the cloud agent; VS Code's agent hooks read the same folder.
// - camelCase events send {sessionId, timestamp (ms), cwd, prompt} or {toolName, toolArgs,
//   toolResult} with no event name; toolArgs may be a JSON string. create/edit args are
//   {path, file_text} / {path, old_str, new_str}.
// - PascalCase events send the VS Code form {hook_event_name, session_id, tool_name,
//   tool_input}, which the Claude adapter reads.
// Only preToolUse decides: {"permissionDecision": "deny", "permissionDecisionReason"}.
// userPromptSubmitted output is ignored and exit 2 is a warning whose stderr the user sees:
// a prompt cannot be stopped, only flagged.

/** The camelCase event a payload without an event name belongs to. */
function camelEvent(invocation: HookInvocation, payload: Record<string, unknown>): string | undefined {
  if (invocation.event) return invocation.event;
  if ("toolResult" in payload) return "postToolUse";
  if ("toolName" in payload || "toolArgs" in payload) return "preToolUse";
  if (typeof payload.prompt === "string") return "userPromptSubmitted";
  return undefined;
}

function parseCamel(invocation: HookInvocation, payload: Record<string, unknown>): HookRequest | { error: string } {
  const event = camelEvent(invocation, payload);
  if (!event) return { error: "the payload is neither a prompt nor a tool call; pass --event" };
  const stage = stageOfToolEvent(event);
  if (!stage) return { error: `event "${eventLabel(event)}" is not one the hook checks (userPromptSubmitted, preToolUse, postToolUse)` };
  const root = rootOf(invocation, payload.cwd);
  const request: HookRequest = { agent: "copilot", event, stage, root, texts: [], files: [], dialect: "copilot" };
  return readPromptOrTool(request, payload, { toolName: "toolName", toolInput: "toolArgs" });
}

const isVsCodeForm = (payload: unknown) => isObject(payload) && (typeof payload.hook_event_name === "string" || typeof payload.hookEventName === "string");

export const copilot: AgentProtocol = {
  id: "copilot",
  name: "GitHub Copilot",
  recognizes: ({ payload }) =>
    isObject(payload) &&
    !("hook_event_name" in payload) &&
    ("toolName" in payload || "toolArgs" in payload || (typeof payload.prompt === "string" && typeof payload.timestamp === "number")),
  parse(invocation) {
    const payload = invocation.payload;
    if (!isObject(payload)) return { error: "the payload is not a JSON object" };
    if (isVsCodeForm(payload)) {
      const request = parseClaudeStyle(invocation, "copilot");
      return "error" in request ? request : { ...request, dialect: "vscode" };
    }
    return parseCamel(invocation, payload);
  },
  reply(request, verdict) {
    if (request.dialect === "vscode") return claude.reply(request, verdict);
    if (verdict.action === "allow") return ALLOW;
    const message = verdictMessage(request, verdict.issues, true);
    if (request.stage === "pre-tool") {
      return { exitCode: 0, stdout: json({ permissionDecision: "deny", permissionDecisionReason: message }), stderr: "" };
    }
    return exit2(message);
  },
  replyUnreadable(message, failClosed) {
    const reply = replyUnreadableByExitCode(message, failClosed);
    // Exit 2 is only a warning here; a deny decision is the one answer that blocks a tool.
    return failClosed ? { ...reply, stdout: json({ permissionDecision: "deny", permissionDecisionReason: reply.stderr.trim() }) } : reply;
  },
};
