import * as path from "node:path";
import { parseArgs } from "node:util";
import { checkHook, installedHooks } from "../hooks/install/doctor";
import { residentAddress } from "../hooks/resident/address";
import { daemonListens } from "../hooks/resident/client";
import { diskFiles } from "./install";
import { EXIT } from "./exitCodes";

const HELP = `usage: agent-security doctor [--dir DIR]

Finds every Agent Security hook installed in DIR's agent configurations
(default: the current folder) and runs each command as its agent would, on a
clean test payload of its event. Exits 0 when every hook found the CLI and
answered, 1 when one did not (or none is installed). Also says whether the
resident scanner that hooks ask first is running.
`;

export async function run(argv: string[]): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { dir: { type: "string" }, help: { type: "boolean", short: "h" } } }));
  } catch (error) {
    process.stderr.write(`agent-security: ${error instanceof Error ? error.message : String(error)}\n${HELP}`);
    return EXIT.usage;
  }
  if (values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const dir = path.resolve(values.dir ?? ".");
  process.stdout.write(`${await residentNote()}\n`);
  const hooks = await installedHooks(diskFiles(dir));
  if (hooks.length === 0) {
    process.stdout.write(`No Agent Security hooks are installed in ${dir}. Run 'agent-security install --agent NAME'.\n`);
    return EXIT.findings;
  }
  let failed = 0;
  for (const hook of hooks) {
    const result = await checkHook(hook, dir);
    if (!result.ok) failed++;
    process.stdout.write(`${result.ok ? "ok  " : "FAIL"} ${hook.agent} ${hook.file} ${hook.event}: ${result.note}\n`);
  }
  process.stdout.write(failed === 0 ? `All ${hooks.length} hooks answered.\n` : `${failed} of ${hooks.length} hooks did not answer.\n`);
  return failed === 0 ? EXIT.ok : EXIT.findings;
}

async function residentNote(): Promise<string> {
  const address = residentAddress(process.env);
  if (!address)
    return "Resident scanner: not used here (turned off, on Windows, or no private socket folder): hooks check in their own process.";
  return (await daemonListens(address.socket))
    ? `Resident scanner: running (${address.socket}).`
    : "Resident scanner: not running; the next hook starts it and checks in its own process meanwhile.";
}
