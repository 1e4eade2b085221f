import * as vscode from "vscode";
import { SECRETS_ANALYZER_ID, type DocumentScans } from "../../editor/documentScans";
import { fixContextFor } from "../../editor/fixActions";
import type { Logger } from "../../editor/logger";
import { lookupFix, suggestSecretName, type FixContext, type SecretStore } from "../../secrets/fixes";
import type { SecretFinding } from "../../secrets/engine";
import { describeError } from "../../shared/errors";
import { fingerprint } from "../../shared/mask";
import { setting, settingsQuery } from "../../settings";
import { AwsStoreError, type AwsProblem, type AwsProblemCode } from "../errors";
import { checkEndpoint, checkKmsKeyId, checkProfile, checkRegion, checkSecretName, checkStorableValue, parseTags } from "../inputs";
import { relocateValue } from "../literal";
import { loadAwsSdk } from "../loadSdk";
import { readStoreOptions, type StoreOptions } from "../options";
import { askDetails, askName, askOnExists, SERVICE_NAMES, type StoreDetails } from "./prompts";
import { addVersion, createSecret, describeExisting, type Connection, type StoredSecret } from "../store";

/** Which finding to store: where it was and what it was, without its value. */
export interface SecretRef {
  offset: number;
  length: number;
  fingerprint: string;
  ruleId: string;
  messageId: string;
  kind: string;
}

/** What the command did, for callers that run it programmatically (tests, other commands). */
export type StoreCommandResult =
  | (StoredSecret & {
      outcome: "stored";
      /** True when the literal in the file was replaced by its lookup. */
      replaced: boolean;
    })
  | { outcome: "cancelled" }
  | { outcome: "failed"; code: string; message: string };

interface Deps {
  scans: DocumentScans;
  logger: Logger;
}

/** A failure found before any AWS call, in the same shape as AWS's. */
function problem(code: AwsProblemCode, message: string, settingsMayHelp = false): AwsProblem {
  return { code, message, settingsMayHelp };
}

/**
 * Stores the secret at `ref` in AWS and, only once AWS has confirmed, replaces
 * the literal by a lookup of it, as one undoable edit. On any failure the
 * document is left as it was and the reason is shown. The value goes from
 * the buffer into the SDK request and nowhere else.
 */
export async function storeSecretInAws(
  deps: Deps,
  uri: vscode.Uri,
  ref: SecretRef,
  store: SecretStore,
  rawOptions?: unknown,
): Promise<StoreCommandResult> {
  const service = SERVICE_NAMES[store];
  const fail = (p: AwsProblem): StoreCommandResult => {
    deps.logger.warn(
      `Store in ${service} failed: ${p.code}${p.awsError ? ` (${p.awsError})` : ""}${p.requestId ? `, request id ${p.requestId}` : ""}`,
    );
    showProblem(deps.logger, p);
    return { outcome: "failed", code: p.code, message: p.message };
  };
  try {
    if (!vscode.workspace.isTrusted)
      return fail(problem("untrusted", "AWS actions are off in untrusted workspaces. Trust this workspace to store secrets in AWS."));
    let options: StoreOptions | undefined;
    if (rawOptions !== undefined) {
      const read = readStoreOptions(rawOptions);
      if (typeof read === "string") return fail(problem("badOptions", read));
      options = read;
    }

    const document = await vscode.workspace.openTextDocument(uri);
    const found = locate(deps.scans, document, ref);
    if (!found) return fail(problem("moved", "The secret is no longer where the quick fix found it. Ask for the quick fix again."));
    const { value, offset } = found;
    const notStorable = checkStorableValue(value, store);
    if (notStorable) return fail(problem("notStorable", notStorable.message));
    const fixContext = fixContextFor(document, { ...ref, offset });
    if (!lookupFix(fixContext, store))
      return fail(problem("noLookup", `There is no ${service} lookup for a secret at this place in the file.`));

    const endpoint = setting("aws.endpoint").trim() || undefined;
    const badEndpoint = endpoint ? checkEndpoint(endpoint) : undefined;
    if (badEndpoint) return fail(problem("endpoint", badEndpoint.message, true));

    const sdk = await loadAwsSdk();
    const defaults = {
      name: suggestSecretName(fixContext, store),
      profile: setting("aws.profile", uri).trim() || process.env.AWS_PROFILE || "",
      kmsKeyId: setting("aws.kmsKeyId", uri).trim(),
      region: async (profile: string | undefined) =>
        setting("aws.region", uri).trim() || ((await sdk.defaultRegion(profile).catch(() => undefined)) ?? ""),
      profiles: () => sdk.listProfiles().catch(() => []),
    };
    const details = options ? await detailsFromOptions(options, defaults, store) : await askDetails(store, defaults);
    if (details === undefined) return { outcome: "cancelled" };
    if (typeof details === "string") return fail(problem("badInput", details, true));

    const connection: Connection = { region: details.region, profile: details.profile, endpoint };
    const stored = await storeWithConsent(store, connection, details, value, fixContext.relativePath, options);
    if (stored === undefined) return { outcome: "cancelled" };

    const replaced = await replaceLiteral(document.uri, value, offset, ref, store, stored.name);
    report(deps.logger, stored, connection, replaced, document);
    return { outcome: "stored", ...stored, replaced };
  } catch (error) {
    if (error instanceof AwsStoreError) {
      if (error.problem.code !== "cancelled") return fail(error.problem);
      void vscode.window.showInformationMessage(error.problem.message);
      return { outcome: "cancelled" };
    }
    deps.logger.error(`Store in ${service}: unexpected ${describeError(error)}`);
    return fail(
      problem(
        "unexpected",
        `Storing the secret in ${service} failed unexpectedly; the document is unchanged. The Agent Security log has details.`,
      ),
    );
  }
}

