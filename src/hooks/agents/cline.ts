import { unreadable, verdictMessage } from "../messages";
import {
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
import { ALLOW, json } from "./common";

// Cline hooks (docs.cline.bot/features/hooks/hook-reference, checked with `search`): an
// executable file named after the event in .clinerules/hooks/ (or the user's Cline hooks
// folder), macOS and Linux. stdin: clineVersion, hookName, timestamp, taskId, workspaceRoots,
// userId, plus userPromptSubmit {prompt, attachments}, preToolUse {toolName, parameters} or
// postToolUse {toolName, parameters, result, success}. Tools: write_to_file {path, content},
// replace_in_file {path, diff} (SEARCH/REPLACE blocks), read_file {path}, execute_command
// {command}, use_mcp_tool {arguments}. The last JSON on stdout answers: {"cancel": true,
// "errorMessage"} stops the action, "contextModification" adds text for the next request.
// A non-zero exit, invalid JSON or a timeout also stop it, so every answer here exits 0.

const STAGES: Record<string, HookStage> = { UserPromptSubmit: "prompt", PreToolUse: "pre-tool", PostToolUse: "post-tool" };

/** The text replace_in_file would write: the REPLACE half of each block. */
export function replacements(diff: string): string {
  const kept: string[] = [];
  let inReplace = false;
  for (const line of diff.split(/\r?\n/)) {
    if (/^={7,}\s*$/.test(line)) inReplace = true;
    else if (/^(?:>{7,}|\+{7,}) ?REPLACE\s*$/.test(line) || /^(?:<{7,}|-{7,}) ?SEARCH\s*$/.test(line)) inReplace = false;
    else if (inReplace) kept.push(line);
  }
  return kept.join("\n");
}

function toolParameters(toolName: string | undefined, parameters: unknown): unknown {
  const args = toolArguments(parameters);
  if (toolName === "replace_in_file" && isObject(args) && typeof args.diff === "string")
    return { ...args, diff: undefined, content: replacements(args.diff) };
  if (toolName === "use_mcp_tool" && isObject(args)) return { ...args, arguments: toolArguments(args.arguments) };
  return args;
}

export const cline: AgentProtocol = {
  id: "cline",
  name: "Cline",
  recognizes: ({ payload }) =>
    isObject(payload) && (typeof payload.clineVersion === "string" || ("hookName" in payload && "taskId" in payload)),
  parse(invocation) {
    const payload = invocation.payload;
    if (!isObject(payload)) return { error: "the payload is not a JSON object" };
    const event = stringField(payload, "hookName") ?? invocation.event;
    if (!event) return { error: "the payload names no hookName" };
    const stage = STAGES[event];
    if (!stage) return { error: `event "${eventLabel(event)}" is not one the hook checks (${Object.keys(STAGES).join(", ")})` };
    const roots = Array.isArray(payload.workspaceRoots) ? payload.workspaceRoots : [];
    const root = rootOf(invocation, roots[0]);
    const request: HookRequest = { agent: "cline", event, stage, root, texts: [], files: [] };
    const data = payload[event.charAt(0).toLowerCase() + event.slice(1)];
    if (!isObject(data)) return { error: `${eventLabel(event)} payload has no ${event.charAt(0).toLowerCase() + event.slice(1)} object` };
    if (stage === "prompt") {
      const prompt = stringField(data, "prompt");
      if (prompt === undefined) return { error: "UserPromptSubmit payload has no prompt" };
      request.texts.push(promptText(root, prompt));
      const attachments = Array.isArray(data.attachments) ? data.attachments.filter((a): a is string => typeof a === "string") : [];
      request.files.push(...attachments.map((a) => resolveIn(root, a)));
      return request;
    }
    const toolName = stringField(data, "toolName");
    const parameters = toolParameters(toolName, data.parameters);
    if (stage === "pre-tool") return readToolCall(request, toolName, parameters);
    const target = writtenTarget(parameters);
    if (target) request.files.push(resolveIn(root, target));
    else if (data.result !== undefined) request.texts.push(...outputTexts(root, data.result, toolName));
    return request;
  },
  reply(request, verdict) {
    if (verdict.action === "allow") return ALLOW;
    const message = verdictMessage(request, verdict.issues, false);
    if (request.stage === "post-tool") return { exitCode: 0, stdout: json({ cancel: false, contextModification: message }), stderr: "" };
    return { exitCode: 0, stdout: json({ cancel: true, errorMessage: message }), stderr: "" };
  },
  replyUnreadable(message, failClosed) {
    const text = unreadable(message, failClosed);
    return { exitCode: 0, stdout: json(failClosed ? { cancel: true, errorMessage: text.trim() } : { cancel: false }), stderr: text };
  },
};
