// Why a job given to a BudgetedWorker did not complete. Apart from the
// worker code, so that callers that only need to tell these apart (the hook's
// start-up path) do not load worker_threads.
import { SafeError } from "../shared/errors";

/** The job ran past its budget: the worker was stopped, and a new one takes the next job. */
export class BudgetExceeded extends SafeError {
  constructor(readonly budgetMs: number) {
    super(`took longer than ${budgetMs} ms`);
    this.name = "BudgetExceeded";
  }
}

/** A newer job with the same key came before this one started: it was dropped. */
export class Superseded extends Error {
  constructor() {
    super("superseded by a newer job");
    this.name = "Superseded";
  }
}