/** The value at `ref` if it is still there; otherwise where the latest scan saw the same value. */
function locate(scans: DocumentScans, document: vscode.TextDocument, ref: SecretRef): { value: string; offset: number } | undefined {
  const text = document.getText();
  const at = (offset: number) => text.slice(offset, offset + ref.length);
  if (fingerprint(at(ref.offset)) === ref.fingerprint) return { value: at(ref.offset), offset: ref.offset };
  const record = scans.record<SecretFinding>(SECRETS_ANALYZER_ID, document.uri);
  if (!record || record.version !== document.version) return undefined;
  const moved = record.findings.find((f) => f.fingerprint === ref.fingerprint && f.length === ref.length);
  return moved ? { value: at(moved.offset), offset: moved.offset } : undefined;
}

type Defaults = Parameters<typeof askDetails>[1];

/** The options argument in place of the input boxes, checked the same way. */
async function detailsFromOptions(options: StoreOptions, defaults: Defaults, store: SecretStore): Promise<StoreDetails | string> {
  const name = options.secretName ?? defaults.name;
  const profile = (options.profile ?? defaults.profile) || undefined;
  const region = options.region ?? (await defaults.region(profile));
  const kmsKeyId = (options.kmsKeyId ?? defaults.kmsKeyId) || undefined;
  const tags = parseTags(options.tags ?? "");
  const problems = [
    checkSecretName(name, store),
    checkProfile(profile ?? ""),
    checkRegion(region),
    checkKmsKeyId(kmsKeyId ?? ""),
    "problem" in tags ? tags.problem : undefined,
  ];
  const blocking = problems.find((p) => p && !p.warning);
  if (blocking) return blocking.message;
  return { name, profile, region, kmsKeyId, tags: "tags" in tags ? tags.tags : [] };
}

/**
 * Creates the secret; when the name is taken, adds a version only with the
 * user's (or the options') consent, or asks for another name.
 */
