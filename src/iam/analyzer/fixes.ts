import * as jsonc from "jsonc-parser";
import { detectEol, LineIndex, type TextEdit } from "../../shared/text";
import type { IamCatalog } from "../catalog";
import type { IamFix, IamFixContext } from "../fixes";
import { removeListItemEdit, statementAround } from "../policyEdits";
import type { ParsedPolicies, Statement } from "../policy";
import type { PEntry, PObject } from "../tree";
import { parseOperator } from "./conditions";
import { globalConditionKey } from "./globals";
import { entryOf } from "./values";

/** Placeholder for the service a role may be passed to: the user names it. */
const SERVICE_PLACEHOLDER = "SERVICE.amazonaws.com";

/**
 * Quick fixes for the Access Analyzer checks that a plain edit settles:
 * remove a redundant resource, add the iam:PassedToService condition
 * skeleton, compare ARN keys with ArnLike and wildcards with StringLike, add
 * the Version element. Each is offered only where its edit is certain to
 * keep the policy valid.
 */
export function accessAnalyzerFixes(ctx: IamFixContext, parsed: ParsedPolicies): IamFix[] {
  const { finding, text } = ctx;
  const statement = statementAround(parsed, finding.offset);
  switch (finding.code) {
    case "REDUNDANT_RESOURCE":
      return statement ? removeResourceFix(text, statement, finding.offset) : [];
    case "PASS_ROLE_WITH_STAR_IN_RESOURCE":
    case "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE":
      return statement ? passedToServiceFix(text, parsed, statement) : [];
    case "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS":
      return statement ? operatorFix(text, statement, finding.offset, ctx.catalog, "arn") : [];
    case "WILDCARD_WITHOUT_LIKE_OPERATOR":
      return statement ? operatorFix(text, statement, finding.offset, ctx.catalog, "like") : [];
    case "MISSING_VERSION":
      return versionFix(text, parsed, finding.offset);
    default:
      return [];
  }
}

function removeResourceFix(text: string, statement: Statement, offset: number): IamFix[] {
  const entry = entryOf(statement.node, "Resource") ?? entryOf(statement.node, "NotResource");
  if (entry?.value?.kind !== "array") return [];
  const item = entry.value.items.find((i) => i.kind === "string" && i.contentOffset === offset);
  if (!item || item.kind !== "string") return [];
  const edit = removeListItemEdit(text, entry.value, item);
  return edit ? [{ kind: "remove", title: `Remove the redundant resource ${item.value}`, edits: [edit], isPreferred: true }] : [];
}

/** JSON path of a node of a JSON text, for jsonc-parser's `modify`. */
function jsonPath(text: string, offset: number): jsonc.JSONPath | undefined {
  const root = jsonc.parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const node = root && jsonc.findNodeAtOffset(root, offset);
  return node ? jsonc.getNodePath(node) : undefined;
}

function jsonFormatting(text: string): jsonc.FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
  return {
    insertSpaces: !indent.startsWith("\t"),
    tabSize: indent.startsWith("\t") ? 1 : Math.min(indent.length, 8),
    eol: detectEol(text),
  };
}

function toEdits(edits: jsonc.EditResult): TextEdit[] {
  return edits.map((e) => ({ offset: e.offset, length: e.length, newText: e.content }));
}

