import type { SecretFinding } from "./engine";

/** What every surface says about a secret: its kind, its masked form and what to do. */
export function secretMessage(finding: Pick<SecretFinding, "kind" | "masked">): string {
  return (
    `${finding.kind} hardcoded (${finding.masked}). ` +
    `Store it in AWS Secrets Manager and look it up by name; rotate it if it was ever committed or shown to an agent.`
  );
}
