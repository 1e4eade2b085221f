import type { FixContext, SecretFix } from "./types";

export type { FixContext, SecretFix, SecretStore } from "./types";

/** All fixes for one secret finding, most useful first. */
export function secretFixes(_ctx: FixContext): SecretFix[] {
  return [];
}
