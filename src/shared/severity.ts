/** Severities shared by every check; the editor maps them onto DiagnosticSeverity. */
export type Severity = "error" | "warning" | "info" | "hint";

export const SEVERITIES: readonly Severity[] = ["error", "warning", "info", "hint"];

const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1, hint: 0 };

export function atLeast(severity: Severity, threshold: Severity): boolean {
  return rank[severity] >= rank[threshold];
}

export function isSeverity(value: unknown): value is Severity {
  return typeof value === "string" && (SEVERITIES as readonly string[]).includes(value);
}
