// Entry of the audit worker threads (bundled as dist/auditWorker.js). Each
// worker holds its own WorkspacePolicy per folder, and with it its own
// secretlint (whose profiler the engine switches off, as in every process).
import { parentPort, workerData } from "node:worker_threads";
import { writeCodeCaches } from "../shared/bundleCache";
import type { IamCatalog } from "../iam";
import { WorkspacePolicy } from "../scan/workspacePolicy";
import { auditAnalyzers, loadIamEngine, type FileAnalyzer } from "./analyzers";
import { scanFile, type ScanOutcome } from "./fileAudit";
import type { BatchReply, BatchRequest, WorkerInit } from "./protocol";

const init = workerData as WorkerInit;
const cancelled = new Int32Array(init.cancel);
const progress = new Int32Array(init.progress);
const policies = new Map<number, Promise<WorkspacePolicy>>();
let catalog: Promise<IamCatalog> | undefined;
const iamCatalog = () => (catalog ??= loadIamEngine().then((iam) => iam.loadIamCatalog(init.iamCatalogFile)));
const analyzers = init.folders.map((f): FileAnalyzer[] => auditAnalyzers(f.analyzers, iamCatalog));

function policyFor(folder: number): Promise<WorkspacePolicy> {
  let policy = policies.get(folder);
  if (!policy) {
    const { root, exclude } = init.folders[folder];
    policy = WorkspacePolicy.load(root, exclude);
    policies.set(folder, policy);
  }
  return policy;
}

async function scanBatch(request: BatchRequest): Promise<void> {
  const outcomes: ScanOutcome[] = [];
  for (const [index, task] of request.tasks.entries()) {
    // Checked between files, so that a cancel stops within one file's scan.
    if (Atomics.load(cancelled, 0) !== 0) break;
    // The pool's time budget watches this progress: it is marked once the folder's configuration and
    // what the analyzers need are loaded, so that a worker started after a timeout is not charged for that.
    const policy = await policyFor(task.folder);
    const outcome = await scanFile(policy, analyzers[task.folder], task, init.maxBytes, init.contentHashes, () => {
      Atomics.store(progress, 0, request.batch);
      Atomics.store(progress, 1, index + 1);
      if (Atomics.load(progress, 2) === 0) Atomics.store(progress, 2, Math.max(1, Date.now() - init.startedAt));
    });
    outcomes.push(outcome);
    Atomics.store(progress, 1, 0);
  }
  const reply: BatchReply = { batch: request.batch, outcomes };
  parentPort!.postMessage(reply);
  // The engines' code caches, once, with what the first batch compiled: the pool terminates its workers.
  writeCodeCaches();
}

// One batch after the other, so that the progress the pool watches is one file's.
let batches = Promise.resolve();
parentPort!.on("message", (request: BatchRequest) => {
  batches = batches.then(() => scanBatch(request));
});
