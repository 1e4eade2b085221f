import { eventLabel, isObject, outputTexts, promptText, readToolCall, resolveIn, rootOf, stringField, displayPath } from "../payload";
import type { AgentProtocol, HookRequest, HookStage } from "../types";
import { replyByExitCode, replyUnreadableByExitCode } from "./common";

// Windsurf Cascade hooks (docs.windsurf.com/windsurf/cascade/hooks, checked with `search`):
// .windsurf/hooks.json (also user and system level, all merged) {"hooks": {"pre_user_prompt":
// [{"command", "show_output"}], ...}}, run from the workspace root. stdin: agent_action_name,
// trajectory_id, execution_id, timestamp, tool_info, where tool_info is
// - pre_user_prompt {user_prompt};
// - pre_read_code {file_path} (a folder when Cascade reads one);
// - pre_write_code / post_write_code {file_path, edits: [{old_string, new_string}]};
// - pre_run_command {command_line, cwd};
// - pre_mcp_tool_use {mcp_server_name, mcp_tool_name, mcp_tool_arguments}; post_mcp_tool_use adds mcp_result.
// Exit 2 blocks any pre-hook and shows stderr to the agent; other exits let the action proceed.

const STAGES: Record<string, HookStage> = {
  pre_user_prompt: "prompt",
  pre_read_code: "read",
  pre_write_code: "pre-tool",
  pre_run_command: "pre-tool",
  pre_mcp_tool_use: "pre-tool",
  post_write_code: "post-tool",
  post_mcp_tool_use: "post-tool",
};

export const windsurf: AgentProtocol = {
  id: "windsurf",
  name: "Windsurf Cascade",
  recognizes: ({ payload }) => isObject(payload) && typeof payload.agent_action_name === "string",
  parse(invocation) {
    const payload = invocation.payload;
    if (!isObject(payload)) return { error: "the payload is not a JSON object" };
    const event = stringField(payload, "agent_action_name") ?? invocation.event;
    if (!event) return { error: "the payload names no agent_action_name" };
    const stage = STAGES[event];
    if (!stage) return { error: `event "${eventLabel(event)}" is not one the hook checks (${Object.keys(STAGES).join(", ")})` };
    const info = isObject(payload.tool_info) ? payload.tool_info : {};
    const root = rootOf(invocation, info.cwd);
    const request: HookRequest = { agent: "windsurf", event, stage, root, texts: [], files: [] };
    const file = stringField(info, "file_path");
    switch (event) {
      case "pre_user_prompt": {
        const prompt = stringField(info, "user_prompt");
        if (prompt === undefined) return { error: "pre_user_prompt payload has no tool_info.user_prompt" };
        request.texts.push(promptText(root, prompt));
        break;
      }
      case "pre_write_code": {
        if (!file) return { error: "pre_write_code payload has no tool_info.file_path" };
        const filePath = resolveIn(root, file);
        const edits = Array.isArray(info.edits) ? info.edits : [];
        for (const edit of edits) {
          const text = isObject(edit) ? stringField(edit, "new_string") : undefined;
          if (text) request.texts.push({ text, filePath, label: displayPath(root, filePath), source: "file" });
        }
        break;
      }
      case "pre_run_command":
        readToolCall(request, undefined, { command: stringField(info, "command_line") ?? "" }, "the shell command");
        break;
      case "pre_mcp_tool_use":
        readToolCall(request, stringField(info, "mcp_tool_name"), info.mcp_tool_arguments ?? {});
        break;
      case "post_mcp_tool_use":
        request.texts.push(...outputTexts(root, info.mcp_result, stringField(info, "mcp_tool_name")));
        break;
      default:
        if (!file) return { error: `${event} payload has no tool_info.file_path` };
        request.files.push(resolveIn(root, file));
    }
    return request;
  },
  reply: (request, verdict) => replyByExitCode(request, verdict, false),
  replyUnreadable: replyUnreadableByExitCode,
};
