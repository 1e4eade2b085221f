import { mightHoldIamWildcard, policyOf, secretCheck, type ContentCheck, type HookChecks } from "./checks";
import { iamCheck } from "./iamCheck";
import type { HookStage, Issue, TextToScan } from "./types";

/** Secrets through the folder's policy, and IAM breadth of what gets written. */
export function defaultChecks(root: string): HookChecks {
  const policy = policyOf(root);
  return { secrets: secretCheck(policy), iam: iamCheck(policy) };
}

/** The problems in a request's texts; the same whether run in the hook's process or in the analysis worker. */
export async function checkItems(items: readonly TextToScan[], stage: HookStage, checks: HookChecks): Promise<Issue[]> {
  // Prompts are the user's words: IAM breadth only matters in what gets written.
  const iam: ContentCheck | undefined = stage === "prompt" ? undefined : checks.iam;
  const issues: Issue[] = [];
  for (const item of items) {
    issues.push(...(await checks.secrets(item)));
    if (iam && mightHoldIamWildcard(item.text)) issues.push(...(await iam(item)));
  }
  return issues;
}
