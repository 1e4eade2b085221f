// Cold start of `agent-security hook`: it runs on every prompt an agent sends.
const FAKE_TOKEN = "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";
const payload = (prompt) => JSON.stringify({ hook_event_name: "UserPromptSubmit", prompt, session_id: "bench", cwd: "." });

export const rows = [
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
];
