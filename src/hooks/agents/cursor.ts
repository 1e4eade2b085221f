import { verdictMessage } from "../messages";
import {
  displayPath,
  eventLabel,
  isObject,
  outputTexts,
  promptText,
  readToolCall,
  resolveIn,
  rootOf,
  stringField,
  toolArguments,
  writtenTarget,
} from "../payload";
import type { AgentProtocol, HookRequest, HookStage } from "../types";
import { ALLOW, json, replyUnreadableByExitCode } from "./common";

// Cursor hooks (cursor.com/docs/agent/hooks, checked with `search`): .cursor/hooks.json
// {"version": 1, "hooks": {"beforeSubmitPrompt": [{"command"}], ...}}, project hooks run from
// the project root. Every payload carries conversation_id, generation_id, hook_event_name and
// workspace_roots. Per event:
// - beforeSubmitPrompt {prompt, attachments: [{type: "file"|"rule", file_path}]} (older docs
//   spell it filePath) → {"continue": false, "user_message"} stops the prompt;
// - preToolUse {tool_name, tool_input}, beforeShellExecution {command},
//   beforeMCPExecution {tool_input as a JSON string} → {"permission": "deny", "user_message",
//   "agent_message"};
// - beforeReadFile {file_path, content} → {"permission": "deny", "user_message"};
// - afterFileEdit {file_path, edits: [{old_string, new_string}]}: no output is read;
// - postToolUse {tool_name, tool_input, tool_output} → {"additional_context"} reaches the agent.
// Exit 2 also denies; other non-zero exits fail open and are logged in the Hooks channel.

const STAGES: Record<string, HookStage> = {
  beforeSubmitPrompt: "prompt",
  preToolUse: "pre-tool",
  beforeShellExecution: "pre-tool",
  beforeMCPExecution: "pre-tool",
  beforeReadFile: "read",
  afterFileEdit: "post-tool",
  postToolUse: "post-tool",
};

function attachmentPaths(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((a) => (isObject(a) ? [stringField(a, "file_path", "filePath")].filter((p): p is string => !!p) : []));
}

export const cursor: AgentProtocol = {
  id: "cursor",
  name: "Cursor",
  recognizes: ({ payload }) =>
    isObject(payload) &&
    ("conversation_id" in payload || "generation_id" in payload || "workspace_roots" in payload || "cursor_version" in payload),
  parse(invocation) {
    const payload = invocation.payload;
    if (!isObject(payload)) return { error: "the payload is not a JSON object" };
    const event = stringField(payload, "hook_event_name") ?? invocation.event;
    if (!event) return { error: "the payload names no hook_event_name" };
    const stage = STAGES[event];
    if (!stage) return { error: `event "${eventLabel(event)}" is not one the hook checks (${Object.keys(STAGES).join(", ")})` };
    const roots = Array.isArray(payload.workspace_roots) ? payload.workspace_roots : [];
    const root = rootOf(invocation, roots[0], payload.cwd);
    const request: HookRequest = { agent: "cursor", event, stage, root, texts: [], files: [] };
    switch (event) {
      case "beforeSubmitPrompt": {
        const prompt = stringField(payload, "prompt");
        if (prompt === undefined) return { error: "beforeSubmitPrompt payload has no prompt" };
        request.texts.push(promptText(root, prompt));
        request.files.push(...attachmentPaths(payload.attachments).map((p) => resolveIn(root, p)));
        break;
      }
      case "beforeShellExecution":
        readToolCall(request, undefined, { command: payload.command }, "the shell command");
        break;
      case "preToolUse":
      case "beforeMCPExecution":
        readToolCall(request, stringField(payload, "tool_name"), toolArguments(payload.tool_input));
        break;
      case "beforeReadFile": {
        const file = stringField(payload, "file_path");
        const content = stringField(payload, "content");
        if (!file) return { error: "beforeReadFile payload has no file_path" };
        const filePath = resolveIn(root, file);
        if (content !== undefined) request.texts.push({ text: content, filePath, label: displayPath(root, filePath), source: "file" });
        else request.files.push(filePath);
        break;
      }
      default: {
        const target = stringField(payload, "file_path") ?? writtenTarget(toolArguments(payload.tool_input));
        if (target) request.files.push(resolveIn(root, target));
        else if (payload.tool_output !== undefined)
          request.texts.push(...outputTexts(root, toolArguments(payload.tool_output), stringField(payload, "tool_name")));
      }
    }
    return request;
  },
  reply(request, verdict) {
    if (verdict.action === "allow") return ALLOW;
    const message = verdictMessage(request, verdict.issues, false);
    switch (request.stage) {
      case "prompt":
        return { exitCode: 0, stdout: json({ continue: false, user_message: message }), stderr: "" };
      case "pre-tool":
        return { exitCode: 0, stdout: json({ permission: "deny", user_message: message, agent_message: message }), stderr: "" };
      case "read":
        return { exitCode: 0, stdout: json({ permission: "deny", user_message: message }), stderr: "" };
      case "post-tool":
        // afterFileEdit reads no output: a failed exit puts the report in Cursor's Hooks channel.
        return request.event === "postToolUse"
          ? { exitCode: 0, stdout: json({ additional_context: message }), stderr: "" }
          : { exitCode: 1, stdout: "", stderr: message };
    }
  },
  replyUnreadable: replyUnreadableByExitCode,
};
