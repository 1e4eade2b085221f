import { verdictMessage } from "../messages";
import { eventLabel, isObject, readPromptOrTool, rootOf, stringField } from "../payload";
import type { AgentProtocol, HookRequest, HookStage } from "../types";
import { ALLOW, json, replyUnreadableByExitCode } from "./common";

// Gemini CLI hooks (google-gemini/gemini-cli docs/hooks/reference.md, checked with `search`):
// .gemini/settings.json {"hooks": {"BeforeAgent" | "BeforeTool" | "AfterTool": [{"matcher",
// "hooks": [{"type": "command", "command", "timeout" (ms)}]}]}}. stdin: session_id,
// transcript_path, cwd, hook_event_name, timestamp, plus `prompt` (BeforeAgent) or tool_name /
// tool_input (write_file {file_path, content}, replace {file_path, old_string, new_string},
// read_file {file_path}, run_shell_command {command}) and tool_response {llmContent,
// returnDisplay, error} (AfterTool). The project root is GEMINI_PROJECT_DIR. Exit 0 stdout is
// JSON: `decision: "deny"` with `reason` discards the prompt (BeforeAgent) or refuses the tool
// (BeforeTool); on AfterTool a deny or exit 2 *replaces* the tool's result, so a report goes in
// hookSpecificOutput.additionalContext, appended to the result instead. `systemMessage` is shown
// to the user. Other exit codes are warnings.

const STAGES: Record<string, HookStage> = { BeforeAgent: "prompt", BeforeTool: "pre-tool", AfterTool: "post-tool" };

export const gemini: AgentProtocol = {
  id: "gemini",
  name: "Gemini CLI",
  recognizes: ({ payload }) =>
    isObject(payload) &&
    typeof payload.hook_event_name === "string" &&
    /^(?:Before|After)(?:Agent|Tool|Model)/.test(payload.hook_event_name),
  parse(invocation) {
    const payload = invocation.payload;
    if (!isObject(payload)) return { error: "the payload is not a JSON object" };
    const event = stringField(payload, "hook_event_name") ?? invocation.event;
    if (!event) return { error: "the payload names no hook_event_name" };
    const stage = STAGES[event];
    if (!stage) return { error: `event "${eventLabel(event)}" is not one the hook checks (${Object.keys(STAGES).join(", ")})` };
    const root = rootOf(invocation, invocation.env.GEMINI_PROJECT_DIR, payload.cwd);
    const request: HookRequest = { agent: "gemini", event, stage, root, texts: [], files: [] };
    const response = payload.tool_response;
    // The model sees llmContent; returnDisplay is the same result drawn for the terminal.
    const output = isObject(response) ? (response.llmContent ?? response.returnDisplay) : response;
    return readPromptOrTool(
      request,
      { ...payload, tool_response: output },
      { toolName: "tool_name", toolInput: "tool_input", toolOutput: "tool_response" },
    );
  },
  reply(request, verdict) {
    if (verdict.action === "allow") return ALLOW;
    const message = verdictMessage(request, verdict.issues, false);
    if (request.stage === "post-tool") {
      return {
        exitCode: 0,
        stdout: json({ systemMessage: message, hookSpecificOutput: { hookEventName: "AfterTool", additionalContext: message } }),
        stderr: "",
      };
    }
    return { exitCode: 0, stdout: json({ decision: "deny", reason: message, systemMessage: message }), stderr: "" };
  },
  replyUnreadable(message, failClosed) {
    const reply = replyUnreadableByExitCode(message, failClosed);
    // Exit 2 on AfterTool would replace the tool's result: a refusal is a JSON decision instead.
    return failClosed ? { exitCode: 0, stdout: json({ decision: "deny", reason: reply.stderr.trim() }), stderr: "" } : reply;
  },
};
