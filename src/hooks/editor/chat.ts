import * as vscode from "vscode";
import type { Logger } from "../../editor/logger";
import type { PolicyStore } from "../../editor/policies";
import { readFileText } from "../../scan/fileText";
import type { SecretFinding } from "../../secrets/engine";
import { describeError } from "../../shared/errors";
import { SECRET_FIX } from "../messages";
import { virtualPath } from "../payload";
import { describeFindings, redactSecrets } from "../redact";

// VS Code's own chat: a chat participant, @security, that checks a prompt and
// the files it references before any of it reaches a model, and a language
// model tool agents can call to check text or a file. Extensions cannot see
// prompts sent to other participants, so this is opt-in by addressing
// @security. Both APIs are feature-detected: Cursor and Kiro lack them, and
// request.model and lm.registerTool are newer than the 1.90 engine.

/** The parts of the chat and tool APIs used here that the 1.90 typings lack. */
interface NewerChatApi {
  registerTool?: (
    name: string,
    tool: { invoke(options: { input?: unknown; parameters?: unknown }, token: vscode.CancellationToken): Promise<unknown> },
  ) => vscode.Disposable;
}
interface NewerVscode {
  LanguageModelToolResult?: new (parts: unknown[]) => unknown;
  LanguageModelTextPart?: new (value: string) => unknown;
}

export const PARTICIPANT_ID = "agentSecurity.security";
export const TOOL_NAME = "agentSecurity_scanForSecrets";

/** What was checked and found, for the participant, the tool and the scan commands alike. */
export interface TextCheck {
  label: string;
  text: string;
  findings: SecretFinding[];
}

/** Secrets in a text, through the policy of the folder it belongs to. */
export async function checkText(policies: PolicyStore, text: string, label: string, uri?: vscode.Uri): Promise<TextCheck> {
  const scope = uri ?? vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file("/");
  const policy = await policies.get(scope);
  // Loose text is checked under a name outside the folder, so no file ignore applies to it.
  const filePath = uri?.scheme === "file" ? uri.fsPath : virtualPath(policy.root || "/", label.replace(/\W+/g, "-"));
  return { label, text, findings: await policies.scanSecrets(scope, filePath, text) };
}

export function registerChat(context: vscode.ExtensionContext, policies: PolicyStore, logger: Logger): void {
  const chat = (vscode as { chat?: typeof vscode.chat }).chat;
  if (chat?.createChatParticipant) {
    const participant = chat.createChatParticipant(PARTICIPANT_ID, (request, _context, stream, token) =>
      answer(policies, logger, request, stream, token),
    );
    participant.iconPath = new vscode.ThemeIcon("shield");
    context.subscriptions.push(participant);
  }
  const lm = vscode.lm as typeof vscode.lm & NewerChatApi;
  const api = vscode as typeof vscode & NewerVscode;
  if (lm?.registerTool && api.LanguageModelToolResult && api.LanguageModelTextPart) {
    const Result = api.LanguageModelToolResult;
    const Text = api.LanguageModelTextPart;
    context.subscriptions.push(
      lm.registerTool(TOOL_NAME, {
        invoke: async (options) => new Result([new Text(await toolAnswer(policies, options.input ?? options.parameters))]),
      }),
    );
  }
}

/** The tool: `{text}` or `{path}` in, a masked report out. */
export async function toolAnswer(policies: PolicyStore, input: unknown): Promise<string> {
  const { text, path } = (input ?? {}) as { text?: unknown; path?: unknown };
  let check: TextCheck;
  if (typeof path === "string" && path) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const uri = /^[/\\]|^[A-Za-z]:/.test(path) || !folder ? vscode.Uri.file(path) : vscode.Uri.joinPath(folder, path);
    const content = await readFileText(uri.fsPath, 2048 * 1024);
    if (!content.ok) return `Could not check ${path}: ${content.message}.`;
    check = await checkText(policies, content.text, vscode.workspace.asRelativePath(uri), uri);
  } else if (typeof text === "string") {
    check = await checkText(policies, text, "text");
  } else {
    return "Give either `text` to check or the `path` of a workspace file.";
  }
  if (check.findings.length === 0) return `No hardcoded secrets found in the ${check.label === "text" ? "text" : check.label}.`;
  const lines = check.findings.map((f) => `- ${f.kind} (${f.masked}) at line ${f.range.start.line + 1}`);
  return [
    `Found ${check.findings.length} hardcoded secret${check.findings.length === 1 ? "" : "s"} in ${check.label === "text" ? "the text" : check.label}:`,
    ...lines,
    `Do not write or repeat these values: ${SECRET_FIX}, and read it at run time.`,
  ].join("\n");
}

