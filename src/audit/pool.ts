import { Worker } from "node:worker_threads";
import type { ScanOutcome, ScanTask } from "./fileAudit";
import { CLOSE_REQUEST, type BatchReply, type BatchRequest, type WorkerInit } from "./protocol";

/** A batch is cut at this many files or bytes: few messages, yet a prompt cancel and smooth progress. */
const BATCH_FILES = 32;
const BATCH_BYTES = 1 << 20;
/** Batches queued per worker, so that none waits for the next one. */
const IN_FLIGHT = 2;
/** How long a finished run waits for a worker to end by itself (writing its code cache) before stopping it. */
const CLOSE_GRACE_MS = 500;

interface Slot {
  worker: Worker;
  busy: Map<number, ScanTask[]>;
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
 */
export class AuditWorkerPool {
  private readonly slots: Slot[] = [];
  private readonly cancel = new SharedArrayBuffer(4);

  constructor(
    private readonly workerFile: string,
    private readonly init: Omit<WorkerInit, "cancel">,
    private readonly size: number,
  ) {}

  /** Starts the workers, so that they load while the caller is still listing files. */
  start(): void {
    if (this.slots.length > 0) return;
    const workerData: WorkerInit = { ...this.init, cancel: this.cancel };
    for (let i = 0; i < Math.max(1, this.size); i++) {
      this.slots.push({ worker: new Worker(this.workerFile, { workerData }), busy: new Map() });
    }
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
          while (slot.busy.size < IN_FLIGHT && pending.length > 0 && (closed || slot.busy.size === 0 || pending.length >= BATCH_FILES || pendingBytes >= BATCH_BYTES)) {
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

    // Listeners go on when the first task comes: a run without tasks never starts a worker.
    let attached = false;
    const attach = () => {
      attached = true;
      this.start();
      for (const slot of this.slots) {
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
        slot.worker.on("message", onMessage).on("error", fail).on("exit", onExit);
        cleanups.push(() => slot.worker.off("message", onMessage).off("error", fail).off("exit", onExit));
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

  /**
   * Stops the workers. After a run that finished, idle workers are asked to
   * end of their own accord, so that a worker whose engines had no code
   * cache yet writes one (terminating skips that); a worker that does not end
   * within CLOSE_GRACE_MS is stopped. After a cancel or a failure they are
   * stopped at once.
   */
  async dispose(graceful = false): Promise<void> {
    await Promise.all(
      this.slots.splice(0).map(async ({ worker }) => {
        if (graceful) {
          const ended = new Promise<boolean>((resolve) => {
            const timer = setTimeout(() => resolve(false), CLOSE_GRACE_MS);
            worker.once("exit", () => {
              clearTimeout(timer);
              resolve(true);
            });
          });
          worker.postMessage(CLOSE_REQUEST);
          if (await ended) return;
        }
        await worker.terminate();
      }),
    );
  }
}
