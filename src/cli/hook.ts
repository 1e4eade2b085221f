import { fstatSync, readSync, writeSync } from "node:fs";
import { buildInvocation, parseHookArgs, type StdinResult } from "../hooks/invocation";
import { unreadable } from "../hooks/messages";
import { residentAddress } from "../hooks/resident/address";
import { askResidentScanner } from "../hooks/resident/client";
import type { HookOptions } from "../hooks/run";
import { AGENT_IDS, type HookInvocation, type HookReply } from "../hooks/types";
import { EXIT } from "./exitCodes";

const HELP = `usage: agent-security hook [--agent ${AGENT_IDS.join("|")}] [--event NAME] [--fail-closed] [FILE...]

The hook command for AI coding agents. Reads the agent's hook payload from stdin
(legacy Kiro IDE hooks: the USER_PROMPT environment variable), checks the prompt,
the content about to be written or the files just written, files about to be
read, shell commands and tools' output for hardcoded secrets (and written
content for over-broad IAM policies), and answers
in the agent's own protocol: silent exit 0 when clean; otherwise the agent's way
to block (exit 2 with the reason on stderr, or a JSON decision on stdout) or, after
a write, to report. Nothing printed contains a secret's value.

  --agent NAME        the calling agent; detected from the payload when omitted
  --event NAME        the event, for payloads that do not name it (Kiro IDE file
                      events, Copilot camelCase hooks)
  --fail-closed       block when the payload cannot be read (default: allow with
                      a message on stderr)
  --max-file-size KB  largest attached or written file read from disk (2048)
  --timeout SECONDS   the most reading and checking may take (10); past it the
                      hook allows with a message, or blocks with --fail-closed.
                      Large texts, and folders with their own .secretlintrc, are
                      checked in a worker thread that is stopped at this limit
  --no-resident       check in this process only (also AGENT_SECURITY_RESIDENT=0);
                      by default a resident scanner, started on first use and
                      stopped when idle, answers through a socket only this
                      user can open, so the hook starts as fast as Node
  FILE...             files to check on Kiro IDE fileEdited/fileCreated events
`;

/** Payloads above this are not read: a hook must answer quickly and never run out of memory. */
const MAX_PAYLOAD_BYTES = 32 * 1024 * 1024;
/** An agent that leaves stdin open would otherwise hang the hook until the agent's own timeout. */
const STDIN_TIMEOUT_MS = 10_000;

export async function run(argv: string[]): Promise<number> {
  const args = parseHookArgs(argv);
  if ("error" in args) {
    // A broken hook command must not block the user's work unless asked to.
    process.stderr.write(unreadable(args.error, args.failClosed));
    return args.failClosed ? 2 : EXIT.ok;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return EXIT.ok;
  }
  // Kiro IDE passes the prompt in the environment and may leave stdin open.
  // v1 hooks (installed with a PascalCase --event) send JSON on stdin like the others, except
  // that the IDE's prompt is surely in USER_PROMPT, and the IDE may leave stdin open.
  const v1 = args.event !== undefined && /^[A-Z]/.test(args.event);
  const agent = args.options.agent;
  const hasEnvPrompt = process.env.USER_PROMPT !== undefined;
  const kiroIde = v1
    ? args.event === "UserPromptSubmit" && hasEnvPrompt && (agent === "kiro" || agent === undefined)
    : agent === "kiro" || (agent === undefined && hasEnvPrompt);
  const stdin = kiroIde ? { text: "" } : await readStdin();
  const invocation = buildInvocation(args, process.env, stdin, process.cwd());
  const reply =
    (args.resident ? await residentReply(invocation, args.options) : undefined) ??
    // Loaded only here: a hook the resident scanner answered never needs it.
    (await (await import("../hooks/run")).runHook(invocation, args.options));
  if (reply.stdout) writeOut(1, reply.stdout);
  if (reply.stderr) writeOut(2, reply.stderr);
  return reply.exitCode;
}

/** The resident scanner's reply, when there is one for this build (see src/hooks/resident). */
async function residentReply(invocation: HookInvocation, options: HookOptions): Promise<HookReply | undefined> {
  const address = residentAddress(process.env);
  if (!address) return undefined;
  const { agent, failClosed, maxFileBytes, timeoutMs } = options;
  return askResidentScanner(address, { invocation, options: { agent, failClosed, maxFileBytes, timeoutMs } });
}

/**
 * Writes the reply straight to the file descriptor: the first use of
 * process.stdout or process.stderr builds a stream and loads Node's stream
 * modules, a tenth of the run time of a hook that blocks. A descriptor that
 * would block (a non-blocking pipe that is full) gets the rest through the
 * stream.
 */
function writeOut(fd: 1 | 2, text: string): void {
  const bytes = Buffer.from(text, "utf8");
  let written = 0;
  try {
    while (written < bytes.length) written += writeSync(fd, bytes, written);
  } catch {
    (fd === 1 ? process.stdout : process.stderr).write(bytes.subarray(written));
  }
}

/**
 * The payload on stdin. Agents write it to a pipe and close it (their own
 * examples read it with `cat`), so a pipe or file is read synchronously, which
 * is several milliseconds faster than a stream; a socket is read as a stream
 * with a time limit; a terminal or /dev/null gives no payload.
 */
function readStdin(): StdinResult | Promise<StdinResult> {
  let stat;
  try {
    stat = fstatSync(0);
  } catch {
    return { text: "" };
  }
  if (!stat.isFIFO() && !stat.isFile()) return stat.isSocket() ? readStdinStream([]) : { text: "" };
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(64 * 1024);
    let read: number;
    try {
      read = readSync(0, chunk, 0, chunk.length, null);
    } catch (error) {
      // A non-blocking pipe with nothing in it yet: wait for the rest as a stream.
      if ((error as NodeJS.ErrnoException).code === "EAGAIN") return readStdinStream(chunks);
      return { text: "", error: "stdin could not be read" };
    }
    if (read === 0) return { text: Buffer.concat(chunks).toString("utf8") };
    size += read;
    if (size > MAX_PAYLOAD_BYTES) return tooLarge();
    chunks.push(chunk.subarray(0, read));
  }
}

function tooLarge(): StdinResult {
  return { text: "", error: `the payload is larger than ${MAX_PAYLOAD_BYTES / 1024 / 1024} MB` };
}

function readStdinStream(chunks: Buffer[]): Promise<StdinResult> {
  return new Promise((resolve) => {
    let size = chunks.reduce((n, c) => n + c.length, 0);
    const finish = (result: StdinResult) => {
      clearTimeout(timer);
      process.stdin.removeAllListeners();
      process.stdin.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ text: "", error: `stdin did not close within ${STDIN_TIMEOUT_MS / 1000} s` }),
      STDIN_TIMEOUT_MS,
    );
    process.stdin.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_PAYLOAD_BYTES) finish(tooLarge());
      else chunks.push(chunk);
    });
    process.stdin.on("end", () => finish({ text: Buffer.concat(chunks).toString("utf8") }));
    process.stdin.on("error", () => finish({ text: "", error: "stdin could not be read" }));
  });
}
