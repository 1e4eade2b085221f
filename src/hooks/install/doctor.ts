import { isObject, toolStrings } from "../payload";
import { AGENT_IDS, type AgentId } from "../types";
import { isOurCommand } from "./configs";
import { targetsFor, type HookFiles } from "./plan";
import { saysNotFound } from "./portable";

// `agent-security doctor`: finds every hook command Agent Security installed
// in a folder and runs it as the agent would, on a harmless payload of that
// event. A command passes when it starts, finds the CLI and answers "allow".

export interface InstalledHook {
  agent: AgentId;
  file: string;
  event: string;
  command: string;
}

/** Every Agent Security hook command in the folder's agent configurations. */
export async function installedHooks(files: HookFiles): Promise<InstalledHook[]> {
  const found: InstalledHook[] = [];
  const seen = new Set<string>();
  for (const agent of AGENT_IDS) {
    for (const target of await targetsFor(agent, "remove", files)) {
      const key = `${agent} ${target.path}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = await files.read(target.path);
      if (text === undefined) continue;
      if (target.executable) {
        const line = text.split("\n").find((l) => isOurCommand(l, agent));
        if (line) found.push({ agent, file: target.path, event: target.path.split("/").pop()!, command: line });
        continue;
      }
      let value: unknown;
      try {
        value = (await import("./jsonEdit")).JsonDocument.from(text).value;
      } catch {
        continue;
      }
      collect(value, agent, target.path, found);
    }
  }
  return found;
}

/** The commands of a configuration with the event each is filed under, in every layout the agents use. */
function collect(value: unknown, agent: AgentId, file: string, found: InstalledHook[]): void {
  if (!isObject(value)) return;
  const push = (event: unknown, commands: unknown) => {
    for (const command of toolStrings(commands)) {
      // PowerShell twins of POSIX commands (Copilot) cannot run under /bin/sh.
      if (isOurCommand(command, agent) && !command.startsWith("$c = "))
        found.push({ agent, file, event: typeof event === "string" ? event : "?", command });
    }
  };
  if (isObject(value.hooks)) for (const [event, list] of Object.entries(value.hooks)) push(event, list);
  else if (Array.isArray(value.hooks)) for (const hook of value.hooks) if (isObject(hook)) push(hook.trigger, hook.action);
  if (isObject(value.when)) push(value.when.type, value.then);
}

const PROMPT = "agent-security doctor: a clean test prompt";
const COMMAND = "echo agent-security doctor";

/** A harmless payload of this agent's event, in its own form. */
export function testPayload(hook: InstalledHook, dir: string): { stdin: string; env: Record<string, string> } {
  const e = hook.event;
  const prompt = /prompt|BeforeAgent/i.test(e);
  const after = /^post|After/i.test(e) || e === "afterFileEdit";
  const claudeStyle = (tool: string) =>
    prompt
      ? { hook_event_name: e, session_id: "doctor", cwd: dir, prompt: PROMPT }
      : {
          hook_event_name: e,
          session_id: "doctor",
          cwd: dir,
          tool_name: tool,
          tool_input: { command: COMMAND },
          ...(after ? { tool_response: "ok" } : {}),
        };
  let payload: unknown;
  const env: Record<string, string> = {};
  switch (hook.agent) {
    case "claude":
      env.CLAUDE_PROJECT_DIR = dir;
      payload = claudeStyle("Bash");
      break;
    case "codex":
      payload = { ...claudeStyle("Bash"), turn_id: "doctor", model: "doctor", permission_mode: "default" };
      break;
    case "gemini":
      env.GEMINI_PROJECT_DIR = dir;
      payload = claudeStyle("run_shell_command");
      break;
    case "kiro":
    case "kiro-cli":
      env.USER_PROMPT = PROMPT;
      payload = claudeStyle("shell");
      break;
    case "copilot":
      payload = prompt
        ? { timestamp: Date.now(), cwd: dir, prompt: PROMPT }
        : {
            timestamp: Date.now(),
            cwd: dir,
            toolName: "bash",
            toolArgs: JSON.stringify({ command: COMMAND }),
            ...(after ? { toolResult: { resultType: "success", textResultForLlm: "ok" } } : {}),
          };
      break;
    case "cursor":
      env.CURSOR_PROJECT_DIR = dir;
      payload = {
        hook_event_name: e,
        conversation_id: "doctor",
        generation_id: "doctor",
        workspace_roots: [dir],
        prompt: PROMPT,
        command: COMMAND,
        file_path: "README.md",
        content: "",
        tool_name: "Shell",
        tool_input: { command: COMMAND },
      };
      break;
    case "windsurf":
      payload = {
        agent_action_name: e,
        trajectory_id: "doctor",
        execution_id: "doctor",
        timestamp: new Date().toISOString(),
        tool_info: {
          user_prompt: PROMPT,
          command_line: COMMAND,
          cwd: dir,
          file_path: `${dir}/.agent-security-doctor`,
          edits: [],
          mcp_tool_name: "doctor",
          mcp_tool_arguments: {},
          mcp_result: "ok",
        },
      };
      break;
    case "cline": {
      const data = prompt
        ? { prompt: PROMPT, attachments: [] }
        : { toolName: "execute_command", parameters: { command: COMMAND }, ...(after ? { result: "ok", success: true } : {}) };
      payload = {
        clineVersion: "doctor",
        hookName: e,
        timestamp: String(Date.now()),
        taskId: "doctor",
        workspaceRoots: [dir],
        userId: "doctor",
        [e.charAt(0).toLowerCase() + e.slice(1)]: data,
      };
      break;
    }
  }
  return { stdin: JSON.stringify(payload), env };
}

export interface DoctorResult {
  hook: InstalledHook;
  ok: boolean;
  /** What happened, in words: "answered in 120 ms", "agent-security was not found". */
  note: string;
}

/** Runs one installed command on its test payload the way agents run hooks: through the shell, in the folder. */
export async function checkHook(hook: InstalledHook, dir: string, timeoutMs = 20_000): Promise<DoctorResult> {
  const { spawnSync } = await import("node:child_process");
  const { stdin, env } = testPayload(hook, dir);
  const started = Date.now();
  const result = spawnSync("/bin/sh", ["-c", hook.command], {
    input: stdin,
    cwd: dir,
    env: { ...process.env, ...env },
    encoding: "utf8",
    timeout: timeoutMs,
  });
  const ms = Date.now() - started;
  if (result.error) return { hook, ok: false, note: `could not run (${result.error.message})` };
  if (saysNotFound(result.stderr))
    return { hook, ok: false, note: "agent-security was not found: the hook lets everything through unchecked" };
  if (result.status !== 0) return { hook, ok: false, note: `exited ${result.status}: ${firstLine(result.stderr)}` };
  if (/agent-security hook: .*; allowing/.test(result.stderr))
    return { hook, ok: false, note: `did not understand the test payload: ${firstLine(result.stderr)}` };
  return { hook, ok: true, note: `answered in ${ms} ms` };
}

function firstLine(text: string): string {
  return (text.trim().split("\n")[0] ?? "").slice(0, 200) || "no message";
}
