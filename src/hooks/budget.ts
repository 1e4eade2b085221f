import { existsSync } from "node:fs";
import * as path from "node:path";
import { BudgetExceeded } from "../worker/errors";
import type { HookStage, Issue, TextToScan } from "./types";

/** How long the hook may take to read and check what a request names, unless `--timeout` says otherwise. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** More text than this in one request is checked in a worker thread, which can be stopped. */
export const LARGE_TEXT = 256 * 1024;

/** The secretlint configuration files WorkspacePolicy reads; their rule options hold the workspace's own regular expressions. */
const SECRETLINT_CONFIGS = [".secretlintrc.json", ".secretlintrc", ".secretlintrc.yaml", ".secretlintrc.yml"];

/**
 * True when checking these texts could take long: a lot of text, or a folder
 * with its own secretlint configuration (an `allows` pattern there can
 * backtrack without end). Anything else is checked in the hook's own
 * process, as fast as it starts: the bundled rules run in linear time on
 * the bounded rest.
 */
export function mightTakeLong(items: readonly TextToScan[], root: string): boolean {
  const length = items.reduce((n, item) => n + item.text.length, 0);
  return length > LARGE_TEXT || SECRETLINT_CONFIGS.some((name) => existsSync(path.join(root, name)));
}

/**
 * Runs `work` under a time budget: rejects with BudgetExceeded once
 * `budgetMs` have passed. `work` gets the deadline, to hand on what is left.
 */
export function withinBudget<T>(budgetMs: number, work: (deadline: number) => Promise<T>): Promise<T> {
  const deadline = Date.now() + budgetMs;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new BudgetExceeded(budgetMs)), budgetMs);
    work(deadline).then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** The request's checks in the analysis worker, which is stopped at the deadline. */
export async function checkInWorker(
  root: string,
  stage: HookStage,
  items: TextToScan[],
  workerFile: string,
  deadline: number,
): Promise<Issue[]> {
  // Loaded only here: most hooks never start a worker.
  const { AnalysisWorker } = await import("../worker/analysisWorker");
  const worker = new AnalysisWorker(workerFile, {});
  try {
    return await worker.hookIssues({ root, stage, items }, Math.max(1, deadline - Date.now()));
  } finally {
    worker.dispose();
  }
}
