import type { WorkspacePolicy } from "../scan/workspacePolicy";
import { mightHoldSecret } from "../secrets/prefilter";
import type { Issue, TextToScan } from "./types";

/** A check of one text; returns problems in printable form. */
export type ContentCheck = (item: TextToScan) => Promise<Issue[]>;

/**
 * The checks a hook runs. `iam` checks content an agent writes (never
 * prompts) for over-broad IAM policies.
 */
export interface HookChecks {
  secrets: ContentCheck;
  iam?: ContentCheck;
}

/** The folder's policy, loaded on first use and shared by the checks of one invocation. */
export type PolicySource = () => Promise<WorkspacePolicy>;

export function policyOf(root: string): PolicySource {
  let policy: Promise<WorkspacePolicy> | undefined;
  return () => (policy ??= import("../scan/workspacePolicy").then(({ WorkspacePolicy }) => WorkspacePolicy.load(root)));
}

/**
 * Secrets through the folder's WorkspacePolicy, the one entry every scan uses.
 * The policy and secretlint load on the first text that could hold a secret,
 * so a clean prompt never pays for them.
 */
export function secretCheck(policy: PolicySource): ContentCheck {
  return async (item) => {
    if (!mightHoldSecret(item.text, item.filePath)) return [];
    const findings = await (await policy()).scanSecrets(item.filePath, item.text);
    return findings.map((f) => ({
      check: "secret",
      kind: f.kind,
      masked: f.masked,
      where: item.label,
      line: f.range.start.line + 1,
      span: { offset: f.offset, length: f.length },
    }));
  };
}

/** Cheap test before an IAM check: an over-broad policy names an action and a `*`, or uses NotAction. */
export function mightHoldIamWildcard(text: string): boolean {
  return /action/i.test(text) && (text.includes("*") || /NotAction/i.test(text));
}
