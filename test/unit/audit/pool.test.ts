import * as assert from "node:assert/strict";
import * as path from "node:path";
import { AuditWorkerPool, poolSize, type PoolSize } from "../../../src/audit/pool";
import type { ScanOutcome } from "../../../src/audit/fileAudit";

const TIMED_WORKER = path.join(__dirname, "..", "..", "support", "timedAuditWorker.mjs");

/** Runs `files` tasks through a pool of timed workers; the threads that scanned them. */
async function threadsUsed(size: PoolSize, files: number, worker: { fakeStartMs: number; msPerFile: number }): Promise<Set<string>> {
  const init = { folders: [], maxBytes: 1 << 20, contentHashes: false, iamCatalogFile: "", ...worker };
  const pool = new AuditWorkerPool(TIMED_WORKER, init, size);
  const threads = new Set<string>();
  try {
    const run = pool.open((_task, outcome: ScanOutcome) => {
      if (outcome.status === "skipped") threads.add(outcome.message);
    });
    for (let i = 0; i < files; i++) run.add({ folder: 0, path: `/w/f${i}.ts`, size: 1000 });
    await run.finish();
  } finally {
    await pool.dispose();
  }
  return threads;
}

describe("audit worker pool", function () {
  this.timeout(30000);

  it("leaves a core to the listing, and uses exactly the workers the user asks for", () => {
    assert.deepEqual(poolSize(8), { initial: 7, most: 8 });
    assert.deepEqual(poolSize(2), { initial: 1, most: 2 });
    assert.deepEqual(poolSize(1), { initial: 1, most: 1 });
    assert.deepEqual(poolSize(8, 3), { initial: 3, most: 3 });
  });

  it("adds a worker once the listing is done when the scan left would far outlast starting one", async () => {
    // 400 files of 5 ms: about two seconds for one worker, against a start of 10 ms.
    const threads = await threadsUsed({ initial: 1, most: 2 }, 400, { fakeStartMs: 10, msPerFile: 5 });
    assert.equal(threads.size, 2);
  });

  it("keeps to one worker when starting another would cost more than it saves", async () => {
    // 100 files of 2 ms, against workers that take 5 seconds to start.
    const threads = await threadsUsed({ initial: 1, most: 2 }, 100, { fakeStartMs: 5000, msPerFile: 2 });
    assert.equal(threads.size, 1);
  });
});
