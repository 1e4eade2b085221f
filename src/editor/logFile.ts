import * as vscode from "vscode";
import { COMMANDS, registerCommand } from "../commands";
import type { Logger } from "./logger";

/** The name createLogger gives the output channel; VS Code names its file after it. */
const CHANNEL_FILE = "Agent Security.log";

/**
 * "Agent Security: Show Log" opens the output channel. It returns the file
 * VS Code writes the channel to (`<logUri>/<channel name>.log`), so that tests
 * and bug reports can read exactly what the channel shows; `reveal: false`
 * only returns it.
 */
export function registerShowLog(context: vscode.ExtensionContext, logger: Logger): void {
  const file = vscode.Uri.joinPath(context.logUri, CHANNEL_FILE);
  context.subscriptions.push(
    registerCommand(COMMANDS.log.show, (reveal: boolean = true) => {
      if (reveal !== false) logger.show(true);
      return file;
    }),
  );
}

/**
 * Logs how long `activate` ran, measured from `started` (process.hrtime.bigint()
 * at its first line). `npm run bench` reads this line from the log file.
 */
export function logActivationTime(logger: Logger, started: bigint): void {
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  logger.info(`Activated in ${ms.toFixed(2)} ms`);
}
