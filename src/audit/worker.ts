// Entry of the audit worker threads (bundled as dist/auditWorker.js). Each
// worker holds its own WorkspacePolicy per folder, and with it its own
// secretlint (whose profiler the engine switches off, as in every process).
import { parentPort, workerData } from "node:worker_threads";
import type { IamCatalog } from "../iam";
import { WorkspacePolicy } from "../scan/workspacePolicy";
import { auditAnalyzers, loadIamEngine, type FileAnalyzer } from "./analyzers";
import { scanFile, type ScanOutcome } from "./fileAudit";
import type { BatchReply, WorkerInit, WorkerRequest } from "./protocol";

const init = workerData as WorkerInit;
const cancelled = new Int32Array(init.cancel);
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

parentPort!.on("message", async (request: WorkerRequest) => {
  if ("close" in request) return parentPort!.close();
  const outcomes: ScanOutcome[] = [];
  for (const task of request.tasks) {
    // Checked between files, so that a cancel stops within one file's scan.
    if (Atomics.load(cancelled, 0) !== 0) break;
    outcomes.push(await scanFile(await policyFor(task.folder), analyzers[task.folder], task, init.maxBytes, init.contentHashes));
  }
  const reply: BatchReply = { batch: request.batch, outcomes };
  parentPort!.postMessage(reply);
});
