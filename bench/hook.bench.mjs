// Cold start of `agent-security hook`: it runs on every prompt an agent sends.
import * as path from "node:path";
import { baselineDist } from "./support/baseline.mjs";
import { startupTable } from "./support/startup.mjs";

// Before: the build without Agent Security's own secret rules (preset only).
const before = baselineDist();
const beforeCli = path.join(before.dist, "cli.js");

const FAKE_TOKEN = "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";
/** A fake in the documented `sk-proj-` format, which only Agent Security's provider rule knows. */
const FAKE_OPENAI_KEY = "sk-proj-" + "Qm7vX2pL9rT4wZ8kN3bH6jD1fS5gA0cE".repeat(3) + "xY4";
const payload = (prompt) => JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt, session_id: "bench", cwd: "." });

const write = (content) =>
  JSON.stringify({
    hook_event_name: "PreToolUse",
    session_id: "bench",
    cwd: ".",
    tool_name: "Write",
    tool_input: { file_path: "src/retry.ts", content },
  });

const rows = [
  // The floor for any CLI: Node resolving and running a script file at all.
  { name: "node bench/empty.js (reference)", argv: ["bench/empty.js"], expectExit: 0 },
  {
    name: "hook: clean prompt (Claude Code)",
    argv: ["dist/cli.js", "hook"],
    stdin: payload("Refactor the login handler in src/auth.ts to use async/await"),
    expectExit: 0,
    target: 1.3,
  },
  {
    name: "hook: prompt with a secret (Claude Code)",
    argv: ["dist/cli.js", "hook"],
    stdin: payload(`Deploy with token ${FAKE_TOKEN} please`),
    expectExit: 2,
    target: 1.3,
  },
  {
    name: "hook: prompt with an OpenAI project key (Claude Code)",
    argv: ["dist/cli.js", "hook"],
    stdin: payload(`Use ${FAKE_OPENAI_KEY} for the embeddings job`),
    expectExit: 2,
    target: 1.3,
  },
  {
    name: `before (${before.commit}, preset only): clean prompt`,
    argv: [beforeCli, "hook"],
    stdin: payload("Refactor the login handler in src/auth.ts to use async/await"),
    expectExit: 0,
  },
  {
    name: `before (${before.commit}, preset only): prompt with a secret`,
    argv: [beforeCli, "hook"],
    stdin: payload(`Deploy with token ${FAKE_TOKEN} please`),
    expectExit: 2,
  },
  {
    name: "hook: clean file write (Claude Code)",
    argv: ["dist/cli.js", "hook"],
    stdin: write(
      "export async function retry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 1; ; i++) {\n    try {\n      return await run();\n    } catch (error) {\n      if (i >= attempts) throw error;\n    }\n  }\n}\n",
    ),
    expectExit: 0,
    target: 1.3,
  },
  // The adapters added for Gemini CLI, Codex, Windsurf and Cline, and the read and command checks.
  {
    name: "hook: clean file write (Gemini CLI)",
    argv: ["dist/cli.js", "hook"],
    stdin: JSON.stringify({
      hook_event_name: "BeforeTool",
      session_id: "bench",
      cwd: ".",
      timestamp: "2026-11-20T10:30:00.000Z",
      tool_name: "write_file",
      tool_input: { file_path: "src/retry.ts", content: "export const retries = 3;\n" },
    }),
    expectExit: 0,
    target: 1.3,
  },
  {
    name: "hook: clean apply_patch (Codex)",
    argv: ["dist/cli.js", "hook"],
    stdin: JSON.stringify({
      hook_event_name: "PreToolUse",
      session_id: "bench",
      turn_id: "t",
      cwd: ".",
      model: "m",
      permission_mode: "default",
      tool_name: "apply_patch",
      tool_input: { command: "*** Begin Patch\n*** Add File: src/retry.ts\n+export const retries = 3;\n*** End Patch\n" },
    }),
    expectExit: 0,
    target: 1.3,
  },
  {
    name: "hook: clean shell command (Windsurf)",
    argv: ["dist/cli.js", "hook"],
    stdin: JSON.stringify({
      agent_action_name: "pre_run_command",
      trajectory_id: "bench",
      execution_id: "bench",
      timestamp: "2026-11-20T10:30:00.000Z",
      tool_info: { command_line: "npm test -- --grep retry", cwd: "." },
    }),
    expectExit: 0,
    target: 1.3,
  },
  {
    name: "hook: clean prompt (Cline)",
    argv: ["dist/cli.js", "hook"],
    stdin: JSON.stringify({
      clineVersion: "3.38.0",
      hookName: "UserPromptSubmit",
      timestamp: "0",
      taskId: "bench",
      workspaceRoots: ["."],
      userId: "bench",
      userPromptSubmit: { prompt: "Refactor the login handler in src/auth.ts to use async/await", attachments: [] },
    }),
    expectExit: 0,
    target: 1.3,
  },
  {
    name: "hook: file read (Claude Code Read)",
    argv: ["dist/cli.js", "hook"],
    stdin: JSON.stringify({
      hook_event_name: "PreToolUse",
      session_id: "bench",
      cwd: ".",
      tool_name: "Read",
      tool_input: { file_path: "bench/empty.js" },
    }),
    expectExit: 0,
    target: 1.3,
  },
];

export async function run() {
  return [startupTable("Hook cold start (agent-security hook)", rows)];
}
