import * as path from "node:path";
import { settingDefaults } from "../shared/settingDefaults";
import { BudgetExceeded } from "../worker/errors";

/** The analysis worker next to the CLI bundles. */
export const WORKER_FILE = path.join(__dirname, "scanWorker.js");

/**
 * `--scan-timeout MS` as a number, or the reason it is not one. Without it, the longest one file's
 * analysis may take is the editor's (agentSecurity.scanTimeoutMs's default).
 */
export function parseScanTimeout(value: string | undefined): number | { error: string } {
  if (value === undefined) return settingDefaults().scanTimeoutMs;
  const ms = Number(value);
  return ms > 0 ? ms : { error: "--scan-timeout must be a positive number of milliseconds" };
}

/**
 * One file's analysis in the worker: its result, or undefined after saying on
 * `stderr` that it was stopped at the budget.
 */
export async function withinScanBudget<T>(file: string, stderr: (text: string) => void, analysis: Promise<T>): Promise<T | undefined> {
  try {
    return await analysis;
  } catch (error) {
    if (!(error instanceof BudgetExceeded)) throw error;
    stderr(`${file}: cannot check: ${error.message} (--scan-timeout)\n`);
    return undefined;
  }
}
