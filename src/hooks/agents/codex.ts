import { isObject, resolveIn, displayPath } from "../payload";
import type { AgentProtocol, HookRequest, TextToScan } from "../types";
import { parseClaudeStyle } from "./claude";
import { replyByExitCode, replyUnreadableByExitCode } from "./common";

// OpenAI Codex hooks (developers.openai.com/codex/hooks and the generated hook schemas, checked
// with `search`): .codex/hooks.json (or [hooks] in config.toml; project hooks only in a trusted
// project) in Claude Code's grouped shape {"hooks": {"PreToolUse": [{"matcher", "hooks":
// [{"type": "command", "command"}]}]}}. stdin: session_id, turn_id, transcript_path, cwd, model,
// permission_mode, hook_event_name, and prompt or tool_name / tool_input / tool_response. File
// edits go through the apply_patch tool, whose patch text is in tool_input.command. Exit 2
// blocks UserPromptSubmit and PreToolUse with stderr as the reason, as in Claude Code.

const PATCH_FILE = /^\s*\*\*\* (Add|Update|Delete) File: (.+?)\s*$/;
const MOVE_TO = /^\s*\*\*\* Move to: (.+?)\s*$/;

/** Lines each file of an apply_patch envelope gains, by file: what the patch would write. */
export function patchAdditions(patch: string): { file: string; added: string }[] {
  const files: { file: string; lines: string[] }[] = [];
  let current: { file: string; lines: string[] } | undefined;
  for (const line of patch.split(/\r?\n/)) {
    const header = PATCH_FILE.exec(line);
    if (header) {
      current = header[1] === "Delete" ? undefined : { file: header[2], lines: [] };
      if (current) files.push(current);
      continue;
    }
    const move = MOVE_TO.exec(line);
    if (move && current) current.file = move[1];
    else if (current && line.startsWith("+")) current.lines.push(line.slice(1));
  }
  return files.filter((f) => f.lines.length > 0).map((f) => ({ file: f.file, added: f.lines.join("\n") + "\n" }));
}

const isPatch = (text: unknown): text is string => typeof text === "string" && /\*\*\* Begin Patch/.test(text);

/** An apply_patch call (or a shell command feeding one) becomes the added text of each file. */
function patchTexts(request: HookRequest, input: unknown): TextToScan[] | undefined {
  const command = isObject(input) ? input.command : input;
  const patch = Array.isArray(command) ? command.find(isPatch) : command;
  if (!isPatch(patch)) return undefined;
  return patchAdditions(patch).map(({ file, added }) => {
    const filePath = resolveIn(request.root, file);
    return { text: added, filePath, label: displayPath(request.root, filePath), source: "file" as const };
  });
}

export const codex: AgentProtocol = {
  id: "codex",
  name: "OpenAI Codex",
  recognizes: ({ payload }) => isObject(payload) && typeof payload.turn_id === "string" && typeof payload.hook_event_name === "string",
  parse(invocation) {
    const request = parseClaudeStyle(invocation, "codex");
    if ("error" in request || request.stage === "prompt" || !isObject(invocation.payload)) return request;
    const texts = patchTexts(request, invocation.payload.tool_input);
    if (!texts) return request;
    // Before the patch: what it adds; after it: the files it changed, as they now are.
    return request.stage === "pre-tool"
      ? { ...request, texts, reads: undefined }
      : { ...request, texts: [], files: [...new Set(texts.map((t) => t.filePath))] };
  },
  reply: (request, verdict) => replyByExitCode(request, verdict, false),
  replyUnreadable: replyUnreadableByExitCode,
};
