import type { Suppression } from "../scan/workspacePolicy";
import { detectEol, LineIndex, type TextEdit } from "../shared/text";
import { isMutating, isReadOnly, type CatalogAction, type IamCatalog } from "./catalog";
import type { IamFinding } from "./checks";
import { accessAnalyzerFixes } from "./analyzer/fixes";
import { extractPolicies, type ParsedPolicies, type PString, type Statement } from "./policy";
import { removeListItemEdit, statementAround } from "./policyEdits";
import { ignoreCommentLine } from "./suppress";
import type { PArray } from "./tree";
import { hasWildcard } from "./wildcard";

/** Expansions larger than this are not offered as an explicit list (`*` is 22,000 actions). */
export const MAX_EXPLICIT_ACTIONS = 2000;

export interface IamFixContext {
  text: string;
  fileName?: string;
  languageId?: string;
  /** Workspace-relative path with forward slashes; needed for project-file suppressions (JSON). */
  relativePath?: string;
  catalog: IamCatalog;
  finding: Pick<IamFinding, "check" | "offset" | "length" | "subject" | "fingerprint" | "suggestions" | "coveredBy" | "code">;
  /** Reason written into an ignore comment or suppression. */
  reason?: string;
  /** The text already parsed (the analysis worker keeps its last parse); parsed here otherwise. */
  parsed?: ParsedPolicies;
}

export type IamFixKind = "read-only" | "explicit" | "rename" | "remove" | "ignore" | "add-condition" | "change-operator" | "add-version";

export interface IamFix {
  kind: IamFixKind;
  title: string;
  /** Edits against `IamFixContext.text`, applied together as one undoable edit. */
  edits: TextEdit[];
  /** For files without comments: record this in the project file instead of editing. */
  suppression?: Suppression;
  isPreferred?: boolean;
  /**
   * "Replace with explicit actions…" needs the user's choice: the editor asks
   * (QuickPick over `choices`, `preselected` ticked) and then calls
   * `replaceActionEdits` with the offset and the chosen actions.
   */
  choose?: { pattern: string; offset: number; choices: readonly CatalogAction[]; preselected: string[] };
}

export interface LocatedAction {
  statement: Statement;
  item: PString;
}

/** The action string whose characters start at `offset` (or contain it, with `within`). */
export function locateAction(parsed: ParsedPolicies, offset: number, within = false): LocatedAction | undefined {
  for (const statement of parsed.statements) {
    for (const item of statement.action?.items ?? []) {
      const end = item.contentOffset + item.contentLength;
      if (item.contentOffset === offset || (within && offset >= item.contentOffset && offset <= end)) return { statement, item };
    }
  }
  return undefined;
}

/** All fixes for one IAM finding, most useful first. */
export function iamFixes(ctx: IamFixContext): IamFix[] {
  const parsed = ctx.parsed ?? extractPolicies(ctx.text, ctx.fileName, ctx.languageId);
  const fixes: IamFix[] = [];
  const check = ctx.finding.check;
  const located = locateAction(parsed, ctx.finding.offset);

  if (located && (check === "iam-service-wildcard" || check === "iam-partial-wildcard" || check === "iam-passrole-star-resource")) {
    const pattern = located.item.value;
    const expanded = ctx.catalog.expand(pattern);
    if (hasWildcard(pattern) && expanded.length > 0 && expanded.length <= MAX_EXPLICIT_ACTIONS) {
      const readOnly = expanded.filter(isReadOnly);
      if (readOnly.length > 0 && expanded.some(isMutating)) {
        const edits = replaceItemEdits(
          ctx.text,
          located,
          readOnly.map((a) => a.full),
        );
        if (edits) {
          fixes.push({
            kind: "read-only",
            title: `Restrict ${pattern} to read-only (${readOnly.length} List + Read actions)`,
            edits,
            isPreferred: true,
          });
        }
      }
      fixes.push({
        kind: "explicit",
        title: `Replace ${pattern} with explicit actions…`,
        edits: [],
        choose: { pattern, offset: located.item.contentOffset, choices: expanded, preselected: readOnly.map((a) => a.full) },
      });
    }
  }

  if (located && check === "iam-unknown-action") {
    for (const suggestion of ctx.finding.suggestions ?? []) {
      fixes.push({
        kind: "rename",
        title: `Change to ${suggestion}`,
        edits: [{ offset: located.item.contentOffset, length: located.item.contentLength, newText: suggestion }],
        isPreferred: fixes.length === 0,
      });
    }
  }

  if (located && check === "iam-redundant-action") {
    const edit = removeItemEdit(ctx.text, located);
    if (edit) {
      const by = ctx.finding.coveredBy ? ` (granted by ${ctx.finding.coveredBy})` : "";
      fixes.push({ kind: "remove", title: `Remove ${located.item.value}${by}`, edits: [edit], isPreferred: true });
    }
  }

  fixes.push(...accessAnalyzerFixes(ctx, parsed));

  const ignore = ignoreFix(
    ctx,
    parsed,
    located?.statement ?? statementAtKey(parsed, ctx.finding.offset) ?? statementAround(parsed, ctx.finding.offset),
  );
  if (ignore) fixes.push(ignore);
  return fixes;
}

