import type { IgnoreLines } from "./ignore";
import type { FixContext, SecretFix, SecretStore } from "./types";

/** What each format module provides; `index.ts` picks one by language. */
export interface FormatFixer {
  /** The variable, key or attribute the secret is assigned to, for naming it. */
  derivedName(ctx: FixContext): string | undefined;
  /** One lookup fix, or undefined where the format cannot hold a lookup at that place. */
  lookup(ctx: FixContext, store: SecretStore, secretName: string): SecretFix | undefined;
  /** Whether this format has a Parameter Store form at all. */
  supportsParameterStore: boolean;
  /** Lines a disable comment must surround, where "right above the finding" is wrong. */
  ignoreLines?(ctx: FixContext): IgnoreLines | undefined;
}
