/** Exit codes every subcommand keeps to, so CI scripts can rely on them. */
export const EXIT = {
  /** Nothing found at or above the threshold. */
  ok: 0,
  /** Findings. */
  findings: 1,
  /** Bad usage or input that could not be read. */
  usage: 2,
} as const;
