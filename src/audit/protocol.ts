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
}

export interface BatchRequest {
  batch: number;
  tasks: ScanTask[];
}

/** Asks an idle worker to end of its own accord, which lets it write its code cache (see src/cli/bundleCache.ts). */
export const CLOSE_REQUEST = { close: true } as const;

export type WorkerRequest = BatchRequest | typeof CLOSE_REQUEST;

/** Outcomes in task order; fewer than the tasks when the audit was cancelled. */
export interface BatchReply {
  batch: number;
  outcomes: ScanOutcome[];
}
