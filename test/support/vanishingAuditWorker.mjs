// An audit worker that, just before it reads a batch, changes every file named
// vanish-* the way its name says: the audit listed a regular file and the
// worker meets a folder, a dangling link, a link loop, a FIFO or nothing.
// (Taking the read permission away would not do: root reads anything.)
import { execFileSync } from "node:child_process";
import { mkdirSync, rmSync, symlinkSync } from "node:fs";
import * as path from "node:path";
import { parentPort } from "node:worker_threads";
import { register } from "tsx/esm/api";

const CHANGES = {
  "vanish-deleted.txt": () => {},
  "vanish-folder.txt": (file) => mkdirSync(file),
  "vanish-dangling.txt": (file) => symlinkSync("nowhere", file),
  "vanish-loop.txt": (file) => symlinkSync(path.basename(file), file),
  "vanish-fifo.txt": (file) => execFileSync("mkfifo", [file]),
};

const on = parentPort.on.bind(parentPort);
parentPort.on = (event, listener) =>
  on(
    event,
    event !== "message"
      ? listener
      : (request) => {
          for (const task of request.tasks) {
            const change = CHANGES[path.basename(task.path)];
            if (!change) continue;
            rmSync(task.path);
            change(task.path);
          }
          return listener(request);
        },
  );

register();
await import("../../src/audit/worker.ts");
