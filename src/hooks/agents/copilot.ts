import { outputReported, verdictMessage } from "../messages";
import { redactSecrets } from "../redact";
import { eventLabel, isObject, readPromptOrTool, rootOf, stageOfToolEvent, toolArguments } from "../payload";
import type { AgentProtocol, HookInvocation, HookReply, HookRequest, Issue } from "../types";
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
// preToolUse decides with {"permissionDecision": "deny", "permissionDecisionReason"}; exit 2
// and any failure other than a timeout also deny, so a hook command that cannot start must
// still exit 0 (see install/portable.ts). postToolUse takes {"additionalContext"}, which reaches
// the model, and {"modifiedResult"}, a replacement for the tool's result: a secret in a tool's
// output is redacted there. userPromptSubmitted output is ignored and exit 2 is a warning whose
// stderr the user sees: in Copilot CLI a prompt cannot be stopped, only flagged. VS Code runs
// the same file with its own payload form (hookEventName, sessionId, tool_name, tool_input with
// create_file {filePath, content} / replace_string_in_file {filePath, oldString, newString}),
// where exit 2 stops a prompt and PostToolUse takes hookSpecificOutput.additionalContext.

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
  // The model reads textResultForLlm; the rest of toolResult says how the call went.
  const result = toolArguments(payload.toolResult);
  const output = isObject(result) && typeof result.textResultForLlm === "string" ? result.textResultForLlm : result;
  const parsed = readPromptOrTool(
    request,
    { ...payload, toolResult: output },
    { toolName: "toolName", toolInput: "toolArgs", toolOutput: "toolResult" },
  );
  return "error" in parsed ? parsed : { ...parsed, toolResult: result };
}

/**
 * After a tool: the report goes to the model as additionalContext on exit 0. A
 * secret in Copilot CLI's tool output is also replaced in a modified copy of
 * the result, so the value itself never reaches the model.
 */
function reportAfterTool(request: HookRequest, issues: Issue[]): HookReply {
  const output = request.texts[0];
  const spans = issues
    .filter((i) => i.check === "secret" && i.span && i.where === output?.label)
    .map((i) => ({ ...i.span!, kind: i.kind }));
  if (request.dialect !== "vscode" && output?.source === "tool-output" && request.texts.length === 1 && spans.length > 0) {
    const message = outputReported(output.label, issues, true);
    const redacted = redactSecrets(output.text, spans);
    const original = isObject(request.toolResult) ? request.toolResult : { resultType: "success" };
    const modifiedResult = { ...original, textResultForLlm: redacted };
    return { exitCode: 0, stdout: json({ modifiedResult, additionalContext: message }), stderr: "" };
  }
  const message = verdictMessage(request, issues, true);
  return request.dialect === "vscode"
    ? {
        exitCode: 0,
        stdout: json({ systemMessage: message, hookSpecificOutput: { hookEventName: "PostToolUse", additionalContext: message } }),
        stderr: "",
      }
    : { exitCode: 0, stdout: json({ additionalContext: message }), stderr: "" };
}

const isVsCodeForm = (payload: unknown) =>
  isObject(payload) && (typeof payload.hook_event_name === "string" || typeof payload.hookEventName === "string");

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
    if (verdict.action === "allow") return ALLOW;
    if (request.stage === "post-tool") return reportAfterTool(request, verdict.issues);
    if (request.dialect === "vscode") return claude.reply(request, verdict);
    const message = verdictMessage(request, verdict.issues, true);
    if (request.stage === "pre-tool" || request.stage === "read") {
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