async function storeWithConsent(
  store: SecretStore,
  connection: Connection,
  details: StoreDetails,
  value: string,
  sourcePath: string | undefined,
  options: StoreOptions | undefined,
): Promise<StoredSecret | undefined> {
  const service = SERVICE_NAMES[store];
  let name = details.name;
  for (;;) {
    const request = { store, name, value, kmsKeyId: details.kmsKeyId, tags: details.tags, sourcePath };
    const created = await withProgress(`Storing ${name} in ${service} (${connection.region})…`, (signal) =>
      createSecret(connection, request, signal),
    );
    if (created.kind === "stored") return created.stored;
    let decision: "newVersion" | "rename" | undefined;
    if (options) {
      decision = options.onExists === "newVersion" ? "newVersion" : undefined;
      if (!decision) {
        void vscode.window.showInformationMessage(`${name} already exists in ${service} (${connection.region}); nothing was changed.`);
        return undefined;
      }
    } else {
      const existing = await describeExisting(connection, request);
      decision = await askOnExists(store, { ...details, name }, existing);
    }
    if (decision === undefined) return undefined;
    if (decision === "newVersion") {
      return withProgress(`Adding a version to ${name} in ${service}…`, (signal) => addVersion(connection, request, signal));
    }
    const another = await askName(store, name);
    if (another === undefined) return undefined;
    name = another;
  }
}

function withProgress<T>(title: string, run: (signal: AbortSignal) => Promise<T>): Thenable<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return run(abort.signal);
  });
}

/**
 * The lookup edit, as the plain quick fix makes it but with the chosen name,
 * applied as one undoable edit. The text may have changed while AWS was
 * asked: the literal is then found again by its value, and an edit that
 * raced another change (VS Code rejects edits to a changed version) is
 * recomputed. Returns false when the literal is gone; the document is then
 * not touched.
 */
async function replaceLiteral(
  uri: vscode.Uri,
  value: string,
  offset: number,
  ref: SecretRef,
  store: SecretStore,
  name: string,
): Promise<boolean> {
  for (let attempt = 0; attempt < 3; attempt++) {
    const document = await vscode.workspace.openTextDocument(uri);
    const text = document.getText();
    const version = document.version;
    const now = relocateValue(text, value, offset);
    if (now === undefined) return false;
    const context: FixContext = { ...fixContextFor(document, { ...ref, offset: now }, text), secretName: name };
    const fix = lookupFix(context, store);
    if (!fix) return false;
    const edit = new vscode.WorkspaceEdit();
    for (const e of fix.edits)
      edit.replace(uri, new vscode.Range(document.positionAt(e.offset), document.positionAt(e.offset + e.length)), e.newText);
    if (await vscode.workspace.applyEdit(edit)) {
      // Closed while AWS was asked: show the unsaved change rather than leave it in a hidden buffer.
      if (!vscode.window.visibleTextEditors.some((e) => e.document === document)) {
        await vscode.window.showTextDocument(document, { preview: false, preserveFocus: true });
      }
      return true;
    }
    if (document.version === version) return false; // rejected, and not because of a concurrent change
  }
  return false;
}

function report(logger: Logger, stored: StoredSecret, connection: Connection, replaced: boolean, document: vscode.TextDocument): void {
  const service = SERVICE_NAMES[stored.store];
  const id = stored.arn ?? `${stored.name}, version ${stored.version ?? "?"}`;
  const how = stored.created ? "Stored" : "Added a new version of";
  logger.info(
    `${how} ${stored.name} in ${service} (${connection.region}${connection.endpoint ? `, endpoint ${connection.endpoint}` : ""}): ${id}`,
  );
  const file = vscode.workspace.asRelativePath(document.uri);
  const message = replaced
    ? `${how} ${stored.name} in ${service}: ${id}. The literal in ${file} now reads it from there. If the value was ever committed or shown to an agent, rotate it.`
    : `${how} ${stored.name} in ${service}: ${id}. The literal in ${file} changed meanwhile, so it was left as it is: replace it with the plain lookup fix, naming ${stored.name}.`;
  if (replaced) void vscode.window.showInformationMessage(message);
  else void vscode.window.showWarningMessage(message);
}

function showProblem(logger: Logger, p: AwsProblem): void {
  const openSettings = "Open Settings";
  const showLog = "Show Log";
  const actions = p.settingsMayHelp ? [openSettings, showLog] : [showLog];
  // Not awaited: the command returns while the notification stays up.
  void vscode.window.showErrorMessage(p.message, ...actions).then((choice) => {
    if (choice === openSettings) void vscode.commands.executeCommand("workbench.action.openSettings", settingsQuery("aws"));
    else if (choice === showLog) logger.show(true);
  });
}
