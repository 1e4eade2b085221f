import { Worker } from "node:worker_threads";
import { describeError } from "../shared/errors";
import { BudgetExceeded, Superseded } from "./errors";
import type { FromWorker, ToWorker } from "./messages";

interface Job<Request, Result> {
  request: Request;
  budgetMs: number;
  key?: string;
  resolve(result: Result): void;
  reject(error: Error): void;
}

export interface BudgetedWorkerOptions {
  workerData?: unknown;
  /** A worker that has not said it is ready, or a job that has not loaded, after this long is given up (the worker stays stopped until the next job). */
  startTimeoutMs?: number;
}

/**
 * One long-lived worker thread that runs jobs one at a time, each under a
 * time budget. The budget counts from when the worker starts the job's
 * analysis: not from when it was queued, not the worker's start-up (loading
 * secretlint; a new worker first says it is ready), and not what the job
 * loads first (a folder's configuration, the IAM catalogue; the worker says
 * when that is done), which a worker started after a timeout loads again. A job over budget is abandoned by
 * terminating the worker, which V8 does even in the middle of a regular
 * expression; the next job starts a fresh one. The worker does not keep a
 * process alive on its own: a job does, through its timer.
 */
export class BudgetedWorker<Request, Result> {
  private worker: Worker | undefined;
  private ready = false;
  private startTimer: NodeJS.Timeout | undefined;
  private readonly queue: Job<Request, Result>[] = [];
  private current: { id: number; job: Job<Request, Result>; timer: NodeJS.Timeout } | undefined;
  private nextId = 1;
  /** Workers stopped for running over budget. */
  restarts = 0;

  constructor(
    private readonly file: string,
    private readonly options: BudgetedWorkerOptions = {},
  ) {}

  /**
   * Runs a job. Rejects with BudgetExceeded past the budget, with Superseded
   * when a later job with the same `key` replaced it in the queue, and with
   * an Error when the worker failed.
   */
  run(request: Request, budgetMs: number, key?: string): Promise<Result> {
    return new Promise<Result>((resolve, reject) => {
      if (key !== undefined) {
        const index = this.queue.findIndex((j) => j.key === key);
        if (index >= 0) this.queue.splice(index, 1)[0].reject(new Superseded());
      }
      this.queue.push({ request, budgetMs, key, resolve, reject });
      this.pump();
    });
  }

  /** Tells the running worker to forget what it cached; a new worker starts empty anyway. */
  reset(): void {
    this.worker?.postMessage({ reset: true } satisfies ToWorker<Request>);
  }

  dispose(): void {
    for (const job of this.queue.splice(0)) job.reject(new Error("the worker was disposed"));
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.job.reject(new Error("the worker was disposed"));
      this.current = undefined;
    }
    this.stop();
  }

  private pump(): void {
    if (this.current || this.queue.length === 0) return;
    if (!this.worker) this.start();
    if (!this.ready) return;
    const job = this.queue.shift()!;
    const id = this.nextId++;
    const worker = this.worker!;
    this.current = {
      id,
      job,
      timer: setTimeout(() => this.onFailure(worker, `did not load within ${this.loadTimeoutMs / 1000} s`), this.loadTimeoutMs),
    };
    worker.postMessage({ id, request: job.request } satisfies ToWorker<Request>);
  }

  private start(): void {
    const worker = new Worker(this.file, { workerData: this.options.workerData });
    worker.unref();
    this.worker = worker;
    this.ready = false;
    worker.on("message", (message: FromWorker<Result>) => this.onMessage(worker, message));
    worker.on("error", (error) => this.onFailure(worker, describeError(error)));
    worker.on("exit", (code) => this.onFailure(worker, `exit code ${code}`));
    this.startTimer = setTimeout(() => this.onFailure(worker, `not ready after ${this.loadTimeoutMs / 1000} s`), this.loadTimeoutMs);
  }

  private get loadTimeoutMs(): number {
    return this.options.startTimeoutMs ?? 60_000;
  }

  private onMessage(worker: Worker, message: FromWorker<Result>): void {
    if (worker !== this.worker) return;
    if ("ready" in message) {
      clearTimeout(this.startTimer);
      this.ready = true;
      this.pump();
      return;
    }
    if (!this.current || message.id !== this.current.id) return;
    if ("started" in message) {
      const id = message.id;
      clearTimeout(this.current.timer);
      this.current.timer = setTimeout(() => this.overBudget(id), this.current.job.budgetMs);
      return;
    }
    const { job, timer } = this.current;
    clearTimeout(timer);
    this.current = undefined;
    if ("error" in message) job.reject(new Error(message.error));
    else job.resolve(message.result);
    this.pump();
  }

  private overBudget(id: number): void {
    if (this.current?.id !== id) return;
    const { job } = this.current;
    this.current = undefined;
    this.restarts++;
    this.stop();
    job.reject(new BudgetExceeded(job.budgetMs));
    this.pump();
  }

  private onFailure(worker: Worker, why: string): void {
    if (worker !== this.worker) return;
    const wasReady = this.ready;
    this.stop();
    const error = new Error(`the analysis worker stopped (${why})`);
    if (this.current) {
      clearTimeout(this.current.timer);
      this.current.job.reject(error);
      this.current = undefined;
    }
    // A worker that cannot even start would fail every job the same way: fail them all now.
    if (!wasReady) for (const job of this.queue.splice(0)) job.reject(error);
    this.pump();
  }

  private stop(): void {
    clearTimeout(this.startTimer);
    const worker = this.worker;
    this.worker = undefined;
    this.ready = false;
    if (!worker) return;
    worker.removeAllListeners();
    // A terminated worker may still report an error while it goes; nobody listens any more.
    worker.on("error", () => undefined);
    void worker.terminate();
  }
}