function statementAtKey(parsed: ParsedPolicies, offset: number): Statement | undefined {
  return parsed.statements.find((s) => s.action?.keyOffset === offset);
}

/**
 * Edits that replace the action string at `offset` by `actions`, written in
 * the file's own syntax: a list item becomes several items in the list's
 * style; a single string becomes a list (JSON/HCL array, YAML block or flow
 * sequence as the surroundings use). Undefined when no action is there.
 */
export function replaceActionEdits(
  text: string,
  offset: number,
  actions: readonly string[],
  fileName?: string,
  languageId?: string,
  parsed: ParsedPolicies = extractPolicies(text, fileName, languageId),
): TextEdit[] | undefined {
  const located = locateAction(parsed, offset);
  if (!located) return undefined;
  return replaceItemEdits(text, located, actions);
}

function replaceItemEdits(text: string, located: LocatedAction, actions: readonly string[]): TextEdit[] | undefined {
  const { statement, item } = located;
  const field = statement.action!;
  const others = new Set(field.items.filter((i) => i !== item).map((i) => i.value.toLowerCase()));
  const seen = new Set<string>();
  const values = actions.filter((a) => {
    const k = a.toLowerCase();
    if (others.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
  const eol = detectEol(text);
  const lines = new LineIndex(text);

  if (field.value.kind === "array") {
    if (values.length === 0) {
      const edit = removeItemEdit(text, located);
      return edit ? [edit] : undefined;
    }
    const written = values.map((v) => writeString(v, statement.syntax, item.quote));
    const list = field.value;
    const separator = listSeparator(text, lines, list, item, eol);
    if (separator === ", ") {
      // An inline list: keep it inline while it stays readable, else one item per line.
      const line = lines.positionAt(list.offset).line;
      const sameLine = lines.positionAt(list.offset + list.length).line === line;
      const grown = lines.lineText(line).length - item.length + written.join(separator).length;
      if (sameLine && grown > MAX_INLINE_WIDTH && lines.lineCount > 1) {
        const all = list.items.flatMap((i) => (i === item ? written : [text.slice(i.offset, i.offset + i.length)]));
        const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
        return [
          {
            offset: list.offset,
            length: list.length,
            newText: multiLineList(all, indent, indentUnit(text, statement.syntax), eol, statement.syntax),
          },
        ];
      }
    }
    return [{ offset: item.offset, length: item.length, newText: written.join(separator) }];
  }

  // A single string.
  if (values.length === 0) return undefined;
  if (values.length === 1) {
    return [{ offset: item.offset, length: item.length, newText: writeString(values[0], statement.syntax, item.quote) }];
  }
  const written = values.map((v) => writeString(v, statement.syntax, item.quote));
  const unit = indentUnit(text, statement.syntax);
  const keyLine = lines.positionAt(field.keyOffset).line;
  const keyIndent = /^[ \t]*/.exec(lines.lineText(keyLine))![0];

  if (statement.syntax === "yaml") {
    const flow = statement.node.flow || statement.node.entries.some((e) => e.value?.kind === "array" && e.value.flow);
    const colon = yamlColonAfterKey(text, field.keyOffset + field.keyLength, item.offset);
    if (flow || colon < 0) {
      return [
        {
          offset: item.offset,
          length: item.length,
          newText: inlineOrMultiLine(written, lines, item, keyIndent, unit, eol, statement.syntax),
        },
      ];
    }
    const keyColumn =
      lines.positionAt(field.keyOffset).character - (text[field.keyOffset - 1] === '"' || text[field.keyOffset - 1] === "'" ? 1 : 0);
    const indent = " ".repeat(keyColumn + unit.length);
    return [
      {
        offset: colon + 1,
        length: item.offset + item.length - (colon + 1),
        newText: written.map((w) => `${eol}${indent}- ${w}`).join(""),
      },
    ];
  }

  // JSON and HCL: an inline array when the statement is on one line, else one action per line.
  const nodeStart = lines.positionAt(statement.node.offset).line;
  const nodeEnd = lines.positionAt(statement.node.offset + statement.node.length).line;
  if (nodeStart === nodeEnd) {
    return [
      {
        offset: item.offset,
        length: item.length,
        newText: inlineOrMultiLine(written, lines, item, keyIndent, unit, eol, statement.syntax),
      },
    ];
  }
  return [{ offset: item.offset, length: item.length, newText: multiLineList(written, keyIndent, unit, eol, statement.syntax) }];
}

/** Lines longer than this get a list written one item per line (minified one-line files excepted). */
const MAX_INLINE_WIDTH = 120;

export function multiLineList(items: readonly string[], indent: string, unit: string, eol: string, syntax: Statement["syntax"]): string {
  const inner = indent + unit;
  // A YAML flow sequence that spans lines must stay indented deeper than the block it sits in, `]` included.
  const closing = syntax === "yaml" ? inner : indent;
  return `[${eol}${inner}${items.join(`,${eol}${inner}`)}${eol}${closing}]`;
}

/** `[a, b]` in place of a string when the line stays short, else a list one item per line. */
export function inlineOrMultiLine(
  written: readonly string[],
  lines: LineIndex,
  item: Pick<PString, "offset" | "length">,
  indent: string,
  unit: string,
  eol: string,
  syntax: Statement["syntax"],
): string {
  const inline = `[${written.join(", ")}]`;
  const line = lines.positionAt(item.offset).line;
  if (lines.lineCount <= 1 || lines.lineText(line).length - item.length + inline.length <= MAX_INLINE_WIDTH) return inline;
  return multiLineList(written, indent, unit, eol, syntax);
}

/** Offset of the `:` between a YAML key and its scalar value, or -1 when anything but blanks lies between. */
export function yamlColonAfterKey(text: string, keyEnd: number, valueStart: number): number {
  let i = keyEnd;
  if (text[i] === '"' || text[i] === "'") i++;
  while (i < valueStart && (text[i] === " " || text[i] === "\t")) i++;
  if (text[i] !== ":") return -1;
  return /^[ \t\r\n]*$/.test(text.slice(i + 1, valueStart)) ? i : -1;
}

/** What goes between items written into the list that holds `item`. */
function listSeparator(text: string, lines: LineIndex, list: PArray, item: PString, eol: string): string {
  const pos = lines.positionAt(item.offset);
  const before = text.slice(lines.lineStart(pos.line), item.offset);
  if (!list.flow) {
    // YAML block sequence: `    - s3:GetObject` per line.
    if (/^[ \t]*-[ \t]+$/.test(before)) return eol + before;
    const dash = text.lastIndexOf("-", item.offset);
    const column = dash >= 0 ? lines.positionAt(dash).character : pos.character;
    return `${eol}${" ".repeat(column)}- `;
  }
  if (/^[ \t]*$/.test(before)) return `,${eol}${before}`;
  return ", ";
}

/** A string value written for the syntax, keeping the quoting the original used where it can. */
export function writeString(value: string, syntax: Statement["syntax"], quote: PString["quote"]): string {
  if (syntax !== "yaml") return JSON.stringify(value);
  if (quote === "'") return `'${value.replace(/'/g, "''")}'`;
  if (quote === '"') return JSON.stringify(value);
  return /^[A-Za-z0-9][A-Za-z0-9:_.\-*?/]*$/.test(value) && !value.includes(": ") ? value : JSON.stringify(value);
}

/** The indentation step a file uses: a tab, or the smallest run of leading spaces (2 when none). */
export function indentUnit(text: string, syntax: Statement["syntax"]): string {
  let smallest = Infinity;
  let tabs = 0;
  let spaces = 0;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim()) continue;
    const m = /^[ \t]+/.exec(line);
    if (!m) continue;
    if (m[0].startsWith("\t")) tabs++;
    else {
      spaces++;
      const width = m[0].replace(/[^ ].*$/, "").length;
      if (width > 0) smallest = Math.min(smallest, width);
    }
  }
  if (syntax !== "yaml" && tabs > spaces) return "\t";
  return " ".repeat(Number.isFinite(smallest) && smallest <= 8 ? smallest : 2);
}

/** Removes one action from its list, with the separator next to it. Undefined when it is the only item. */
function removeItemEdit(text: string, located: LocatedAction): TextEdit | undefined {
  const list = located.statement.action?.value;
  return list?.kind === "array" ? removeListItemEdit(text, list, located.item) : undefined;
}

function ignoreFix(ctx: IamFixContext, parsed: ParsedPolicies, statement: Statement | undefined): IamFix | undefined {
  const check = ctx.finding.check;
  const reason = ctx.reason ?? "reviewed";
  if (statement?.commentable) {
    const lines = new LineIndex(ctx.text);
    const line = lines.positionAt(ctx.finding.offset).line;
    const indent = /^[ \t]*/.exec(lines.lineText(line))![0];
    const marker = statement.syntax === "hcl" ? parsed.commentStyle : "#";
    return {
      kind: "ignore",
      title: `Ignore ${check} here (comment)`,
      edits: [{ offset: lines.lineStart(line), length: 0, newText: ignoreCommentLine(indent, check, reason, marker, detectEol(ctx.text)) }],
    };
  }
  if (ctx.relativePath === undefined) return undefined;
  return {
    kind: "ignore",
    title: `Ignore ${check} for ${ctx.finding.subject} in this file (.agent-security.json)`,
    edits: [],
    suppression: { file: ctx.relativePath, check, fingerprint: ctx.finding.fingerprint, reason },
  };
}
