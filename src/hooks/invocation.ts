import { parseArgs } from "node:util";
import type { HookOptions } from "./run";
import { AGENT_IDS, isAgentId, type HookInvocation } from "./types";

export interface HookArgs {
  options: HookOptions;
  event?: string;
  files: string[];
  help: boolean;
  /** False with `--no-resident`: check in this process, never through the resident scanner. */
  resident: boolean;
}

/** Command-line arguments of `agent-security hook`, or why they are wrong. */
export function parseHookArgs(args: readonly string[]): HookArgs | { error: string; failClosed: boolean } {
  const failClosed = args.includes("--fail-closed");
  let values;
  let positionals;
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      allowPositionals: true,
      options: {
        agent: { type: "string" },
        event: { type: "string" },
        "fail-closed": { type: "boolean", default: false },
        "max-file-size": { type: "string", default: "2048" },
        timeout: { type: "string", default: "10" },
        help: { type: "boolean", short: "h" },
        "no-resident": { type: "boolean", default: false },
      },
    }));
  } catch {
    return { error: "the hook command has unknown options (see agent-security hook --help)", failClosed };
  }
  const maxKb = Number(values["max-file-size"]);
  if (values.agent !== undefined && !isAgentId(values.agent)) {
    return { error: `--agent must be one of ${AGENT_IDS.join(", ")}`, failClosed };
  }
  if (!Number.isFinite(maxKb) || maxKb <= 0) return { error: "--max-file-size must be a positive number of KB", failClosed };
  const timeoutS = Number(values.timeout);
  if (!Number.isFinite(timeoutS) || timeoutS <= 0) return { error: "--timeout must be a positive number of seconds", failClosed };
  return {
    options: { agent: values.agent, failClosed: values["fail-closed"] === true, maxFileBytes: maxKb * 1024, timeoutMs: timeoutS * 1000 },
    ...(values.event ? { event: values.event } : {}),
    files: positionals,
    help: values.help === true,
    resident: values["no-resident"] !== true,
  };
}

/** What stdin held: its text, or why it could not be read. */
export interface StdinResult {
  text: string;
  error?: string;
}

/** The invocation the protocols read, from parsed arguments, environment and stdin. */
export function buildInvocation(args: HookArgs, env: HookInvocation["env"], stdin: StdinResult, cwd: string): HookInvocation {
  const invocation: HookInvocation = { payload: undefined, env, files: args.files, cwd, ...(args.event ? { event: args.event } : {}) };
  if (stdin.error) invocation.unreadable = stdin.error;
  else if (stdin.text.trim()) {
    try {
      // Windows shells may put a byte order mark before what they pipe.
      invocation.payload = JSON.parse(stdin.text.replace(/^\uFEFF/, "")) as unknown;
    } catch {
      // JSON.parse quotes the input in its message, and the input may hold a secret.
      invocation.unreadable = "the payload on stdin is not valid JSON";
    }
  }
  return invocation;
}
