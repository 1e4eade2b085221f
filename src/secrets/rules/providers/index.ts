import type { ProviderPattern } from "../types";
import { patterns as ai } from "./ai";
import { patterns as cloud } from "./cloud";
import { patterns as data } from "./data";
import { patterns as tokens } from "./tokens";
import { patterns as vcs } from "./vcs";

/** Every provider pattern, by area. */
export const allProviderPatterns: readonly ProviderPattern[] = [...ai, ...vcs, ...cloud, ...data, ...tokens];
