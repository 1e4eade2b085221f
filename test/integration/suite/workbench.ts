// Asks the launcher (test/integration/pageRequests.mjs) for what only the
// browser sees: the notifications the workbench shows, the HTML of webviews.
import { existsSync, readFileSync, rmSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** False under a launcher without a page to read (the desktop Electron runner). */
export const canAskWorkbench = process.env.AGENT_SECURITY_IT_PAGE_REQUESTS === "1";

let requests = 0;

export async function askWorkbench<T>(what: "notifications" | "webviews", timeoutMs = 30_000): Promise<T> {
  const out = path.join(os.tmpdir(), `agent-security-page-${process.pid}-${++requests}.json`);
  console.log(`${process.env.AGENT_SECURITY_IT_LOG_MARKER ?? ""}page-request ${JSON.stringify({ what, out })}`);
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(out)) {
    if (Date.now() > deadline) throw new Error(`the launcher did not answer the page request "${what}"`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const answer = JSON.parse(readFileSync(out, "utf8"));
  rmSync(out, { force: true });
  if (answer && typeof answer === "object" && "error" in answer) throw new Error(`page request "${what}": ${answer.error}`);
  return answer as T;
}
