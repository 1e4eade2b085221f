import { chmod, mkdir, readdir, readFile, rm, rmdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { AGENT_SUMMARIES, applyHooks, type HookAction, type HookFiles } from "../hooks/install/plan";
import { portableCommand } from "../hooks/install/portable";
import { AGENT_IDS, isAgentId, type AgentId } from "../hooks/types";
import { EXIT } from "./exitCodes";

function help(action: HookAction): string {
  const verb = action === "install" ? "install" : "uninstall";
  return `usage: agent-security ${verb} --agent NAME [--agent NAME...] [--dir DIR]

${action === "install" ? "Writes Agent Security's hooks into" : "Takes Agent Security's hooks out of"} the agents' configuration in DIR
(default: the current folder), the same change as the editor's "${action === "install" ? "Install" : "Remove"} Agent Hooks"
command. Other settings and hooks in those files stay as they are.${
    action === "install"
      ? `

The hook commands written are the same on every machine: they run the project's
node_modules/.bin/agent-security, else agent-security on PATH, else the editor
extension's launcher in ~/.agent-security/bin, and when none exists they say so
and let the agent go on unchecked. Check them with 'agent-security doctor'.`
      : ""
  }

agents:
${AGENT_SUMMARIES.map((a) => `  ${a.id.padEnd(9)} ${a.label}: ${a.detail}`).join("\n")}
`;
}

/** The folder's files through node:fs, for the shared install code. */
export function diskFiles(dir: string): HookFiles {
  const at = (relative: string) => path.join(dir, relative);
  return {
    async read(relative) {
      try {
        return await readFile(at(relative), "utf8");
      } catch {
        return undefined;
      }
    },
    async write(relative, text, executable) {
      await mkdir(path.dirname(at(relative)), { recursive: true });
      await writeFile(at(relative), text);
      if (executable) await chmod(at(relative), 0o755);
    },
    delete: (relative) => rm(at(relative), { force: true }),
    async deleteEmptyFolder(relative) {
      try {
        await rmdir(at(relative));
        return true;
      } catch {
        // Not empty (or gone): it stays.
        return false;
      }
    },
    async list(relative) {
      try {
        return (await readdir(at(relative), { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name);
      } catch {
        return [];
      }
    },
  };
}

export async function runAction(action: HookAction, argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { agent: { type: "string", multiple: true }, dir: { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (error) {
    process.stderr.write(`agent-security: ${error instanceof Error ? error.message : String(error)}\n${help(action)}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(help(action));
    return EXIT.ok;
  }
  const agents = (values.agent ?? []).flatMap((a) => a.split(","));
  const unknown = agents.filter((a) => !isAgentId(a));
  if (agents.length === 0 || unknown.length > 0) {
    process.stderr.write(`agent-security: --agent must name one of ${AGENT_IDS.join(", ")}\n`);
    return EXIT.usage;
  }
  const dir = path.resolve(values.dir ?? ".");
  const result = await applyHooks(action, agents as AgentId[], diskFiles(dir), portableCommand());
  const out: string[] = [];
  for (const file of result.changed) out.push(`${action === "install" ? "wrote" : "updated"} ${file}`);
  for (const file of result.deleted) out.push(`deleted ${file}`);
  for (const file of result.unchanged) out.push(`unchanged ${file}`);
  if (out.length === 0 && result.errors.length === 0)
    out.push(action === "install" ? "nothing to write" : "no Agent Security hooks were found");
  process.stdout.write(out.map((line) => `${line}\n`).join(""));
  for (const error of result.errors) process.stderr.write(`agent-security: ${error}\n`);
  return result.errors.length > 0 ? EXIT.usage : EXIT.ok;
}

export function run(argv: string[]): Promise<number> {
  return runAction("install", argv);
}
