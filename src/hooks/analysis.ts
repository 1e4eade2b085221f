import { mightHoldIamWildcard, policyOf, secretCheck, type ContentCheck, type HookChecks } from "./checks";
import { iamCheck } from "./iamCheck";
import { envFileIssues, isEnvStyleFile } from "./sensitive";
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
  for (const [textIndex, item] of items.entries()) {
    const found = await checks.secrets(item);
    const envFound = item.source === "file" && isEnvStyleFile(item.filePath) ? await envValues(item, found) : [];
    // Several texts can share a label (the strings of one tool's output): the index says which one a span is in.
    issues.push(...[...found, ...envFound].map((issue) => ({ ...issue, textIndex })));
    if (iam && mightHoldIamWildcard(item.text)) issues.push(...(await iam(item)));
  }
  return issues;
}

/** Secret-named values of an env-style file that no rule reported already. */
async function envValues(item: TextToScan, found: readonly Issue[]): Promise<Issue[]> {
  const { maskSecret } = await import("../shared/mask");
  const overlaps = (a: Issue, b: Issue) =>
    !!a.span && !!b.span && a.span.offset < b.span.offset + b.span.length && b.span.offset < a.span.offset + a.span.length;
  return envFileIssues(item, maskSecret).filter((issue) => !found.some((f) => f.line === issue.line || overlaps(f, issue)));
}
