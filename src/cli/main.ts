// agent-security: the command line shared by CI pipelines and agent hooks.
// Subcommands load lazily so that each run pays only for what it uses.
import { describeError } from "../shared/errors";
import { EXIT } from "./exitCodes";

interface Subcommand {
  summary: string;
  load: () => Promise<{ run(args: string[]): Promise<number> }>;
}

const SUBCOMMANDS: Record<string, Subcommand> = {
  scan: { summary: "scan FILE... for hardcoded secrets", load: () => import("./scan") },
  audit: { summary: "audit whole folders; text, JSON or SARIF report", load: () => import("./audit") },
  iam: { summary: "check IAM policies in FILE... for wildcard and unknown actions", load: () => import("./iam") },
  hook: { summary: "answer an AI agent's hook (prompt, write, read, command, output) from stdin", load: () => import("./hook") },
  install: { summary: "write agent hooks into a folder (--agent NAME [--dir DIR])", load: () => import("./install") },
  uninstall: { summary: "take agent hooks out of a folder again", load: () => import("./uninstall") },
  doctor: { summary: "check that each installed agent hook runs and answers", load: () => import("./doctor") },
  fix: { summary: "replace secrets in FILE... by AWS Secrets Manager or SSM lookups", load: () => import("./fix") },
};

function usage(): string {
  const lines = Object.entries(SUBCOMMANDS).map(([name, c]) => `  ${name.padEnd(9)} ${c.summary}`);
  return `usage: agent-security <command> [options]\n\ncommands:\n${lines.join("\n")}\n\nRun 'agent-security <command> --help' for a command's options.\n`;
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h" || name === "help") {
    process.stdout.write(usage());
    return name ? EXIT.ok : EXIT.usage;
  }
  if (name === "--version") {
    process.stdout.write(`${VERSION}\n`);
    return EXIT.ok;
  }
  const command = SUBCOMMANDS[name];
  if (!command) {
    process.stderr.write(`agent-security: unknown command '${name}'\n${usage()}`);
    return EXIT.usage;
  }
  return (await command.load()).run(rest);
}

declare const VERSION: string;

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`agent-security: internal error: ${describeError(error)}\n`);
    process.exitCode = EXIT.usage;
  },
);
