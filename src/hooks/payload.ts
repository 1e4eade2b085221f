import * as path from "node:path";
import { PROMPT_LABEL } from "./messages";
import { filesReadByCommand } from "./sensitive";
import type { HookInvocation, HookRequest, HookStage, TextToScan } from "./types";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function stringField(object: JsonObject, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = object[key];
    if (typeof value === "string") return value;
  }
  return undefined;
}

/** Keys of tool arguments holding the text being replaced: removing a secret must not be blocked. */
const REPLACED_TEXT = /^old[_A-Z]|^old$/;
/** Keys naming the file a tool writes, across agents' tool schemas. */
const TARGET_KEYS = ["file_path", "filePath", "path", "target_file", "file", "notebook_path"];

/**
 * Every string a tool is given, except text it replaces: Write `content`,
 * Edit `new_string`, MultiEdit `edits[].new_string`, Kiro `file_text`/`new_str`,
 * a shell command. Walking the arguments instead of naming fields per tool
 * keeps working when an agent adds a tool or renames a field.
 */
export function toolStrings(input: unknown): string[] {
  const strings: string[] = [];
  forEachToolString(input, (text) => strings.push(text));
  return strings;
}

/**
 * Visits the strings toolStrings returns, in the same order, with a way to
 * replace each where it stands (a redacted copy of a tool's output). The walk
 * keeps its own stack, so values nested at any depth are read without
 * overflowing the call stack. A string given on its own has no place to be
 * replaced in; the caller handles it.
 */
export function forEachToolString(input: unknown, visit: (text: string, replace: (text: string) => void) => void): void {
  const stack: { value: unknown; holder?: JsonObject | unknown[]; key?: string | number }[] = [{ value: input }];
  while (stack.length > 0) {
    const { value, holder, key } = stack.pop()!;
    if (typeof value === "string") {
      if (value.length > 0)
        visit(value, (text) => holder && key !== undefined && ((holder as Record<string | number, unknown>)[key] = text));
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], holder: value, key: i });
    } else if (isObject(value)) {
      const entries = Object.entries(value);
      for (let i = entries.length - 1; i >= 0; i--) {
        const [name, item] = entries[i];
        if (!REPLACED_TEXT.test(name)) stack.push({ value: item, holder: value, key: name });
      }
    }
  }
}

/** Argument names that carry the text a tool writes (Write, Edit, fs_write, create, edit, VS Code's file tools). */
const WRITTEN_TEXT = /^(?:content|contents|file_?text|text|code|edits|new_?str(?:ing)?|newText|new_source)$/i;

/**
 * The file a tool wrote, when its arguments name one and carry the text:
 * after a read-only tool (view, read) there is nothing new to report.
 */
export function writtenTarget(input: unknown): string | undefined {
  return isObject(input) && Object.keys(input).some((key) => WRITTEN_TEXT.test(key)) ? toolTarget(input) : undefined;
}

/** The file a tool writes or reads, when its arguments name one. */
export function toolTarget(input: unknown): string | undefined {
  return isObject(input) ? stringField(input, ...TARGET_KEYS) : undefined;
}

