import { connect } from "node:net";
import type { HookReply } from "../types";
import type { ResidentAddress } from "./address";
import { parseReply, type ResidentRequest } from "./protocol";

/** Time the daemon gets beyond the hook's own budget, which it enforces itself, before the hook stops waiting. */
const REPLY_GRACE_MS = 1000;

/**
 * The resident scanner's answer to a hook request, or undefined when there
 * is none and the hook must check in its own process: no daemon yet (one is
 * started for the next request), a daemon that broke off or did not answer
 * in time, or an answer that is not one.
 */
export async function askResidentScanner(address: ResidentAddress, request: ResidentRequest): Promise<HookReply | undefined> {
  const outcome = await exchange(address.socket, JSON.stringify(request), (request.options.timeoutMs ?? 10_000) + REPLY_GRACE_MS);
  if ("absent" in outcome) {
    startDaemon(address);
    return undefined;
  }
  return outcome.answer === undefined ? undefined : parseReply(outcome.answer);
}

/** What came back: the daemon's answer (undefined when it broke off or took too long), or that no daemon listens. */
type Outcome = { answer: string | undefined } | { absent: true };

function exchange(socketPath: string, message: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const socket = connect(socketPath);
    const finish = (result: Outcome) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish({ answer: undefined }), timeoutMs);
    socket.on("connect", () => socket.end(message));
    socket.on("data", (chunk: Buffer) => chunks.push(chunk));
    socket.on("end", () => finish({ answer: Buffer.concat(chunks).toString("utf8") }));
    socket.on("error", (error: NodeJS.ErrnoException) =>
      // No socket file, or one no process listens on any more: no daemon runs for this build.
      finish(error.code === "ENOENT" || error.code === "ECONNREFUSED" ? { absent: true } : { answer: undefined }),
    );
  });
}

/** True when a daemon listens on the socket now (`agent-security doctor`, and a daemon that finds the path taken). */
export function daemonListens(socketPath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = connect(socketPath);
    probe.on("connect", () => {
      probe.destroy();
      resolve(true);
    });
    probe.on("error", () => resolve(false));
  });
}

/** Starts the daemon apart from this process, which neither waits for it nor keeps it. */
function startDaemon(address: ResidentAddress): void {
  // Loaded only here: a hook the daemon answers never spawns anything.
  void import("node:child_process").then(({ spawn }) => {
    try {
      const child = spawn(process.execPath, [address.daemonFile, address.socket], {
        detached: true,
        stdio: "ignore",
        // Not the agent's folder: a daemon must not keep a project directory busy.
        cwd: "/",
      });
      child.on("error", () => undefined);
      child.unref();
    } catch {
      // The hook answers from its own process all the same.
    }
  });
}
