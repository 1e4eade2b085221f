import { nameBefore, textFacts } from "./common";
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

/**
 * The fixer of a brace language (Java, Go, C#, Terraform): the secret's name
 * and the lines an ignore comment covers both follow the string token that
 * `locate` finds around the secret.
 */
export function stringTokenFixer(
  locate: (ctx: FixContext) => { token: { start: number; end: number } } | undefined,
  lookup: FormatFixer["lookup"],
): FormatFixer {
  return {
    supportsParameterStore: true,
    derivedName(ctx) {
      const loc = locate(ctx);
      return nameBefore(ctx.text, loc ? loc.token.start : ctx.finding.offset);
    },
    lookup,
    ignoreLines(ctx) {
      const loc = locate(ctx);
      if (!loc) return undefined;
      const lines = textFacts(ctx.text).lines;
      return { first: lines.positionAt(loc.token.start).line, last: lines.positionAt(loc.token.end).line };
    },
  };
}
