/** Messages between a BudgetedWorker and the `serve` loop in its thread. */
export type ToWorker<Request> = { id: number; request: Request } | { reset: true };

/** `started`: the job's own loading is done and its analysis (which its budget measures) begins. */
export type FromWorker<Result> =
  { ready: true } | { id: number; started: true } | { id: number; result: Result } | { id: number; error: string };
