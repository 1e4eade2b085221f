import * as path from "node:path";
import { readFileText } from "../scan/fileText";
import { describeError } from "../shared/errors";
import { BudgetExceeded } from "../worker/errors";
import { AGENTS, claudeSettingsHost, detectAgent } from "./agents";
import { replyUnreadableByExitCode } from "./agents/common";
import { checkItems, defaultChecks } from "./analysis";
import { checkInWorker, DEFAULT_TIMEOUT_MS, mightTakeLong, withinBudget } from "./budget";
import type { HookChecks } from "./checks";
import { displayPath } from "./payload";
import type { AgentId, HookInvocation, HookReply, HookRequest, Issue, TextToScan, Verdict } from "./types";

export interface HookOptions {
  /** `--agent`: the protocol to speak, overriding detection. */
  agent?: AgentId;
  /** `--fail-closed`: block when the payload cannot be read. */
  failClosed: boolean;
  /** Files larger than this are not read (prompt attachments, files just written). */
  maxFileBytes: number;
  /** The checks to run in this process; by default secrets through the folder's policy, and IAM. */
  checks?: (root: string) => HookChecks;
  /** `--timeout`: the most reading and checking what a request names may take, in ms. */
  timeoutMs?: number;
  /** The analysis worker bundle, for checks that could take long; dist/scanWorker.js by default. */
  workerFile?: string;
}

/** One hook invocation from payload to reply. Never throws for bad input. */
export async function runHook(invocation: HookInvocation, options: HookOptions): Promise<HookReply> {
  // A .claude/settings.json hook run by VS Code, Cursor or Copilot CLI answers in the host's protocol.
  const host = options.agent === "claude" ? claudeSettingsHost(invocation) : undefined;
  const protocol = host?.protocol ?? (options.agent ? AGENTS[options.agent] : detectAgent(invocation));
  if (invocation.unreadable) {
    return (protocol?.replyUnreadable ?? replyUnreadableByExitCode)(invocation.unreadable, options.failClosed);
  }
  if (!protocol) {
    const why = invocation.payload === undefined ? "there is no payload on stdin" : "the payload matches no known agent's hook protocol";
    return replyUnreadableByExitCode(`${why} (pass --agent)`, options.failClosed);
  }
  const request = protocol.parse(invocation);
  if ("error" in request) return protocol.replyUnreadable(request.error, options.failClosed);
  if (host) request.host = host.host;
  if (request.host && (await hostHookInstalled(request.host, request.root))) {
    // The host runs Agent Security's own hook for this event too: one check, one answer.
    return { exitCode: 0, stdout: "", stderr: "" };
  }
  const budgetMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let issues: Issue[];
  try {
    issues = await withinBudget(budgetMs, (deadline) => check(request, options, deadline));
  } catch (error) {
    // A check that overran or broke (a missing catalogue, say) must not turn into a block by accident.
    const why =
      error instanceof BudgetExceeded
        ? `the check did not finish within ${budgetMs / 1000} s`
        : `the check could not run (${describeError(error)})`;
    return protocol.replyUnreadable(why, options.failClosed);
  }
  return protocol.reply(request, verdictFor(request, issues));
}

/**
 * Files where a host keeps its own hooks. VS Code, Copilot CLI and Cursor
 * also run the hooks of .claude/settings.json; when Agent Security is
 * installed in the host's own file as well, the Claude-settings hook stands
 * down rather than check the same event twice.
 */
const HOST_HOOK_FILES: Partial<Record<AgentId | "vscode", string>> = {
  vscode: ".github/hooks/agent-security.json",
  copilot: ".github/hooks/agent-security.json",
  cursor: ".cursor/hooks.json",
};

async function hostHookInstalled(host: AgentId | "vscode", root: string): Promise<boolean> {
  const file = HOST_HOOK_FILES[host];
  if (!file) return false;
  const { readFile } = await import("node:fs/promises");
  try {
    return /agent-security/.test(await readFile(path.join(root, file), "utf8"));
  } catch {
    return false;
  }
}

function verdictFor(request: HookRequest, issues: Issue[]): Verdict {
  if (issues.length === 0) return { action: "allow" };
  // What is already on disk can only be reported; everything else is stopped.
  return { action: request.stage === "post-tool" ? "report" : "block", issues };
}

/**
 * The request's texts and the files it names, checked in this process, or in
 * the analysis worker when that could take long: a worker can be stopped at
 * the deadline, a scan in this thread could not.
 */
async function check(request: HookRequest, options: HookOptions, deadline: number): Promise<Issue[]> {
  const items = [...request.texts, ...(await readFiles(request, options.maxFileBytes))];
  if (options.checks || !mightTakeLong(items, request.root)) {
    return checkItems(items, request.stage, (options.checks ?? defaultChecks)(request.root));
  }
  return checkInWorker(request.root, request.stage, items, options.workerFile ?? path.join(__dirname, "scanWorker.js"), deadline);
}

/** Files named by the payload, as texts; ones that are gone, binary or too large are skipped. */
async function readFiles(request: HookRequest, maxFileBytes: number): Promise<TextToScan[]> {
  const items: TextToScan[] = [];
  for (const file of new Set([...request.files, ...(request.reads ?? [])])) {
    const content = await readFileText(file, maxFileBytes);
    if (content.ok) items.push({ text: content.text, filePath: file, label: displayPath(request.root, file), source: "file" });
  }
  return items;
}
