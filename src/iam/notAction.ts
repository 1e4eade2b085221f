import { detectEol, LineIndex, type TextEdit } from "../shared/text";
import { isReadOnly, type CatalogAction, type IamCatalog } from "./catalog";
import { indentUnit, inlineOrMultiLine, multiLineList, writeString, yamlColonAfterKey } from "./fixes";
import type { ParsedPolicies, Statement } from "./policy";
import { hasWildcard, wildcardMatch } from "./wildcard";

/** The Allow statement whose `NotAction` key starts at `offset` (or whose NotAction element holds it, with `within`). */
export function locateNotAction(parsed: ParsedPolicies, offset: number, within = false): Statement | undefined {
  return parsed.statements.find((s) => {
    const field = s.action;
    if (!field?.not || s.effect !== "Allow") return false;
    if (field.keyOffset === offset) return true;
    return within && offset >= field.keyOffset && offset <= field.value.offset + field.value.length;
  });
}

/**
 * Services an Allow + NotAction statement is evidently about, so that its
 * explicit replacement lists their actions and not all 22,000: services the
 * NotAction itself names but does not exclude entirely (`s3:DeleteBucket`:
 * "all of S3 but this"), the services of the Resource ARNs, and those of
 * service condition keys.
 */
export function impliedServices(statement: Statement, catalog: IamCatalog): string[] {
  const out = new Set<string>();
  const patterns = statement.action?.items.map((i) => i.value) ?? [];
  const add = (prefix: string) => {
    if (!hasWildcard(prefix) && catalog.hasService(prefix)) out.add(prefix.toLowerCase());
  };
  for (const pattern of patterns) {
    const colon = pattern.indexOf(":");
    if (colon > 0) add(pattern.slice(0, colon));
  }
  for (const resource of statement.resources?.not ? [] : (statement.resources?.values ?? [])) {
    const arn = /^arn:[^:]*:([^:]+):/.exec(resource);
    if (arn) add(arn[1]);
  }
  for (const key of statement.conditionKeys) {
    const colon = key.indexOf(":");
    if (colon > 0 && key.slice(0, colon).toLowerCase() !== "aws") add(key.slice(0, colon));
  }
  return [...out].filter((s) => allowedActions(statement, catalog, [s]).length > 0).sort();
}

/** Catalogue actions of `services` that the statement's NotAction patterns do not match: what it grants there. */
export function allowedActions(statement: Statement, catalog: IamCatalog, services: readonly string[]): CatalogAction[] {
  const patterns = statement.action?.items.map((i) => i.value) ?? [];
  return services.flatMap((s) => catalog.actionsOf(s).filter((a) => !patterns.some((p) => wildcardMatch(p, a.full))));
}

export interface NotActionChoices {
  /** The NotAction key, where the command finds the statement again. */
  offset: number;
  /** What the statement excludes, as written. */
  excluded: string[];
  /** Services the choices come from; empty when the statement implies none and the user has to say. */
  services: string[];
  choices: CatalogAction[];
  /** List and Read actions: the least-privilege starting point. */
  preselected: string[];
}

/** What the "Replace NotAction with explicit actions…" command offers for the statement at `offset`. */
export function notActionChoices(
  parsed: ParsedPolicies,
  offset: number,
  catalog: IamCatalog,
  services?: readonly string[],
  within = false,
): NotActionChoices | undefined {
  const statement = locateNotAction(parsed, offset, within);
  if (!statement?.action) return undefined;
  const chosenServices = services
    ? services.map((s) => s.toLowerCase()).filter((s) => catalog.hasService(s))
    : impliedServices(statement, catalog);
  const choices = allowedActions(statement, catalog, chosenServices);
  return {
    offset: statement.action.keyOffset,
    excluded: statement.action.items.map((i) => i.value),
    services: chosenServices,
    choices,
    preselected: choices.filter(isReadOnly).map((a) => a.full),
  };
}

const RENAMED: Record<string, string> = { NotAction: "Action", not_actions: "actions" };

/**
 * Edits that turn the Allow + NotAction statement whose key is at `offset`
 * into Allow + Action with `actions`, written in the file's syntax: the key
 * renamed (`NotAction` → `Action`, `not_actions` → `actions`) and its value
 * replaced by the list. Undefined when there is no such statement or no action.
 */
export function notActionEdits(text: string, parsed: ParsedPolicies, offset: number, actions: readonly string[]): TextEdit[] | undefined {
  const statement = locateNotAction(parsed, offset);
  const field = statement?.action;
  if (!statement || !field || actions.length === 0) return undefined;
  const renamed = RENAMED[field.key];
  if (!renamed) return undefined;
  const seen = new Set<string>();
  const values = actions.filter((a) => !seen.has(a.toLowerCase()) && !!seen.add(a.toLowerCase()));
  const quote = field.items[0]?.quote ?? (statement.syntax === "yaml" ? "" : '"');
  const written = values.map((v) => writeString(v, statement.syntax, quote));
  const eol = detectEol(text);
  const lines = new LineIndex(text);
  const unit = indentUnit(text, statement.syntax);
  const keyIndent = /^[ \t]*/.exec(lines.lineText(lines.positionAt(field.keyOffset).line))![0];
  const key: TextEdit = { offset: field.keyOffset, length: field.keyLength, newText: renamed };
  const value = field.value;

  if (statement.syntax === "yaml") {
    const flow = statement.node.flow || (value.kind === "array" && value.flow);
    const colon = yamlColonAfterKey(text, field.keyOffset + field.keyLength, value.offset);
    if (!flow && colon >= 0) {
      // A block sequence one step deeper than the key, in place of whatever the value was.
      const keyColumn =
        lines.positionAt(field.keyOffset).character - (text[field.keyOffset - 1] === '"' || text[field.keyOffset - 1] === "'" ? 1 : 0);
      const indent = " ".repeat(keyColumn + unit.length);
      const end = yamlValueEnd(text, value.offset + value.length);
      return [key, { offset: colon + 1, length: end - (colon + 1), newText: written.map((w) => `${eol}${indent}- ${w}`).join("") }];
    }
  }
  const oneLine = lines.positionAt(statement.node.offset).line === lines.positionAt(statement.node.offset + statement.node.length).line;
  const list = oneLine
    ? inlineOrMultiLine(written, lines, value, keyIndent, unit, eol, statement.syntax)
    : multiLineList(written, keyIndent, unit, eol, statement.syntax);
  return [key, { offset: value.offset, length: value.length, newText: list }];
}

/** A YAML block value's range can end after its last line break: the replacement keeps that line break. */
function yamlValueEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && (text[e - 1] === "\n" || text[e - 1] === "\r" || text[e - 1] === " " || text[e - 1] === "\t")) e--;
  return e;
}
