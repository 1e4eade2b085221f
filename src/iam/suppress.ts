import type { LineIndex } from "../shared/text";

/**
 * Suppression comments for IAM findings, in formats that have comments (YAML,
 * HCL):
 *
 *     # agent-security-ignore iam-service-wildcard -- the deploy role needs every S3 action
 *     Action: s3:*
 *
 * The comment names one or more check ids (comma- or space-separated) and,
 * after `--`, the reason. It applies to the values on the line it is on (as a
 * trailing comment) or on the first non-comment line below it (as a comment
 * line, possibly one of several in a row). `//` works as well as `#` in HCL.
 */
export const IGNORE_MARKER = "agent-security-ignore";

const IGNORE_RE = /(?:#|\/\/)\s*agent-security-ignore\b([^\n]*)$/;

function parseIds(rest: string): string[] {
  const ids = rest.split(/\s--(?:\s|$)/)[0];
  return ids
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter((s) => /^[a-z0-9-]+$/.test(s));
}

/** Check ids silenced for values on `line` by an ignore comment there or directly above. */
export function ignoredChecks(lines: LineIndex, line: number): Set<string> {
  const ids = new Set<string>();
  const own = IGNORE_RE.exec(lines.lineText(line));
  if (own && ownCommentStart(lines.lineText(line), own.index)) for (const id of parseIds(own[1])) ids.add(id);
  for (let l = line - 1; l >= 0; l--) {
    const t = lines.lineText(l).trim();
    if (!(t.startsWith("#") || t.startsWith("//"))) break;
    const m = IGNORE_RE.exec(t);
    if (m && m.index === 0) for (const id of parseIds(m[1])) ids.add(id);
  }
  return ids;
}

/** The `#` of a trailing comment must follow whitespace (YAML requires it; it keeps `"a#b"` out too). */
function ownCommentStart(lineText: string, at: number): boolean {
  return at === 0 || /\s/.test(lineText[at - 1]);
}

/** The comment line to insert above a value to silence `check` for it. */
export function ignoreCommentLine(indent: string, check: string, reason: string, marker: "#" | "//", eol: string): string {
  const why = reason.replace(/[\r\n]+/g, " ").trim() || "reviewed";
  return `${indent}${marker} ${IGNORE_MARKER} ${check} -- ${why}${eol}`;
}