async function answer(
  policies: PolicyStore,
  logger: Logger,
  request: vscode.ChatRequest,
  stream: vscode.ChatResponseStream,
  token: vscode.CancellationToken,
): Promise<void> {
  stream.progress("Checking the prompt and referenced files for secrets…");
  const checks = [await checkText(policies, request.prompt, "prompt")];
  const attached: string[] = [];
  for (const reference of request.references) {
    const read = await referenceText(reference.value);
    if (!read) continue;
    checks.push(await checkText(policies, read.text, read.label, read.uri));
    attached.push(`${read.label}:\n\`\`\`\n${read.text}\n\`\`\``);
  }
  const flagged = checks.filter((c) => c.findings.length > 0);
  if (flagged.length > 0) {
    refuse(request, flagged, stream);
    return;
  }
  const model = (request as vscode.ChatRequest & { model?: vscode.LanguageModelChat }).model ?? (await vscode.lm.selectChatModels())[0];
  if (!model) {
    stream.markdown("No secrets found. There is no language model available to send the prompt to.");
    return;
  }
  const prompt = attached.length > 0 ? `${request.prompt}\n\nReferenced files:\n\n${attached.join("\n\n")}` : request.prompt;
  try {
    const response = await model.sendRequest([vscode.LanguageModelChatMessage.User(prompt)], {}, token);
    for await (const fragment of response.text) stream.markdown(fragment);
  } catch (error) {
    logger.warn(`@security could not reach the language model: ${describeError(error)}`);
    stream.markdown("No secrets found, but the language model could not be reached.");
  }
}

/** Refuses the prompt, names what was found, and offers the prompt without the secrets. */
function refuse(request: vscode.ChatRequest, flagged: TextCheck[], stream: vscode.ChatResponseStream): void {
  const where = flagged.map((c) => `${c.label === "prompt" ? "the prompt" : c.label} holds ${describeFindings(c.findings)}`);
  stream.markdown(
    `**Not sent:** ${where.join("; ")}. ${SECRET_FIX.charAt(0).toUpperCase() + SECRET_FIX.slice(1)}, ` +
      `and rotate the value if it was shared anywhere.\n\n`,
  );
  const prompt = flagged.find((c) => c.label === "prompt");
  const redacted = prompt ? redactSecrets(request.prompt, prompt.findings) : request.prompt;
  const filesWithSecrets = flagged.filter((c) => c.label !== "prompt").map((c) => c.label);
  stream.markdown(
    `Redacted prompt${filesWithSecrets.length ? ` (leave out ${filesWithSecrets.join(", ")})` : ""}:\n\n\`\`\`\n${redacted}\n\`\`\`\n`,
  );
  stream.button({
    title: "Ask with the redacted prompt",
    command: "workbench.action.chat.open",
    arguments: [{ query: `@security ${redacted}` }],
  });
}

async function referenceText(value: unknown): Promise<{ text: string; label: string; uri?: vscode.Uri } | undefined> {
  if (typeof value === "string") return { text: value, label: "a referenced value" };
  const location = value instanceof vscode.Location ? value : undefined;
  const uri = location?.uri ?? (value instanceof vscode.Uri ? value : undefined);
  if (!uri) return undefined;
  try {
    const document = await vscode.workspace.openTextDocument(uri);
    return { text: document.getText(location?.range), label: vscode.workspace.asRelativePath(uri), uri };
  } catch {
    return undefined;
  }
}
