import type { Issue } from "../hooks/types";
import type { IamAssistAnswer, IamAssistQuery, IamFinding } from "../iam";
import type { SecretFinding } from "../secrets/engine";
import type { AnalysisInit, AnalysisRequest, AnalysisResult } from "./analysis";
import { BudgetedWorker } from "./budgetedWorker";

type Without<R, K extends keyof R> = Omit<R, K>;
export type SecretsRequest = Without<Extract<AnalysisRequest, { op: "secrets" }>, "op">;
export type IamRequest = Without<Extract<AnalysisRequest, { op: "iam" }>, "op">;
export type HookRequest = Without<Extract<AnalysisRequest, { op: "hook" }>, "op">;
export type IamAssistRequest<Q extends IamAssistQuery> = Without<Extract<AnalysisRequest, { op: "iam-assist" }>, "op" | "query"> & {
  query: Q;
};

/**
 * The analysis worker (dist/scanWorker.js) from the caller's side: secret
 * scans and IAM checks of one text each, and the hook's checks of a request,
 * under a time budget. Rejects as
 * BudgetedWorker does (BudgetExceeded, Superseded, Error).
 */
export class AnalysisWorker {
  private readonly worker: BudgetedWorker<AnalysisRequest, AnalysisResult>;

  constructor(workerFile: string, init: AnalysisInit) {
    this.worker = new BudgetedWorker(workerFile, { workerData: init });
  }

  secrets(request: SecretsRequest, budgetMs: number, key?: string): Promise<SecretFinding[]> {
    return this.worker.run({ op: "secrets", ...request }, budgetMs, key) as Promise<SecretFinding[]>;
  }

  iam(request: IamRequest, budgetMs: number, key?: string): Promise<IamFinding[]> {
    return this.worker.run({ op: "iam", ...request }, budgetMs, key) as Promise<IamFinding[]>;
  }

  /** A hover, completion, fixes or command edits for a policy text (see src/iam/assist.ts). */
  iamAssist<Q extends IamAssistQuery>(request: IamAssistRequest<Q>, budgetMs: number, key?: string): Promise<IamAssistAnswer<Q>> {
    return this.worker.run({ op: "iam-assist", ...request }, budgetMs, key) as Promise<IamAssistAnswer<Q>>;
  }

  /** The hook's checks of a request's texts. */
  hookIssues(request: HookRequest, budgetMs: number): Promise<Issue[]> {
    return this.worker.run({ op: "hook", ...request }, budgetMs) as Promise<Issue[]>;
  }

  /** Workers stopped for running over budget. */
  get restarts(): number {
    return this.worker.restarts;
  }

  /** Configuration files changed: the worker loads every folder's policy again. */
  reset(): void {
    this.worker.reset();
  }

  dispose(): void {
    this.worker.dispose();
  }
}
