import type { ProviderPattern } from "../types";
import { notFiller } from "./shape";
import { patterns as ai } from "./ai";
import { patterns as cloud } from "./cloud";
import { patterns as comms } from "./comms";
import { patterns as data } from "./data";
import { patterns as devtools } from "./devtools";
import { patterns as observability } from "./observability";
import { patterns as payments } from "./payments";
import { patterns as platforms } from "./platforms";
import { patterns as productivity } from "./productivity";
import { patterns as tokens } from "./tokens";
import { patterns as vcs } from "./vcs";

/**
 * Every provider pattern; each also rejects filler values (see notFiller).
 * Order matters where two formats share a prefix: the rule reports a range
 * once, for the first pattern that finds it, so keyed kinds that reuse
 * another provider's prefix (Clerk's sk_live_) come before that provider.
 */
export const allProviderPatterns: readonly ProviderPattern[] = withFillerCheck([
  ...ai,
  ...vcs,
  ...cloud,
  ...data,
  ...comms,
  ...platforms,
  ...payments,
  ...observability,
  ...productivity,
  ...devtools,
  ...tokens,
]);

function withFillerCheck(patterns: readonly ProviderPattern[]): ProviderPattern[] {
  return patterns.map((pattern) => {
    const verify = pattern.verify;
    return { ...pattern, verify: verify ? (secret: string) => notFiller(secret) && verify(secret) : notFiller };
  });
}
