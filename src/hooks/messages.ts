import type { HookRequest, Issue } from "./types";

// Every message names the kind, the masked value and the fix. They are read by
// people and by models alike, so they say what to do next in plain words.

export const SECRET_FIX = "store it in AWS Secrets Manager and refer to it by name";
export const IAM_FIX = "grant only the actions and resources the code needs instead of wildcards";
export const PROMPT_LABEL = "the prompt";
const ROTATE = "Rotate the value: it may already sit in the agent's transcript.";

/** "a GitHub token", "an AWS secret access key". */
export function article(kind: string): string {
  return /^[aeiou]/i.test(kind) && !/^(?:one|use)/i.test(kind) ? `an ${kind}` : `a ${kind}`;
}

/** "a GitHub token (ghp_****) at line 3"; several issues become a list. */
function listIssues(issues: readonly Issue[], show: { line: boolean; file: boolean }): string {
  const describe = (i: Issue) =>
    `${article(i.kind)} (${i.masked})` +
    (show.file ? ` in ${i.where}` : "") +
    (show.line ? ` at line ${i.line}` : "") +
    (i.detail ? `: ${i.detail}` : "");
  if (issues.length === 1) return describe(issues[0]);
  return `${issues.length} problems:\n` + issues.map((i) => `  - ${describe(i)}`).join("\n") + "\n";
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function fixFor(issues: readonly Issue[]): string {
  const secrets = issues.filter((i) => i.check === "secret").length;
  const fixes: string[] = [];
  if (secrets > 0)
    fixes.push(capitalise(secrets > 1 ? SECRET_FIX.replace(" it ", " each ").replace(" to it ", " to each ") : SECRET_FIX) + ".");
  if (issues.some((i) => i.check === "iam")) fixes.push(capitalise(IAM_FIX) + ".");
  return fixes.join(" ");
}

function sentence(head: string, tail: string): string {
  // A list already ends the head with a line break; a single issue continues the sentence.
  const text = head.endsWith("\n") ? `${head}${tail}` : `${head}. ${tail}`;
  return text.endsWith("\n") ? text : text + "\n";
}

/** Attached files are named, with lines; the prompt's own text needs neither. */
function promptPlaces(issues: readonly Issue[]): { line: boolean; file: boolean } {
  const attached = issues.some((i) => i.where !== PROMPT_LABEL);
  return { line: attached, file: attached };
}

/** The prompt was stopped before it reached the model. */
export function promptBlocked(issues: readonly Issue[]): string {
  return sentence(
    `Agent Security blocked this prompt: it contains ${listIssues(issues, promptPlaces(issues))}`,
    `${fixFor(issues)} Paste the name, not the value. ${ROTATE}`,
  );
}

/**
 * The agent's protocol cannot stop the prompt: it has gone to the model. The
 * text is for the user and for the agent, which reads hook errors.
 */
export function promptLeaked(issues: readonly Issue[]): string {
  return sentence(
    `Agent Security: this prompt, already sent to the agent, contains ${listIssues(issues, promptPlaces(issues))}`,
    `${ROTATE} ${fixFor(issues)} Agent: do not repeat, store or use this value; tell the user to rotate it.`,
  );
}

/** Content about to be written was refused; addressed to the model so it can correct itself. */
export function writeBlocked(target: string, issues: readonly Issue[]): string {
  const secrets = issues.some((i) => i.check === "secret");
  return sentence(
    `Agent Security blocked this change to ${target}: it would write ${listIssues(issues, { line: true, file: issues.some((i) => i.where !== target) })}`,
    `${fixFor(issues)}` +
      (secrets ? " Read the secret at run time (for example with GetSecretValue) instead of writing its value." : "") +
      " Then try again.",
  );
}

/** A tool call that names no file (a shell command, an MCP call) was refused. */
export function callBlocked(call: string, issues: readonly Issue[]): string {
  return sentence(
    `Agent Security blocked ${call}: its input contains ${listIssues(issues, { line: false, file: false })}`,
    `${fixFor(issues)} Fetch the secret at run time (for example with aws secretsmanager get-secret-value) instead of putting its value in the call. Then try again.`,
  );
}

/** A file already written holds a problem; the file stays as it is. */
export function writeReported(issues: readonly Issue[]): string {
  const files = [...new Set(issues.map((i) => i.where))];
  return sentence(
    `Agent Security: ${files.join(", ")} now ${files.length === 1 ? "holds" : "hold"} ${listIssues(issues, { line: true, file: files.length > 1 })}`,
    `${fixFor(issues)}` + (issues.some((i) => i.check === "secret") ? " Rotate any secret that was committed or shared." : ""),
  );
}

/** A file the agent wanted to read holds a secret that would go to the model. */
export function readBlocked(target: string, issues: readonly Issue[]): string {
  return sentence(
    `Agent Security blocked reading ${target}: it holds ${listIssues(issues, { line: true, file: false })}, which would be sent to the model`,
    fixFor(issues),
  );
}

/**
 * A tool's output holds a secret and has gone, or is going, to the model.
 * `redacted`: the agent took a copy with the values replaced instead.
 */
export function outputReported(call: string, issues: readonly Issue[], redacted: boolean): string {
  const head = `Agent Security: ${call} returned ${listIssues(issues, { line: true, file: false })}`;
  return redacted
    ? sentence(
        head,
        `The value was replaced by a placeholder before it reached the model. ${ROTATE.replace("agent's transcript", "terminal or log")} ${fixFor(issues)}`,
      )
    : sentence(head, `${ROTATE} ${fixFor(issues)} Agent: do not repeat, store or use this value; tell the user to rotate it.`);
}

/** The payload could not be understood. */
export function unreadable(reason: string, failClosed: boolean): string {
  return failClosed
    ? `agent-security hook: ${reason}; blocking because --fail-closed is set.\n`
    : `agent-security hook: ${reason}; allowing. Pass --fail-closed to block instead.\n`;
}

/** What the request is about, for messages: the written or read file, else its first text. */
function subject(request: HookRequest): string {
  return request.texts[0]?.label ?? request.files[0] ?? "the file";
}

function namesFile(request: HookRequest): boolean {
  return request.texts.length === 0 || request.texts[0].source === "file";
}

/**
 * The message for a verdict on a request. `promptReachesModel` is true for
 * agents whose protocol cannot hold a prompt back.
 */
export function verdictMessage(request: HookRequest, issues: readonly Issue[], promptReachesModel: boolean): string {
  switch (request.stage) {
    case "prompt":
      return promptReachesModel ? promptLeaked(issues) : promptBlocked(issues);
    case "pre-tool": {
      // A shell command that would print an env-style file holding secrets: a read, in words.
      const fromReads = request.reads?.length && issues.every((i) => !request.texts.some((t) => t.label === i.where));
      if (fromReads) return readBlocked([...new Set(issues.map((i) => i.where))].join(", "), issues);
      return namesFile(request) ? writeBlocked(subject(request), issues) : callBlocked(subject(request), issues);
    }
    case "post-tool":
      return request.texts[0]?.source === "tool-output" ? outputReported(subject(request), issues, false) : writeReported(issues);
    case "read":
      // The issue names the file as the folder sees it; the request may hold it as an absolute path.
      return readBlocked(issues[0]?.where ?? subject(request), issues);
  }
}
