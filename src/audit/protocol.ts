import type { AnalyzerSettings } from "./analyzers";
import type { ScanOutcome, ScanTask } from "./fileAudit";

/** What every audit worker is started with. */
export interface WorkerInit {
  folders: Array<{ root: string; exclude: readonly string[]; analyzers: AnalyzerSettings }>;
  maxBytes: number;
  /** Whether outcomes carry content hashes: only an audit that keeps a cache needs them. */
  contentHashes: boolean;
  /** The IAM action catalogue (dist/iam-catalog.json). */
  iamCatalogFile: string;
  /** One Int32: set to 1 to make every worker stop after the file it is on. */
  cancel: SharedArrayBuffer;
  /**
   * This worker's Int32s: the batch and 1 + the index of the task it is on (0 between tasks), for the pool's time budget;
   * then the milliseconds from its start to its first analysis (0 before), its start-up cost, for the pool's size.
   */
  progress: SharedArrayBuffer;
  /** When the pool started this worker (Date.now()). */
  startedAt: number;
}

export interface BatchRequest {
  batch: number;
  tasks: ScanTask[];
}

/** Outcomes in task order; fewer than the tasks when the audit was cancelled. */
export interface BatchReply {
  batch: number;
  outcomes: ScanOutcome[];
}
