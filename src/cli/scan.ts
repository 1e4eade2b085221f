import * as path from "node:path";
import { parseArgs } from "node:util";
import { readFileText } from "../scan/fileText";
import { WorkspacePolicy } from "../scan/workspacePolicy";
import { EXIT } from "./exitCodes";

const HELP = `usage: agent-security scan [--max-file-size KB] FILE...

Prints each hardcoded secret as  path:line:col kind masked-preview
and exits 1 when a secret is found, 0 when none, 2 when a file cannot be read.
Configuration (.secretlintrc.json, .secretlintignore, .agent-security.json) is
read from the current directory.
`;

export async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: { "max-file-size": { type: "string", default: "10240" }, help: { type: "boolean", short: "h" } },
    });
  } catch (error) {
    process.stderr.write(`agent-security scan: ${(error as Error).message}\n${HELP}`);
    return EXIT.usage;
  }
  if (parsed.values.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  const maxKb = Number(parsed.values["max-file-size"]);
  if (parsed.positionals.length === 0 || !Number.isFinite(maxKb) || maxKb <= 0) {
    process.stderr.write(HELP);
    return EXIT.usage;
  }
  const policy = await WorkspacePolicy.load(process.cwd());
  for (const problem of policy.problems) process.stderr.write(`agent-security: ${problem}\n`);

  let found = false;
  let unreadable = false;
  for (const file of parsed.positionals) {
    const absolute = path.resolve(file);
    const content = await readFileText(absolute, maxKb * 1024);
    if (!content.ok) {
      if (content.reason === "unreadable" || content.reason === "not-a-file") {
        unreadable = true;
        process.stderr.write(`${file}: cannot read: ${content.message}\n`);
      } else {
        process.stderr.write(`${file}: skipped: ${content.message}\n`);
      }
      continue;
    }
    for (const f of await policy.scanSecrets(absolute, content.text)) {
      found = true;
      process.stdout.write(`${file}:${f.range.start.line + 1}:${f.range.start.character + 1} ${f.kind} ${f.masked}\n`);
    }
  }
  return unreadable ? EXIT.usage : found ? EXIT.findings : EXIT.ok;
}
