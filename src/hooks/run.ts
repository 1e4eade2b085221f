import { readFileText } from "../scan/fileText";
import { describeError } from "../shared/errors";
import { AGENTS, detectAgent } from "./agents";
import { replyUnreadableByExitCode } from "./agents/common";
import { mightHoldIamWildcard, policyOf, secretCheck, type ContentCheck, type HookChecks } from "./checks";
import { iamCheck } from "./iamCheck";
import { displayPath } from "./payload";
import type { AgentId, HookInvocation, HookReply, HookRequest, Issue, TextToScan, Verdict } from "./types";

export interface HookOptions {
  /** `--agent`: the protocol to speak, overriding detection. */
  agent?: AgentId;
  /** `--fail-closed`: block when the payload cannot be read. */
  failClosed: boolean;
  /** Files larger than this are not read (prompt attachments, files just written). */
  maxFileBytes: number;
  /** The checks to run; by default secrets through the folder's policy. */
  checks?: (root: string) => HookChecks;
}

function defaultChecks(root: string): HookChecks {
  const policy = policyOf(root);
  return { secrets: secretCheck(policy), iam: iamCheck(policy) };
}

/** One hook invocation from payload to reply. Never throws for bad input. */
export async function runHook(invocation: HookInvocation, options: HookOptions): Promise<HookReply> {
  const protocol = options.agent ? AGENTS[options.agent] : detectAgent(invocation);
  if (invocation.unreadable) {
    return (protocol?.replyUnreadable ?? replyUnreadableByExitCode)(invocation.unreadable, options.failClosed);
  }
  if (!protocol) {
    const why = invocation.payload === undefined ? "there is no payload on stdin" : "the payload matches no known agent's hook protocol";
    return replyUnreadableByExitCode(`${why} (pass --agent)`, options.failClosed);
  }
  const request = protocol.parse(invocation);
  if ("error" in request) return protocol.replyUnreadable(request.error, options.failClosed);
  let issues: Issue[];
  try {
    issues = await check(request, (options.checks ?? defaultChecks)(request.root), options.maxFileBytes);
  } catch (error) {
    // A broken check (a missing catalogue, say) must not turn into a block by accident.
    return protocol.replyUnreadable(`the check could not run (${describeError(error)})`, options.failClosed);
  }
  return protocol.reply(request, verdictFor(request, issues));
}

function verdictFor(request: HookRequest, issues: Issue[]): Verdict {
  if (issues.length === 0) return { action: "allow" };
  // What is already on disk can only be reported; everything else is stopped.
  return { action: request.stage === "post-tool" ? "report" : "block", issues };
}

async function check(request: HookRequest, checks: HookChecks, maxFileBytes: number): Promise<Issue[]> {
  const items = [...request.texts, ...(await readFiles(request, maxFileBytes))];
  // Prompts are the user's words: IAM breadth only matters in what gets written.
  const iam: ContentCheck | undefined = request.stage === "prompt" ? undefined : checks.iam;
  const issues: Issue[] = [];
  for (const item of items) {
    issues.push(...(await checks.secrets(item)));
    if (iam && mightHoldIamWildcard(item.text)) issues.push(...(await iam(item)));
  }
  return issues;
}

/** Files named by the payload, as texts; ones that are gone, binary or too large are skipped. */
async function readFiles(request: HookRequest, maxFileBytes: number): Promise<TextToScan[]> {
  const items: TextToScan[] = [];
  for (const file of new Set(request.files)) {
    const content = await readFileText(file, maxFileBytes);
    if (content.ok) items.push({ text: content.text, filePath: file, label: displayPath(request.root, file), source: "file" });
  }
  return items;
}
