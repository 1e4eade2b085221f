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
}

/**
 * Worker threads that read and analyse files in batches. Cancelling stops
 * handing out batches and tells every worker to stop after its current file;
 * the outcomes made until then still arrive.
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

  run(tasks: readonly ScanTask[], onOutcome: (task: ScanTask, outcome: ScanOutcome) => void, signal?: AbortSignal): Promise<void> {
    const queue = toBatches(tasks);
    if (queue.length === 0) return Promise.resolve();
    this.start();
    return new Promise<void>((resolve, reject) => {
      let nextBatch = 0;
      const cleanups: Array<() => void> = [];
      const finish = (error?: unknown) => {
        for (const cleanup of cleanups) cleanup();
        if (error) reject(error);
        else resolve();
      };
      const idle = () => this.slots.every((s) => s.busy.size === 0);
      const dispatch = () => {
        for (const slot of this.slots) {
          while (slot.busy.size < IN_FLIGHT && queue.length > 0) {
            const batch = nextBatch++;
            const request: BatchRequest = { batch, tasks: queue.shift()! };
            slot.busy.set(batch, request.tasks);
            slot.worker.postMessage(request);
          }
        }
        if (queue.length === 0 && idle()) finish();
      };
      const onAbort = () => {
        Atomics.store(new Int32Array(this.cancel), 0, 1);
        queue.length = 0;
        if (idle()) finish();
      };
      for (const slot of this.slots) {
        const onMessage = (reply: BatchReply) => {
          const batchTasks = slot.busy.get(reply.batch);
          slot.busy.delete(reply.batch);
          reply.outcomes.forEach((outcome, i) => onOutcome(batchTasks![i], outcome));
          dispatch();
        };
        const onError = (error: unknown) => finish(error);
        const onExit = (code: number) => finish(new Error(`audit worker stopped (exit code ${code})`));
        slot.worker.on("message", onMessage).on("error", onError).on("exit", onExit);
        cleanups.push(() => slot.worker.off("message", onMessage).off("error", onError).off("exit", onExit));
      }
      if (signal) {
        if (signal.aborted) return onAbort();
        signal.addEventListener("abort", onAbort, { once: true });
        cleanups.push(() => signal.removeEventListener("abort", onAbort));
      }
      dispatch();
    });
  }

  async dispose(): Promise<void> {
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }
}

function toBatches(tasks: readonly ScanTask[]): ScanTask[][] {
  const batches: ScanTask[][] = [];
  let current: ScanTask[] = [];
  let bytes = 0;
  for (const task of tasks) {
    if (current.length > 0 && (current.length >= BATCH_FILES || bytes + task.size > BATCH_BYTES)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(task);
    bytes += task.size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
