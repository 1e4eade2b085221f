import { unreadable, verdictMessage } from "../messages";
import type { HookReply, HookRequest, Verdict } from "../types";

export const ALLOW: HookReply = { exitCode: 0, stdout: "", stderr: "" };

/** Exit 2 with the message on stderr: how most agents block, or at least warn. */
export function exit2(message: string): HookReply {
  return { exitCode: 2, stdout: "", stderr: message };
}

export function json(value: unknown): string {
  return JSON.stringify(value) + "\n";
}

/**
 * The usual answer of exit-code protocols: allow silently, otherwise exit 2
 * with the message on stderr (a block where the event allows one, a warning
 * elsewhere).
 */
export function replyByExitCode(request: HookRequest, verdict: Verdict, promptReachesModel: boolean): HookReply {
  if (verdict.action === "allow") return ALLOW;
  return exit2(verdictMessage(request, verdict.issues, promptReachesModel));
}

/** Unreadable payload: a message, and exit 2 only when told to fail closed. */
export function replyUnreadableByExitCode(message: string, failClosed: boolean): HookReply {
  return { exitCode: failClosed ? 2 : 0, stdout: "", stderr: unreadable(message, failClosed) };
}
