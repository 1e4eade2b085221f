// The audit worker, leaving a file when its thread ends by itself: exit
// handlers (where code caches are written) do not run when a worker is
// terminated.
import { appendFileSync } from "node:fs";
import { threadId } from "node:worker_threads";
import { register } from "tsx/esm/api";

register();
process.once("exit", () => appendFileSync(process.env.AUDIT_WORKER_EXIT_MARKS, `${threadId}\n`));
await import("../../../src/audit/worker.ts");
