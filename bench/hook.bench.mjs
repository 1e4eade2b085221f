// Cold start of `agent-security hook`: it runs on every prompt an agent sends.
// Each request is timed as agents run it, answered by the resident scanner
// (src/hooks/resident, started before the rows and stopped when idle after
// them), and the prompts also checked in the hook's own process, as on a
// first request or with --no-resident.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
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

/** Hook requests as agents send them. */
const requests = [
  {
    name: "clean prompt (Claude Code)",
    stdin: payload("Refactor the login handler in src/auth.ts to use async/await"),
    expectExit: 0,
  },
  {
    name: "prompt with a secret (Claude Code)",
    stdin: payload(`Deploy with token ${FAKE_TOKEN} please`),
    expectExit: 2,
  },
  {
    name: "prompt with an OpenAI project key (Claude Code)",
    stdin: payload(`Use ${FAKE_OPENAI_KEY} for the embeddings job`),
    expectExit: 2,
  },
  {
    name: "clean file write (Claude Code)",
    stdin: write(
      "export async function retry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 1; ; i++) {\n    try {\n      return await run();\n    } catch (error) {\n      if (i >= attempts) throw error;\n    }\n  }\n}\n",
    ),
    expectExit: 0,
  },
  // The adapters added for Gemini CLI, Codex, Windsurf and Cline, and the read and command checks.
  {
    name: "clean file write (Gemini CLI)",
    stdin: JSON.stringify({
      hook_event_name: "BeforeTool",
      session_id: "bench",
      cwd: ".",
      timestamp: "2026-11-20T10:30:00.000Z",
      tool_name: "write_file",
      tool_input: { file_path: "src/retry.ts", content: "export const retries = 3;\n" },
    }),
    expectExit: 0,
  },
  {
    name: "clean apply_patch (Codex)",
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
  },
  {
    name: "clean shell command (Windsurf)",
    stdin: JSON.stringify({
      agent_action_name: "pre_run_command",
      trajectory_id: "bench",
      execution_id: "bench",
      timestamp: "2026-11-20T10:30:00.000Z",
      tool_info: { command_line: "npm test -- --grep retry", cwd: "." },
    }),
    expectExit: 0,
  },
  {
    name: "clean prompt (Cline)",
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
  },
  {
    name: "file read (Claude Code Read)",
    stdin: JSON.stringify({
      hook_event_name: "PreToolUse",
      session_id: "bench",
      cwd: ".",
      tool_name: "Read",
      tool_input: { file_path: "bench/empty.js" },
    }),
    expectExit: 0,
  },
];

/** The prompts, also checked in the hook's own process and by the build before the rules. */
const PROMPTS = requests.slice(0, 3);

export async function run() {
  const socketDir = mkdtempSync(path.join(tmpdir(), "agent-security-bench-"));
  const resident = { AGENT_SECURITY_RESIDENT_DIR: socketDir, AGENT_SECURITY_RESIDENT_IDLE_MS: "20000" };
  try {
    await startResidentScanner(resident);
    const rows = [
      // The floor for any CLI: Node resolving and running a script file at all.
      { name: "node bench/empty.js (reference)", argv: ["bench/empty.js"], expectExit: 0 },
      ...requests.map((r) => ({ ...r, name: `hook: ${r.name}`, argv: ["dist/cli.js", "hook"], env: resident, target: 1.3 })),
      ...PROMPTS.map((r) => ({ ...r, name: `hook in process: ${r.name}`, argv: ["dist/cli.js", "hook", "--no-resident"] })),
      ...PROMPTS.slice(0, 2).map((r) => ({ ...r, name: `before (${before.commit}, preset only): ${r.name}`, argv: [beforeCli, "hook"] })),
    ];
    const table = startupTable("Hook cold start (agent-security hook)", rows);
    table.notes.push("hook: answered by the resident scanner; hook in process: --no-resident, as on the first request");
    return [table];
  } finally {
    // The daemon stops 20 s after the last request; its socket directory goes now.
    rmSync(socketDir, { recursive: true, force: true });
  }
}

/** The first request starts the daemon; the rows begin once it listens and has warmed up. */
async function startResidentScanner(env) {
  const hook = () => spawnSync(process.execPath, ["dist/cli.js", "hook"], { input: requests[0].stdin, env: { ...process.env, ...env } });
  hook();
  for (let waited = 0; !readdirSync(env.AGENT_SECURITY_RESIDENT_DIR).some((f) => f.endsWith(".sock")); waited += 50) {
    if (waited > 10_000) throw new Error("the resident scanner did not start within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await new Promise((resolve) => setTimeout(resolve, 1000));
  hook();
}