/** The indentation of a YAML block mapping's keys, when it is one (not a flow mapping). */
function blockIndent(text: string, node: PObject): string | undefined {
  if (node.flow || node.entries.length === 0) return undefined;
  const lines = new LineIndex(text);
  const first = node.entries[0];
  const at = lines.positionAt(first.keyOffset);
  const before = lines.lineText(at.line).slice(0, at.character).replace(/["']$/, "");
  // `- Effect: Allow` starts a mapping inside a sequence item: its keys line up after the dash.
  if (/^[ \t]*(- )?[ \t]*$/.test(before)) return " ".repeat(before.length);
  return undefined;
}

/** Offset of the start of the line after the last line of a node. */
function afterNode(text: string, offset: number, length: number): number {
  let end = offset + length;
  while (end > offset && /\s/.test(text[end - 1])) end--;
  const next = text.indexOf("\n", end);
  return next < 0 ? text.length : next + 1;
}

/**
 * A member added after the last one of a JSON object, written as the
 * object's others are: on its line when the object is on one line, else on
 * a line of its own at their indentation. `member` gets the line break, the
 * indentation of the member and one indentation step.
 */
function appendMember(text: string, object: PObject, member: (eol: string, indent: string, unit: string) => string): TextEdit | undefined {
  const last = object.entries[object.entries.length - 1];
  if (!last?.value) return undefined;
  const lines = new LineIndex(text);
  const end = last.value.offset + last.value.length;
  if (lines.positionAt(object.offset).line === lines.positionAt(object.offset + object.length).line) {
    return { offset: end, length: 0, newText: `, ${member("", "", "")}` };
  }
  const indent = /^[ \t]*/.exec(lines.lineText(lines.positionAt(last.keyOffset).line))![0];
  const format = jsonFormatting(text);
  const unit = format.insertSpaces ? " ".repeat(format.tabSize ?? 2) : "\t";
  const eol = detectEol(text);
  return { offset: end, length: 0, newText: `,${eol}${indent}${member(eol, indent, unit)}` };
}

function passedToServiceFix(text: string, parsed: ParsedPolicies, statement: Statement): IamFix[] {
  const title = "Add a Condition on iam:PassedToService (name the service the role is for)";
  if (statement.syntax === "json" && parsed.format === "json") {
    const member = `"iam:PassedToService": "${SERVICE_PLACEHOLDER}"`;
    const condition = entryOf(statement.node, "Condition");
    if (!condition) {
      const edit = appendMember(
        text,
        statement.node,
        (eol, indent, unit) =>
          `"Condition": {${eol}${indent}${unit}"StringEquals": {${eol}${indent}${unit}${unit}${member}${eol}${indent}${unit}}${eol}${indent}}`,
      );
      return edit ? [{ kind: "add-condition", title, edits: [edit] }] : [];
    }
    if (condition.value?.kind !== "object") return [];
    const equals = entryOf(condition.value, "StringEquals");
    if (equals && equals.value?.kind !== "object") return [];
    const edit =
      equals?.value?.kind === "object"
        ? appendMember(text, equals.value, () => member)
        : appendMember(text, condition.value, () => `"StringEquals": {${member}}`);
    return edit ? [{ kind: "add-condition", title, edits: [edit] }] : [];
  }
  if (statement.syntax === "yaml" && !entryOf(statement.node, "Condition")) {
    const indent = blockIndent(text, statement.node);
    if (indent === undefined) return [];
    const eol = detectEol(text);
    const at = afterNode(text, statement.node.offset, statement.node.length);
    const lead = at === text.length && !text.endsWith("\n") ? eol : "";
    const block = `${lead}${indent}Condition:${eol}${indent}  StringEquals:${eol}${indent}    iam:PassedToService: ${SERVICE_PLACEHOLDER}${eol}`;
    return [{ kind: "add-condition", title, edits: [{ offset: at, length: 0, newText: block }] }];
  }
  return [];
}

/** The Condition operator entry whose block holds `offset` (the operator key, a key or a value). */
function operatorAt(statement: Statement, offset: number): { condition: PObject; operator: PEntry } | undefined {
  const condition = entryOf(statement.node, "Condition")?.value;
  if (condition?.kind !== "object") return undefined;
  for (const operator of condition.entries) {
    const block = operator.value;
    const inBlock = block && offset >= block.offset && offset < block.offset + block.length;
    if (operator.keyOffset === offset || inBlock) return { condition, operator };
  }
  return undefined;
}

function isArnKey(key: string, catalog: IamCatalog): boolean {
  if (key.toLowerCase().startsWith("aws:")) {
    const g = globalConditionKey(key);
    return g.kind === "known" && g.type.replace(/^ArrayOf/, "") === "ARN";
  }
  return catalog.conditionKey(key)?.type.replace(/^ArrayOf/, "") === "ARN";
}

function operatorFix(text: string, statement: Statement, offset: number, catalog: IamCatalog, to: "arn" | "like"): IamFix[] {
  const found = operatorAt(statement, offset);
  if (!found) return [];
  const { condition, operator } = found;
  const parsedOp = parseOperator(operator.key);
  if (!parsedOp || text.slice(operator.keyOffset, operator.keyOffset + operator.keyLength) !== operator.key) return [];
  let base: string | undefined;
  if (to === "arn") {
    // Every key of the block must be an ARN: the rename applies to the whole block.
    if (operator.value?.kind !== "object" || !operator.value.entries.every((e) => isArnKey(e.key, catalog))) return [];
    base = { StringLike: "ArnLike", StringNotLike: "ArnNotLike" }[parsedOp.base];
  } else {
    base = { StringEquals: "StringLike", StringNotEquals: "StringNotLike" }[parsedOp.base];
  }
  if (!base) return [];
  const renamed = `${parsedOp.qualifier ? `${parsedOp.qualifier}:` : ""}${base}${parsedOp.ifExists ? "IfExists" : ""}`;
  // Renaming into an operator the Condition already has would leave the same key twice.
  if (condition.entries.some((e) => e.key === renamed)) return [];
  return [
    {
      kind: "change-operator",
      title: `Change ${operator.key} to ${renamed}`,
      edits: [{ offset: operator.keyOffset, length: operator.keyLength, newText: renamed }],
      isPreferred: true,
    },
  ];
}

function versionFix(text: string, parsed: ParsedPolicies, offset: number): IamFix[] {
  const document = parsed.statements.find((s) => s.document?.node.offset === offset)?.document?.node;
  if (!document || entryOf(document, "Version")) return [];
  const title = 'Add "Version": "2012-10-17"';
  if (parsed.format === "json") {
    const first = document.entries[0];
    if (first) {
      // Inserted before the first key rather than through jsonc.modify, which reformats a one-line
      // object whole: its edit would rewrite (and carry) every value in it, secrets included.
      const at = first.keyOffset - (text[first.keyOffset - 1] === '"' ? 1 : 0);
      const lineStart = text.lastIndexOf("\n", at - 1) + 1;
      const lead = text.slice(lineStart, at);
      const separator = /^[ \t]*$/.test(lead) ? `${detectEol(text)}${lead}` : " ";
      return [
        {
          kind: "add-version",
          title,
          edits: [{ offset: at, length: 0, newText: `"Version": "2012-10-17",${separator}` }],
          isPreferred: true,
        },
      ];
    }
    const path = jsonPath(text, document.offset);
    if (!path) return [];
    const edits = jsonc.modify(text, [...path, "Version"], "2012-10-17", {
      formattingOptions: jsonFormatting(text),
      getInsertionIndex: () => 0,
    });
    return edits.length > 0 ? [{ kind: "add-version", title, edits: toEdits(edits), isPreferred: true }] : [];
  }
  if (parsed.format === "yaml") {
    const indent = blockIndent(text, document);
    if (indent === undefined) return [];
    const lines = new LineIndex(text);
    const first = document.entries[0];
    const line = lines.positionAt(first.keyOffset).line;
    const start = lines.lineStart(line);
    const before = text.slice(start, first.keyOffset).replace(/["']$/, "");
    const eol = detectEol(text);
    if (/^[ \t]*$/.test(before)) {
      return [
        {
          kind: "add-version",
          title,
          edits: [{ offset: start, length: 0, newText: `${indent}Version: "2012-10-17"${eol}` }],
          isPreferred: true,
        },
      ];
    }
    // `- Statement: ...`: the new key goes after the dash, the old first key onto its own line.
    return [
      {
        kind: "add-version",
        title,
        edits: [
          {
            offset: first.keyOffset - (text[first.keyOffset - 1] === '"' || text[first.keyOffset - 1] === "'" ? 1 : 0),
            length: 0,
            newText: `Version: "2012-10-17"${eol}${indent}`,
          },
        ],
        isPreferred: true,
      },
    ];
  }
  return [];
}
