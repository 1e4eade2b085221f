import type { HookOptions } from "../run";
import type { HookInvocation, HookReply } from "../types";

/**
 * What the hook process sends the resident scanner: everything `runHook`
 * reads (the parsed payload, environment, working directory and flags), so
 * that the daemon answers exactly as the hook would have in its own process.
 * One JSON document each way; the client half-closes after its request.
 */
export interface ResidentRequest {
  invocation: HookInvocation;
  options: Pick<HookOptions, "agent" | "failClosed" | "maxFileBytes" | "timeoutMs">;
}

/** Requests above this are refused: the hook reads at most 32 MB of payload, plus its environment. */
export const MAX_REQUEST_BYTES = 40 * 1024 * 1024;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The request in a message, or undefined when it is not one (another program on the socket, a truncated write). */
export function parseRequest(text: string): ResidentRequest | undefined {
  const value = parseJson(text);
  if (!isRecord(value) || !isRecord(value.invocation) || !isRecord(value.options)) return undefined;
  const { invocation, options } = value;
  const stringArray = (x: unknown) => Array.isArray(x) && x.every((item) => typeof item === "string");
  if (typeof invocation.cwd !== "string" || !stringArray(invocation.files) || !isRecord(invocation.env)) return undefined;
  if (typeof options.failClosed !== "boolean" || typeof options.maxFileBytes !== "number") return undefined;
  return value as unknown as ResidentRequest;
}

/** The reply in a message, or undefined when the daemon could not answer. */
export function parseReply(text: string): HookReply | undefined {
  const value = parseJson(text);
  return isRecord(value) && typeof value.exitCode === "number" && typeof value.stdout === "string" && typeof value.stderr === "string"
    ? { exitCode: value.exitCode, stdout: value.stdout, stderr: value.stderr }
    : undefined;
}
