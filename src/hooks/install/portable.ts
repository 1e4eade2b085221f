import type { HookCommand } from "./configs";

// Hook configurations are committed and run on every machine that checks the
// repository out: a teammate's, CI's, Copilot's cloud sandbox. A command that
// names one machine's path would fail elsewhere, and Copilot (and Cline) take a
// hook that fails to start as a refusal of every tool call. So the committed
// command looks for the CLI where a project or a user keeps it, and when there
// is none it says so and exits 0, letting the agent work unchecked rather than
// not at all:
// 1. the project's node_modules/.bin/agent-security (npm i -D agent-security-hooks);
// 2. `agent-security` on PATH;
// 3. ~/.agent-security/bin/agent-security, the launcher the editor extension keeps
//    pointing at its current version (src/hooks/editor/install.ts).
// The project root comes from the agent's own variable where it sets one,
// since an agent's `cd` moves the hook's working directory.

/** The name the command runs under ($0 of `sh -c`); also how install recognises its own lines. */
export const PORTABLE_NAME = "agent-security-hook";
export const USER_LAUNCHER_DIR = ".agent-security/bin";

const NOT_FOUND =
  "agent-security-hook: agent-security was not found (npm i -D agent-security-hooks, or install the Agent Security Hooks extension); this event was not checked";

/** The hook arguments may only be plain words: they are spliced into a quoted script. */
function checkedArgs(hookArgs: string): string {
  if (!/^[\w\s-]*$/.test(hookArgs)) throw new Error(`hook arguments must be plain words: ${hookArgs}`);
  return hookArgs;
}

export function portableLine(hookArgs: string): string {
  const args = checkedArgs(hookArgs);
  const root = "${CLAUDE_PROJECT_DIR:-${GEMINI_PROJECT_DIR:-${CURSOR_PROJECT_DIR:-.}}}";
  const script =
    `for c in "${root}/node_modules/.bin/agent-security" "$(command -v agent-security)" "$HOME/${USER_LAUNCHER_DIR}/agent-security"; ` +
    `do [ -x "$c" ] && exec "$c" hook ${args}; done; echo "${NOT_FOUND}" >&2; exit 0`;
  return `sh -c '${script}' ${PORTABLE_NAME}`;
}

export function portablePowerShell(hookArgs: string): string {
  const args = checkedArgs(hookArgs);
  return (
    `$c = @('node_modules/.bin/agent-security.cmd', (Get-Command agent-security -ErrorAction SilentlyContinue).Source, "$HOME/${USER_LAUNCHER_DIR}/agent-security.cmd") | ` +
    `Where-Object { $_ -and (Test-Path $_) } | Select-Object -First 1; ` +
    `if ($c) { $input | & $c hook ${args}; exit $LASTEXITCODE } else { [Console]::Error.WriteLine('${NOT_FOUND.replace("agent-security-hook", PORTABLE_NAME)}'); exit 0 }`
  );
}

/** Hook commands fit to commit: they work, or step aside, on any machine. */
export function portableCommand(platform: NodeJS.Platform = process.platform): HookCommand {
  return { line: portableLine, powershell: portablePowerShell, platform };
}

/** True when a hook's stderr says the portable command found no CLI. */
export function saysNotFound(stderr: string): boolean {
  return stderr.includes(`${PORTABLE_NAME}: agent-security was not found`);
}
