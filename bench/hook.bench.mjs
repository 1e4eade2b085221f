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
  JSON.stringify({ hook_event_name: "PreToolUse", session_id: "bench", cwd: ".", tool_name: "Write", tool_input: { file_path: "src/retry.ts", content } });

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
    stdin: write("export async function retry<T>(run: () => Promise<T>, attempts = 3): Promise<T> {\n  for (let i = 1; ; i++) {\n    try {\n      return await run();\n    } catch (error) {\n      if (i >= attempts) throw error;\n    }\n  }\n}\n"),
    expectExit: 0,
    target: 1.3,
  },
];

export async function run() {
  return [startupTable("Hook cold start (agent-security hook)", rows)];
}
