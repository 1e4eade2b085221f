/**
 * An unexpected error in words fit for a log. The message is left out on
 * purpose: parsers quote their input (V8's JSON.parse does), and the input may
 * hold a secret. The name and the first stack frame say where it went wrong.
 */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return "unknown error";
  if (error instanceof SafeError) return error.message;
  const frame = error.stack
    ?.split("\n")
    .slice(1)
    .find((line) => line.trim().startsWith("at "))
    ?.trim();
  return frame ? `${error.name} ${frame}` : error.name;
}

/** An error whose message is the extension's own words, quoting no input: fit to show as it is. */
export class SafeError extends Error {}
