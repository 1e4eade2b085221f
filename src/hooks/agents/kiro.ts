import {
  eventLabel,
  isObject,
  promptText,
  readPromptOrTool,
  resolveIn,
  rootOf,
  stageOfToolEvent,
  stringField,
  writtenTarget,
} from "../payload";
import type { AgentProtocol, HookInvocation, HookRequest, HookStage } from "../types";
import { replyByExitCode, replyUnreadableByExitCode } from "./common";

// Kiro IDE 1.0 and Kiro CLI 3.0 (kiro.dev/docs/cli/v3/hooks, kiro.dev/docs/hooks/actions,
// checked with `search`) read standalone .kiro/hooks/*.json files: {"version": "v1", "hooks":
// [{"name", "trigger": "UserPromptSubmit" | "PreToolUse" | "PostToolUse" | ..., "matcher",
// "action": {"type": "command", "command"}, "timeout", "enabled"}]}. The command gets JSON on
// stdin (hook_event_name, cwd, prompt, tool_name, tool_input, tool_response; thinly documented,
// and one report has `prompt` arriving empty, so the IDE's USER_PROMPT stands in) and exit 2
// blocks PreToolUse and UserPromptSubmit with stderr as the reason. Installed commands name the
// trigger with --event, which is how these invocations are told from the legacy ones below.
const V1_STAGES: Record<string, HookStage> = { UserPromptSubmit: "prompt", PreToolUse: "pre-tool", PostToolUse: "post-tool" };

function parseV1(invocation: HookInvocation, event: string): HookRequest | { error: string } {
  const payload = isObject(invocation.payload) ? invocation.payload : {};
  const root = rootOf(invocation, payload.cwd);
  const request: HookRequest = { agent: "kiro", event, stage: V1_STAGES[event], root, texts: [], files: [], dialect: "v1" };
  if (request.stage === "prompt") {
    const prompt = stringField(payload, "prompt") || invocation.env.USER_PROMPT;
    if (prompt === undefined) return { error: "UserPromptSubmit payload has no prompt and there is no USER_PROMPT" };
    request.texts.push(promptText(root, prompt));
    return request;
  }
  return readPromptOrTool(request, payload, { toolName: "tool_name", toolInput: "tool_input", toolOutput: "tool_response" });
}

// Legacy Kiro IDE hooks (kiro.dev/docs/hooks/types and kiro.dev/docs/hooks/actions, checked with
// `search`), which Agent Security installed before: .kiro/hooks/*.kiro.hook {"enabled", "name", "description", "version", "when":
// {"type": "promptSubmit" | "fileEdited" | "fileCreated" | ..., "patterns"}, "then": {"type":
// "runCommand", "command"}}. A promptSubmit shell command gets the prompt in the USER_PROMPT
// environment variable, not on stdin. Exit 0 adds stdout to the agent's context; any other
// exit sends stderr to the agent, which is told the hook failed: the prompt itself cannot be
// held back. Tool hooks receive no tool data (kirodotdev/Kiro issue #7408) and the documented
// protocol names no file for file events, so file paths come from the command line or from
// KIRO_HOOK_FILE, which a community hooks README reports (unverified in Kiro's own docs).
export const kiro: AgentProtocol = {
  id: "kiro",
  name: "Kiro IDE",
  recognizes: ({ payload, env }) => payload === undefined && env.USER_PROMPT !== undefined,
  parse(invocation) {
    const { env } = invocation;
    const v1Event = invocation.event ?? (isObject(invocation.payload) ? stringField(invocation.payload, "hook_event_name") : undefined);
    if (v1Event && v1Event in V1_STAGES) return parseV1(invocation, v1Event);
    const event = invocation.event ?? (env.USER_PROMPT !== undefined ? "promptSubmit" : undefined);
    if (!event) return { error: "no USER_PROMPT in the environment and no --event given" };
    const root = invocation.cwd;
    if (event === "promptSubmit") {
      if (env.USER_PROMPT === undefined) return { error: "promptSubmit without a USER_PROMPT environment variable" };
      return { agent: "kiro", event, stage: "prompt", root, texts: [promptText(root, env.USER_PROMPT)], files: [] };
    }
    if (event === "fileEdited" || event === "fileCreated") {
      const files = [...invocation.files, ...(env.KIRO_HOOK_FILE ? [env.KIRO_HOOK_FILE] : [])];
      if (files.length === 0) return { error: `${eventLabel(event)} names no file: add the file path to the hook command` };
      return { agent: "kiro", event, stage: "post-tool", root, texts: [], files: files.map((f) => resolveIn(root, f)) };
    }
    return { error: `event "${eventLabel(event)}" is not one the hook checks (promptSubmit, fileEdited, fileCreated)` };
  },
  // v1 hooks stop a prompt with exit 2; the legacy promptSubmit command could only flag it.
  reply: (request, verdict) => replyByExitCode(request, verdict, request.dialect !== "v1"),
  replyUnreadable: replyUnreadableByExitCode,
};

// Kiro CLI hooks (kiro.dev/docs/cli/hooks; aws/amazon-q-developer-cli docs/hooks.md, checked
// with `search`): in the agent configuration (.kiro/agents/*.json) as {"hooks":
// {"userPromptSubmit": [{"command"}], "preToolUse": [{"matcher": "fs_write", "command"}]}}.
// stdin JSON {hook_event_name, cwd, prompt} or {tool_name, tool_input, tool_response}; the
// write tool (fs_write, newer versions: write) takes {command: create | str_replace | insert |
// append, path, file_text, old_str, new_str}. A deferred postToolUse sends hook_events[].
// Exit 0 puts stdout in the agent's context; exit 2 on preToolUse blocks the tool and returns
// stderr to the model; any other non-zero exit, or exit 2 elsewhere, shows stderr to the user
// as a warning. userPromptSubmit cannot block.
export const kiroCli: AgentProtocol = {
  id: "kiro-cli",
  name: "Kiro CLI",
  recognizes: ({ payload }) => isObject(payload) && typeof payload.hook_event_name === "string" && /^[a-z]/.test(payload.hook_event_name),
  parse(invocation) {
    const payload = invocation.payload;
    if (!isObject(payload)) return { error: "the payload is not a JSON object" };
    const event = stringField(payload, "hook_event_name") ?? invocation.event;
    if (!event) return { error: "the payload names no hook_event_name" };
    const stage = stageOfToolEvent(event);
    if (!stage) return { error: `event "${eventLabel(event)}" is not one the hook checks (userPromptSubmit, preToolUse, postToolUse)` };
    const root = rootOf(invocation, payload.cwd);
    const request: HookRequest = { agent: "kiro-cli", event, stage, root, texts: [], files: [] };
    if (stage !== "post-tool" || !Array.isArray(payload.hook_events)) {
      return readPromptOrTool(request, payload, { toolName: "tool_name", toolInput: "tool_input", toolOutput: "tool_response" });
    }
    for (const e of payload.hook_events) {
      const target = isObject(e) ? writtenTarget(e.tool_input) : undefined;
      if (target) request.files.push(resolveIn(rootOf(invocation, isObject(e) ? e.cwd : undefined, payload.cwd), target));
    }
    return request;
  },
  reply: (request, verdict) => replyByExitCode(request, verdict, true),
  replyUnreadable: replyUnreadableByExitCode,
};
