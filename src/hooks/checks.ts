import type { WorkspacePolicy } from "../scan/workspacePolicy";
import { mightHoldSecret } from "./prefilter";
import type { Issue, TextToScan } from "./types";

/** A check of one text; returns problems in printable form. */
export type ContentCheck = (item: TextToScan) => Promise<Issue[]>;

/**
 * The checks a hook runs. `iam` is the seam for the IAM policy check: content
 * an agent writes (never prompts) goes through it when one is given.
 */
export interface HookChecks {
  secrets: ContentCheck;
  iam?: ContentCheck;
}

/**
 * Secrets through the folder's WorkspacePolicy, the one entry every scan uses.
 * The policy and secretlint load on the first text that could hold a secret,
 * so a clean prompt never pays for them.
 */
export function secretCheck(root: string, load: (root: string) => Promise<WorkspacePolicy> = loadPolicy): ContentCheck {
  let policy: Promise<WorkspacePolicy> | undefined;
  return async (item) => {
    if (!mightHoldSecret(item.text, item.filePath)) return [];
    policy ??= load(root);
    const findings = await (await policy).scanSecrets(item.filePath, item.text);
    return findings.map((f) => ({ check: "secret", kind: f.kind, masked: f.masked, where: item.label, line: f.range.start.line + 1 }));
  };
}

async function loadPolicy(root: string): Promise<WorkspacePolicy> {
  const { WorkspacePolicy } = await import("../scan/workspacePolicy");
  return WorkspacePolicy.load(root);
}

/** Cheap test before an IAM check: a policy granting a wildcard names an action and a `*`. */
export function mightHoldIamWildcard(text: string): boolean {
  return text.includes("*") && /action/i.test(text);
}
