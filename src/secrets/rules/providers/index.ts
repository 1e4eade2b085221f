import type { ProviderPattern } from "../types";
import { notFiller } from "./shape";
import { patterns as ai } from "./ai";
import { patterns as cloud } from "./cloud";
import { patterns as comms } from "./comms";
import { patterns as data } from "./data";
import { patterns as payments } from "./payments";
import { patterns as tokens } from "./tokens";
import { patterns as vcs } from "./vcs";

/** Every provider pattern; each also rejects filler values (see notFiller). */
export const allProviderPatterns: readonly ProviderPattern[] = withFillerCheck([...ai, ...vcs, ...cloud, ...data, ...comms, ...payments, ...tokens]);

function withFillerCheck(patterns: readonly ProviderPattern[]): ProviderPattern[] {
  return patterns.map((pattern) => {
    const verify = pattern.verify;
    return { ...pattern, verify: verify ? (secret: string) => notFiller(secret) && verify(secret) : notFiller };
  });
}
