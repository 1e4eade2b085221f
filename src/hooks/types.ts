/** The agents whose hook protocols `agent-security hook` speaks. */
export const AGENT_IDS = ["kiro", "kiro-cli", "claude", "cursor", "copilot", "gemini", "codex", "windsurf", "cline"] as const;
export type AgentId = (typeof AGENT_IDS)[number];

export function isAgentId(value: unknown): value is AgentId {
  return typeof value === "string" && (AGENT_IDS as readonly string[]).includes(value);
}

/**
 * Where in the agent's loop the hook runs, whatever the agent calls it.
 * - prompt: the user's prompt is about to go to the model (or just went).
 * - pre-tool: a tool is about to run; content it writes has not landed yet.
 * - post-tool: a tool ran; what it wrote is on disk.
 * - read: the agent is about to read a file into its context.
 * Shell commands are pre-tool requests whose text is the command line; a
 * tool's output after it ran is a post-tool request with "tool-output" texts.
 */
export type HookStage = "prompt" | "pre-tool" | "post-tool" | "read";

/** One piece of text to check, and what to call it in messages. */
export interface TextToScan {
  text: string;
  /** Where the text goes or comes from; secretlint rules look at the file name. */
  filePath: string;
  /** How messages refer to it: "the prompt", "src/app.ts", "the Bash call". */
  label: string;
  /** The user's prompt, a file's content, a tool's arguments that name no file, or what a tool returned. */
  source: "prompt" | "file" | "tool-input" | "tool-output";
}

/** What one invocation asks, in terms independent of the agent. */
export interface HookRequest {
  agent: AgentId;
  /** The agent's own name for the event, for messages and tests. */
  event: string;
  stage: HookStage;
  /** Folder whose policy (.secretlintrc, ignores, suppressions) applies. */
  root: string;
  /** Texts the payload carries: the prompt, tool arguments, file content. */
  texts: TextToScan[];
  /** Files to read from disk and check: prompt attachments, files just written, a file about to be read. */
  files: string[];
  /** The tool's result as the agent sent it, for agents that take a redacted copy back (Copilot's modifiedResult, Claude Code's updatedMCPToolOutput). */
  toolResult?: unknown;
  /** Env-style files a shell command is about to print (`cat .env`): checked as reads. */
  reads?: string[];
  /** Protocol variant when an agent speaks more than one (Copilot's camelCase and VS Code forms). */
  dialect?: string;
  /** Host that ran a hook configured for another agent (VS Code or Cursor running .claude/settings.json). */
  host?: AgentId | "vscode";
}

/** One problem found, in a form safe to print: never a raw secret. */
export interface Issue {
  /** "secret" for hardcoded secrets, "iam" for over-broad IAM policies. */
  check: "secret" | "iam";
  /** e.g. "GitHub token", "IAM policy allowing every action". */
  kind: string;
  /** Masked preview of the value (`ghp_****…`), or the offending IAM text. */
  masked: string;
  /** The text it was found in, as TextToScan.label. */
  where: string;
  /** One-based line in that text. */
  line: number;
  /** What exactly is wrong, when the kind does not say it (IAM: what the wildcard grants). */
  detail?: string;
  /** Where the value stands in the checked text (UTF-16 offsets), for redacting a tool's output. */
  span?: { offset: number; length: number };
  /** Which checked text the span is in: its index among the request's texts, then the files read. */
  textIndex?: number;
}

/**
 * The hook's decision. Agents that cannot stop a prompt still get "block":
 * their adapters turn it into the strongest answer their protocol allows.
 */
export type Verdict = { action: "allow" } | { action: "block" | "report"; issues: Issue[] };

/** What the process writes and how it exits. */
export interface HookReply {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** How the hook was invoked: the parsed stdin payload, environment and flags. */
export interface HookInvocation {
  /** Parsed JSON from stdin; undefined when stdin was empty or unreadable. */
  payload: unknown;
  /** Why stdin could not be read as a payload (not JSON, too large), in words without its content. */
  unreadable?: string;
  env: Readonly<Record<string, string | undefined>>;
  /** `--event`: the event name where the payload does not carry one (Kiro IDE, Copilot camelCase). */
  event?: string;
  /** File paths given on the command line, for file events. */
  files: readonly string[];
  /** The process's working directory, used when the payload names none. */
  cwd: string;
}

/** One agent's protocol: how to read its payloads and how to answer. */
export interface AgentProtocol {
  id: AgentId;
  /** Display name for messages and the install QuickPick. */
  name: string;
  /** True when the payload looks like this agent's; used when `--agent` is not given. */
  recognizes(invocation: HookInvocation): boolean;
  /** The request, or a reason in words why the payload cannot be read. */
  parse(invocation: HookInvocation): HookRequest | { error: string };
  /** The reply that carries out a verdict in this agent's protocol. */
  reply(request: HookRequest, verdict: Verdict): HookReply;
  /** The reply for a payload that could not be read, blocking or not. */
  replyUnreadable(message: string, failClosed: boolean): HookReply;
}