/** Copilot passes tool arguments as a JSON string; others as an object. */
export function toolArguments(value: unknown): unknown {
  if (typeof value !== "string") return value;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

export function resolveIn(root: string, file: string): string {
  return path.resolve(root, file);
}

/** A folder to load the policy from: the payload's, else the process's. */
export function rootOf(invocation: HookInvocation, ...candidates: unknown[]): string {
  for (const candidate of candidates) {
    if (typeof candidate === "string" && candidate.length > 0) return path.resolve(invocation.cwd, candidate);
  }
  return invocation.cwd;
}

/** Where the payload's texts are said to be when they are not a file: outside the folder, so no file ignore applies. */
export function virtualPath(root: string, name: string): string {
  return path.join(path.dirname(root), `.agent-security-${name}`);
}

/** The prompt, as a text to check. */
export function promptText(root: string, prompt: string): TextToScan {
  return { text: prompt, filePath: virtualPath(root, "prompt"), label: PROMPT_LABEL, source: "prompt" };
}

/** A tool's arguments as texts, labelled with the file it writes. */
export function toolTexts(root: string, input: unknown, fallbackLabel: string): TextToScan[] {
  const target = toolTarget(input);
  const filePath = target ? resolveIn(root, target) : virtualPath(root, "tool-input");
  const label = target ? displayPath(root, filePath) : fallbackLabel;
  const source = target ? "file" : "tool-input";
  return toolStrings(input).map((text) => ({ text, filePath, label, source }));
}

/** A path as messages show it: relative to the folder when inside it. */
export function displayPath(root: string, file: string): string {
  const rel = path.relative(root, file);
  return rel && !rel.startsWith("..") && !path.isAbsolute(rel) ? rel.split(path.sep).join("/") : file;
}

/** An event name fit to print: payload text that is not a plain name is never echoed. */
export function eventLabel(event: string): string {
  return /^[A-Za-z][A-Za-z0-9_-]{0,63}$/.test(event) ? event : "?";
}

/** Stage of a Claude-style event name (Claude Code, VS Code, Kiro CLI, Copilot), case-insensitive. */
export function stageOfToolEvent(event: string): HookStage | undefined {
  switch (event.toLowerCase()) {
    case "userpromptsubmit":
    case "userpromptsubmitted":
      return "prompt";
    case "pretooluse":
      return "pre-tool";
    case "posttooluse":
      return "post-tool";
    default:
      return undefined;
  }
}

/** Tools that read a file into the agent's context: Read, read_file, view, fs_read, readFile. */
const READ_TOOL = /^(?:read|read_?file|view|fs_read|open_?file|get_?file_?contents?)$/i;
/** Argument names that hold a shell command line. */
const COMMAND_KEYS = ["command", "command_line", "commandLine", "cmd", "script"];

/** The file a read tool is about to read, when the call is one (a read tool names its file and writes nothing). */
export function readTarget(toolName: string | undefined, input: unknown): string | undefined {
  if (!toolName || !READ_TOOL.test(toolName.replace(/^.*[/.]/, ""))) return undefined;
  if (isObject(input) && Array.isArray(input.operations)) {
    // Kiro's fs_read reads a list of operations: the first file stands for the call.
    const first: unknown = input.operations.find((op) => isObject(op) && typeof op.path === "string");
    return isObject(first) ? (first.path as string) : undefined;
  }
  return writtenTarget(input) ? undefined : toolTarget(input);
}

/** A shell command line in a tool's arguments, when it has one. */
export function commandLine(input: unknown): string | undefined {
  if (typeof input === "string") return undefined;
  return isObject(input) ? stringField(input, ...COMMAND_KEYS) : undefined;
}

/** What a tool returned, as texts to check: every string in its result, labelled as that tool's output. */
export function outputTexts(root: string, output: unknown, toolName: string | undefined): TextToScan[] {
  const label = `the ${toolName ? eventLabel(toolName) : "tool"} call`;
  const strings = typeof output === "string" ? [output] : toolStrings(output);
  return strings.map((text) => ({ text, filePath: virtualPath(root, "tool-output"), label, source: "tool-output" }));
}

/**
 * A tool call about to run: a read of a file becomes a "read" request for
 * that file; otherwise its arguments are the texts, and the env-style files a
 * shell command would print are read with them (`cat .env`).
 */
export function readToolCall(request: HookRequest, toolName: string | undefined, input: unknown, label?: string): HookRequest {
  const read = readTarget(toolName, input);
  if (read) {
    request.stage = "read";
    request.files.push(resolveIn(request.root, read));
    return request;
  }
  request.texts.push(...toolTexts(request.root, input, label ?? `the ${toolName ? eventLabel(toolName) : "tool"} call`));
  const command = commandLine(input);
  if (command) {
    const reads = filesReadByCommand(command).map((f) => resolveIn(request.root, f));
    if (reads.length > 0) request.reads = [...(request.reads ?? []), ...reads];
  }
  return request;
}

/**
 * Fills a request from the shape most agents share: `prompt` on prompt
 * events, a tool's name and arguments on tool events (the file a tool wrote
 * is read from disk after it ran, and what it returned is checked). `keys`
 * names the fields in the agent's spelling; arguments given as a JSON string
 * are parsed.
 */
export function readPromptOrTool(
  request: HookRequest,
  payload: JsonObject,
  keys: { toolName: string; toolInput: string; toolOutput?: string },
): HookRequest | { error: string } {
  const input = toolArguments(payload[keys.toolInput]);
  const toolName = stringField(payload, keys.toolName);
  if (request.stage === "prompt") {
    const prompt = stringField(payload, "prompt");
    if (prompt === undefined) return { error: `${eventLabel(request.event)} payload has no prompt` };
    request.texts.push(promptText(request.root, prompt));
  } else if (request.stage === "pre-tool") {
    // A tool call without arguments to read cannot be judged: say so rather than allow it silently.
    if (payload[keys.toolInput] === undefined) return { error: `${eventLabel(request.event)} payload has no ${keys.toolInput}` };
    readToolCall(request, toolName, input);
  } else {
    const target = writtenTarget(input);
    if (target) request.files.push(resolveIn(request.root, target));
    else if (keys.toolOutput && payload[keys.toolOutput] !== undefined) {
      request.texts.push(...outputTexts(request.root, toolArguments(payload[keys.toolOutput]), toolName));
    }
  }
  return request;
}
