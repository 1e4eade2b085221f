import { Worker } from "node:worker_threads";
import type { ScanOutcome, ScanTask } from "./fileAudit";
import type { BatchReply, BatchRequest, WorkerInit } from "./protocol";

/** A batch is cut at this many files or bytes: few messages, yet a prompt cancel and smooth progress. */
const BATCH_FILES = 32;
const BATCH_BYTES = 1 << 20;
/**
 * Batches queued per worker, so that none waits for the next one: a blocking
 * listing gives the event loop a turn only every 10 ms (walker.ts), longer
 * than two batches of small files take.
 */
const IN_FLIGHT = 8;

interface Slot {
  worker: Worker;
  busy: Map<number, ScanTask[]>;
  /** Written by the worker: [batch, 1 + index of the task it is on, or 0 between tasks, its start-up ms] (see WorkerInit). */
  progress: Int32Array;
  /** The worker's position when the watchdog first saw it there. */
  seen?: { batch: number; index: number; since: number };
}

/**
 * How many workers. Each costs a start (Node, the engines' bundles, their
 * tables) before it scans anything, and while files are being listed the
 * thread listing them needs a core of its own; so an audit starts with
 * `initial` and adds workers up to `most` once the listing is done, when
 * what is left to scan would outlast a worker's start by far.
 */
export interface PoolSize {
  initial: number;
  most: number;
}

/** The size for this many cores, or exactly `workers` when the user says how many. */
export function poolSize(cores: number, workers?: number): PoolSize {
  if (workers !== undefined) return { initial: workers, most: workers };
  return { initial: Math.max(1, cores - 1), most: Math.max(1, cores) };
}

const PROGRESS_BYTES = 3 * Int32Array.BYTES_PER_ELEMENT;
/**
 * More workers start only when the scan left would take this many times a
 * worker's start: while it starts and its code is still cold, a new worker
 * also slows the others (its compiler and collector threads share the
 * cores), by about as much again; measured on two cores, one more worker
 * for a second's scan left made the audit slower.
 */
const GROW_FACTOR = 6;

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
 * batches go back in the queue. See PoolSize for how many workers run.
 */
export class AuditWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly cancel = new SharedArrayBuffer(4);

  constructor(
    private readonly workerFile: string,
    private readonly init: Omit<WorkerInit, "cancel" | "progress" | "startedAt">,
    private readonly size: PoolSize,
    /** Longest time one file may take; none: no limit. */
    private readonly fileBudgetMs?: number,
  ) {}

  /** Starts the workers, so that they load while the caller is still listing files. */
  start(): void {
    if (this.slots.length > 0) return;
    for (let i = 0; i < Math.max(1, this.size.initial); i++) this.addSlot();
  }

  private addSlot(): Slot {
    const progress = new Int32Array(new SharedArrayBuffer(PROGRESS_BYTES));
    const slot: Slot = { worker: this.newWorker(progress), busy: new Map(), progress };
    this.slots.push(slot);
    return slot;
  }

  private newWorker(progress: Int32Array): Worker {
    const workerData: WorkerInit = {
      ...this.init,
      cancel: this.cancel,
      progress: progress.buffer as SharedArrayBuffer,
      startedAt: Date.now(),
    };
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
    // The workers' speed so far: the bytes scanned since the first reply.
    let firstReplyAt: number | undefined;
    let bytesSinceFirstReply = 0;

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
    /** Once the listing is done: more workers, when the scan left at the speed seen so far would take far longer than starting one. */
    const grow = () => {
      if (!closed || cancelled || failure || this.slots.length >= this.size.most || firstReplyAt === undefined) return;
      const elapsed = performance.now() - firstReplyAt;
      if (bytesSinceFirstReply === 0 || elapsed <= 0) return;
      let left = pendingBytes;
      for (const slot of this.slots) for (const tasks of slot.busy.values()) for (const task of tasks) left += task.size;
      const leftMs = left / (bytesSinceFirstReply / elapsed);
      const startCostMs = Math.max(...this.slots.map((slot) => Atomics.load(slot.progress, 2)));
      if (leftMs <= GROW_FACTOR * startCostMs) return;
      while (this.slots.length < this.size.most) {
        const slot = this.addSlot();
        listening.set(slot, listen(slot));
      }
      pump();
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
        const now = performance.now();
        if (firstReplyAt === undefined) firstReplyAt = now;
        else bytesSinceFirstReply += tasks.reduce((n, task) => n + task.size, 0);
        reply.outcomes.forEach((outcome, i) => onOutcome(tasks[i], outcome));
        grow();
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
      slot.progress = new Int32Array(new SharedArrayBuffer(PROGRESS_BYTES));
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
          grow();
          pump();
        }),
    };
  }

  async dispose(): Promise<void> {
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}
