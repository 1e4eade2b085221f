import type { AuditResult } from "../types";

/** The audit as JSON: the result as the engine returns it, under the tool's name and version. */
export function toJson(result: AuditResult, toolVersion: string): string {
  return JSON.stringify({ tool: { name: "agent-security", version: toolVersion }, ...result }, null, 2) + "\n";
}
