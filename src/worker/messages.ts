/** Messages between a BudgetedWorker and the `serve` loop in its thread. */
export type ToWorker<Request> = { id: number; request: Request } | { reset: true };

export type FromWorker<Result> = { ready: true } | { id: number; result: Result } | { id: number; error: string };
