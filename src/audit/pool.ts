import { Worker } from "node:worker_threads";
import type { ScanOutcome, ScanTask } from "./fileAudit";
import type { BatchReply, BatchRequest, WorkerInit } from "./protocol";

/** A batch is cut at this many files or bytes: few messages, yet a prompt cancel and smooth progress. */
const BATCH_FILES = 32;
const BATCH_BYTES = 1 << 20;
/** Batches queued per worker, so that none waits for the next one. */
const IN_FLIGHT = 2;

interface Slot {
  worker: Worker;
  busy: Map<number, ScanTask[]>;
  /** Written by the worker: [batch, 1 + index of the task it is on, or 0 between tasks]. */
  progress: Int32Array;
  /** The worker's position when the watchdog first saw it there. */
  seen?: { batch: number; index: number; since: number };
}

/** Tasks handed to the workers while files are still being listed. */
export interface PoolRun {
  add(task: ScanTask): void;
  /** No more tasks: resolves once every task added is done, or the run was cancelled. */
  finish(): Promise<void>;
}

/**
 * Worker threads that read and analyse files in batches. Tasks are handed out
 * as they are added: an idle worker gets what is there at once, a busy one
 * full batches. Cancelling stops handing out batches and tells every worker to
 * stop after its current file; the outcomes made until then still arrive.
 * With a time budget per file, a worker that stays on one file longer is
 * terminated and replaced: that file is skipped as "timeout", the rest of its
 * batches go back in the queue.
 */
export class AuditWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly cancel = new SharedArrayBuffer(4);

  constructor(
    private readonly workerFile: string,
    private readonly init: Omit<WorkerInit, "cancel" | "progress">,
    private readonly size: number,
    /** Longest time one file may take; none: no limit. */
    private readonly fileBudgetMs?: number,
  ) {}

  /** Starts the workers, so that they load while the caller is still listing files. */
  start(): void {
    if (this.slots.length > 0) return;
    for (let i = 0; i < Math.max(1, this.size); i++) {
      const progress = new Int32Array(new SharedArrayBuffer(8));
      this.slots.push({ worker: this.newWorker(progress), busy: new Map(), progress });
    }
  }

  private newWorker(progress: Int32Array): Worker {
    const workerData: WorkerInit = { ...this.init, cancel: this.cancel, progress: progress.buffer as SharedArrayBuffer };
    return new Worker(this.workerFile, { workerData });
  }

  open(onOutcome: (task: ScanTask, outcome: ScanOutcome) => void, signal?: AbortSignal): PoolRun {
    const pending: ScanTask[] = [];
    let pendingBytes = 0;
    let nextBatch = 0;
    let closed = false;
    let cancelled = signal?.aborted ?? false;
    let settle: { resolve(): void; reject(error: unknown): void } | undefined;
    let failure: unknown;
    const cleanups: Array<() => void> = [];
    const idle = () => this.slots.every((s) => s.busy.size === 0);

    const takeBatch = (): ScanTask[] => {
      const batch: ScanTask[] = [];
      let bytes = 0;
      while (pending.length > 0 && batch.length < BATCH_FILES && (batch.length === 0 || bytes + pending[0].size <= BATCH_BYTES)) {
        const task = pending.shift()!;
        bytes += task.size;
        batch.push(task);
      }
      pendingBytes -= bytes;
      return batch;
    };
    const done = () => {
      for (const cleanup of cleanups.splice(0)) cleanup();
      if (failure) settle?.reject(failure);
      else settle?.resolve();
    };
    const pump = () => {
      if (failure) {
        if (closed) done();
        return;
      }
      if (!cancelled) {
        for (const slot of this.slots) {
          // A busy worker waits for a full batch while more are being listed; an idle one takes what there is.
          while (
            slot.busy.size < IN_FLIGHT &&
            pending.length > 0 &&
            (closed || slot.busy.size === 0 || pending.length >= BATCH_FILES || pendingBytes >= BATCH_BYTES)
          ) {
            const request: BatchRequest = { batch: nextBatch++, tasks: takeBatch() };
            slot.busy.set(request.batch, request.tasks);
            slot.worker.postMessage(request);
          }
        }
      }
      if (closed && idle() && (cancelled || pending.length === 0)) done();
    };
    const onAbort = () => {
      cancelled = true;
      Atomics.store(new Int32Array(this.cancel), 0, 1);
      pending.length = 0;
      pump();
    };

    const listen = (slot: Slot) => {
      const worker = slot.worker;
      const onMessage = (reply: BatchReply) => {
        const tasks = slot.busy.get(reply.batch);
        // A batch given up on when another worker failed.
        if (!tasks) return;
        slot.busy.delete(reply.batch);
        reply.outcomes.forEach((outcome, i) => onOutcome(tasks[i], outcome));
        pump();
      };
      const fail = (error: unknown) => {
        failure ??= error;
        for (const s of this.slots) s.busy.clear();
        if (closed) done();
      };
      const onExit = (code: number) => fail(new Error(`audit worker stopped (exit code ${code})`));
      worker.on("message", onMessage).on("error", fail).on("exit", onExit);
      const stopListening = () => worker.off("message", onMessage).off("error", fail).off("exit", onExit);
      cleanups.push(stopListening);
      return stopListening;
    };
    const listening = new Map<Slot, () => void>();

    /** The slot's worker spent longer than the budget on one file: skip it, replace the worker, queue the rest again. */
    const overBudget = (slot: Slot, batch: number, index: number) => {
      const timedOut = slot.busy.get(batch)![index];
      const again = [...slot.busy.values()].flat().filter((task) => task !== timedOut);
      slot.busy.clear();
      slot.seen = undefined;
      listening.get(slot)!();
      const stuck = slot.worker;
      stuck.on("error", () => undefined);
      void stuck.terminate();
      slot.progress = new Int32Array(new SharedArrayBuffer(8));
      slot.worker = this.newWorker(slot.progress);
      listening.set(slot, listen(slot));
      onOutcome(timedOut, { status: "skipped", reason: "timeout", message: `took longer than ${this.fileBudgetMs} ms` });
      pending.unshift(...again);
      pendingBytes += again.reduce((n, task) => n + task.size, 0);
      pump();
    };
    const watch = () => {
      const now = Date.now();
      for (const slot of this.slots) {
        const batch = Atomics.load(slot.progress, 0);
        const index = Atomics.load(slot.progress, 1) - 1;
        if (index < 0 || !slot.busy.has(batch)) slot.seen = undefined;
        else if (slot.seen?.batch !== batch || slot.seen.index !== index) slot.seen = { batch, index, since: now };
        else if (now - slot.seen.since > this.fileBudgetMs!) overBudget(slot, batch, index);
      }
    };

    // Listeners go on when the first task comes: a run without tasks never starts a worker.
    let attached = false;
    const attach = () => {
      attached = true;
      this.start();
      for (const slot of this.slots) listening.set(slot, listen(slot));
      if (this.fileBudgetMs !== undefined) {
        const timer = setInterval(watch, Math.min(250, Math.max(10, this.fileBudgetMs / 4)));
        cleanups.push(() => clearInterval(timer));
      }
    };
    if (signal && !cancelled) {
      signal.addEventListener("abort", onAbort, { once: true });
      cleanups.push(() => signal.removeEventListener("abort", onAbort));
    }

    return {
      add: (task) => {
        if (cancelled || failure) return;
        if (!attached) attach();
        pending.push(task);
        pendingBytes += task.size;
        pump();
      },
      finish: () =>
        new Promise<void>((resolve, reject) => {
          settle = { resolve, reject };
          closed = true;
          pump();
        }),
    };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
