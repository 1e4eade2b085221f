// The resident scanner: a per-user process that answers `agent-security hook`
// requests over a Unix socket with the engines already loaded and compiled,
// so that a hook's own run costs little more than starting Node. The hook
// starts it (see client.ts) and falls back to checking in its own process
// whenever it cannot be reached. It reads every request's folder policy
// afresh, as the hook itself would, so edits to .secretlintrc,
// .secretlintignore or .agent-security.json apply to the next request; it
// stops after AGENT_SECURITY_RESIDENT_IDLE_MS without requests.
//   node dist/hookDaemon.js SOCKET
import { randomBytes } from "node:crypto";
import { statSync, unlinkSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import * as path from "node:path";
import { writeCodeCaches } from "../../shared/bundleCache";
import { runHook } from "../run";
import { daemonListens } from "./client";
import { MAX_REQUEST_BYTES, parseRequest } from "./protocol";

/** Long enough to span the pauses between an agent's prompts and tool calls; short enough not to linger for a day. */
const DEFAULT_IDLE_MS = 15 * 60 * 1000;

async function main(socketPath: string): Promise<void> {
  const idleMs = Number(process.env.AGENT_SECURITY_RESIDENT_IDLE_MS) || DEFAULT_IDLE_MS;
  let active = 0;
  let idleTimer: NodeJS.Timeout | undefined;
  const server = createServer({ allowHalfOpen: true }, (socket) => {
    active++;
    clearTimeout(idleTimer);
    socket.on("close", () => {
      if (--active === 0) idleTimer = setTimeout(stop, idleMs);
    });
    answer(socket);
  });
  if (!(await listen(server, socketPath))) process.exit(0);
  const inode = statSync(socketPath).ino;
  function stop(): void {
    server.close();
    // Before the socket goes, so that once it is gone the daemon writes nothing more.
    writeCodeCaches();
    // Another daemon may have taken the path over since; its socket stays.
    try {
      if (statSync(socketPath).ino === inode) unlinkSync(socketPath);
    } catch {
      // Already gone.
    }
    process.exit(0);
  }
  idleTimer = setTimeout(stop, idleMs);
  await warmUp(path.dirname(socketPath));
}

/** Reads one request to its end, answers it, and closes; anything that is not a request gets no answer. */
function answer(socket: Socket): void {
  const chunks: Buffer[] = [];
  let size = 0;
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: Buffer) => {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) socket.destroy();
    else chunks.push(chunk);
  });
  socket.on("end", () => {
    const request = parseRequest(Buffer.concat(chunks).toString("utf8"));
    if (!request) {
      socket.end();
      return;
    }
    // runHook never throws for bad input; a reply that cannot be written goes nowhere.
    runHook(request.invocation, request.options).then(
      (reply) => socket.end(JSON.stringify(reply)),
      () => socket.end(),
    );
  });
}

/**
 * Listens on the socket, taking over a stale socket file a stopped daemon
 * left behind; false when a live daemon already answers there (two hooks
 * that started one at the same moment).
 */
async function listen(server: Server, socketPath: string): Promise<boolean> {
  for (let attempt = 0; attempt < 2; attempt++) {
    const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
      server.once("error", resolve);
      server.listen(socketPath, () => {
        server.off("error", resolve);
        resolve(undefined);
      });
    });
    if (!error) return true;
    if (error.code !== "EADDRINUSE" || (await daemonListens(socketPath))) return false;
    try {
      unlinkSync(socketPath);
    } catch {
      return false;
    }
  }
  return false;
}

/**
 * One check of a made-up prompt, so that the first real request finds
 * secretlint loaded and the scan compiled. The value is random: no secret.
 */
async function warmUp(folder: string): Promise<void> {
  const prompt = `deploy with password = "${randomBytes(12).toString("base64url")}"`;
  await runHook(
    { payload: { hook_event_name: "UserPromptSubmit", session_id: "warm-up", cwd: folder, prompt }, env: {}, files: [], cwd: folder },
    { agent: "claude", failClosed: false, maxFileBytes: 1024 },
  );
}

const socketArgument = process.argv[2];
if (socketArgument) void main(socketArgument);
else process.exitCode = 2;
