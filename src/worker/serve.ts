import type { MessagePort } from "node:worker_threads";
import { writeCodeCaches } from "../shared/bundleCache";
import { describeError } from "../shared/errors";
import type { FromWorker, ToWorker } from "./messages";

export interface Service<Request, Result> {
  /** Loads what every job needs, before the worker says it is ready (start-up does not count against a budget). */
  prepare(): Promise<void>;
  /** Loads what this job needs (a folder's configuration, a catalogue) before its budget starts. */
  load?(request: Request): Promise<void>;
  handle(request: Request): Promise<Result>;
  /** Forgets what was cached (configuration files changed). */
  reset(): void;
}

/** The worker side of a BudgetedWorker: jobs one at a time, errors in words that quote no input. */
export function serve<Request, Result>(port: MessagePort, service: Service<Request, Result>): void {
  let queue = Promise.resolve();
  port.on("message", (message: ToWorker<Request>) => {
    if ("reset" in message) {
      service.reset();
      return;
    }
    queue = queue.then(async () => {
      let reply: FromWorker<Result>;
      try {
        await service.load?.(message.request);
        port.postMessage({ id: message.id, started: true } satisfies FromWorker<Result>);
        reply = { id: message.id, result: await service.handle(message.request) };
      } catch (error) {
        reply = { id: message.id, error: describeError(error) };
      }
      port.postMessage(reply);
      // The engines' code caches, once, with what the first job compiled: the host terminates its workers.
      writeCodeCaches();
    });
  });
  // A failed start rejects unhandled, which ends the thread: the host reports it.
  void service.prepare().then(() => port.postMessage({ ready: true } satisfies FromWorker<Result>));
}
