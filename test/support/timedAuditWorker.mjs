// An audit worker that reports a start-up cost it is told (workerData.fakeStartMs)
// and spends workerData.msPerFile on each file, answering every file with its
// thread id: for the tests of how many workers the pool runs.
import { parentPort, threadId, workerData } from "node:worker_threads";

const progress = new Int32Array(workerData.progress);
parentPort.on("message", ({ batch, tasks }) => {
  for (const [index] of tasks.entries()) {
    Atomics.store(progress, 0, batch);
    Atomics.store(progress, 1, index + 1);
    if (Atomics.load(progress, 2) === 0) Atomics.store(progress, 2, workerData.fakeStartMs);
    const until = performance.now() + workerData.msPerFile;
    while (performance.now() < until);
  }
  Atomics.store(progress, 1, 0);
  parentPort.postMessage({ batch, outcomes: tasks.map(() => ({ status: "skipped", reason: "error", message: String(threadId) })) });
});
