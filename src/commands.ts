import * as vscode from "vscode";
import type { Logger } from "./editor/logger";
import { describeError, SafeError } from "./shared/errors";

/**
 * Every command the extension registers, named `agentSecurity.<feature>.<verb>`.
 * package.json contributes each of them (a unit test checks that the two agree);
 * code refers to them only through this table.
 */
export const COMMANDS = {
  audit: {
    run: "agentSecurity.audit.run",
    showReport: "agentSecurity.audit.showReport",
    cancel: "agentSecurity.audit.cancel",
    applyFix: "agentSecurity.audit.applyFix",
    openFinding: "agentSecurity.audit.openFinding",
    export: "agentSecurity.audit.export",
    /** The report's state, for tests. */
    reportState: "agentSecurity.audit.reportState",
  },
  aws: {
    storeSecret: "agentSecurity.aws.storeSecret",
  },
  findings: {
    show: "agentSecurity.findings.show",
    recordSuppression: "agentSecurity.findings.recordSuppression",
  },
  hooks: {
    install: "agentSecurity.hooks.install",
    remove: "agentSecurity.hooks.remove",
    recentAlerts: "agentSecurity.hooks.recentAlerts",
  },
  iam: {
    replaceWithActions: "agentSecurity.iam.replaceWithActions",
    replaceNotAction: "agentSecurity.iam.replaceNotAction",
  },
  log: {
    show: "agentSecurity.log.show",
  },
  secrets: {
    scanSelection: "agentSecurity.secrets.scanSelection",
    scanClipboard: "agentSecurity.secrets.scanClipboard",
  },
} as const;

type Table = typeof COMMANDS;
export type CommandId = { [F in keyof Table]: Table[F][keyof Table[F]] }[keyof Table];

let failureLog: Logger | undefined;

/** Where command failures are logged; activation sets it before registering anything. */
export function logCommandFailuresTo(logger: Logger): void {
  failureLog = logger;
}

/**
 * Registers a command whose failures are logged (through describeError, which
 * never quotes input, so no secret reaches the log) and shown as a plain
 * message, instead of an error text that could quote a file. The command then
 * returns undefined.
 */
export function registerCommand<Args extends unknown[], Result>(id: CommandId, handler: (...args: Args) => Result): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (...args: Args) => {
    try {
      return await handler(...args);
    } catch (error) {
      failureLog?.error(`${id} failed: ${describeError(error)}`);
      const detail = error instanceof SafeError ? ` ${error.message}` : " Details are in the log (Agent Security: Show Log).";
      void vscode.window.showErrorMessage(`Agent Security: the command failed.${detail}`);
      return undefined;
    }
  });
}
