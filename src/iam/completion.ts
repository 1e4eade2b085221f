import type { CatalogAction, IamCatalog } from "./catalog";
import type { IamDocs } from "./docs";
import type { ParsedPolicies, Statement } from "./policy";
import type { PNode, PObject } from "./tree";
import { hasWildcard } from "./wildcard";

/** What is being completed. */
export type IamCompletionKind = "service" | "action" | "condition-operator" | "condition-key";

export interface IamCompletionItem {
  kind: IamCompletionKind;
  /** Shown in the list and matched against what was typed (case-insensitively). */
  label: string;
  /** Text inserted in place of the typed range. */
  insertText: string;
  /** Set when the inserted text has placeholders to fill (`aws:ResourceTag/${1:TagKey}`), in VS Code snippet syntax. */
  snippet?: string;
  /** One line beside the item: access level and description, a service's name, a key's type. */
  detail?: string;
  /** Markdown shown for the selected item. */
  documentation?: string;
  /** Completion continues after this item (a service prefix, then its actions). */
  retrigger?: boolean;
}

export interface IamCompletions {
  /** The typed range that the items replace: from `start` to the cursor while inserting, to `end` when replacing. */
  start: number;
  end: number;
  items: IamCompletionItem[];
}

/** Where a position is in a statement, for completion. */
export interface CompletionContext {
  kind: "action" | "condition-operator" | "condition-key";
  statement: Statement;
  /** The string being typed: its characters from `start` to `end`, the cursor somewhere between. */
  start: number;
  end: number;
}

/** A condition key the catalogue knows for some action, with its type when known. */
export interface ConditionKeyEntry {
  key: string;
  type?: string;
}

/**
 * Where the condition keys come from: those valid for a set of actions (the
 * actions' own keys and their resource types' keys) and the global `aws:` keys.
 */
export interface ConditionKeySource {
  keysForActions(actions: readonly CatalogAction[]): ConditionKeyEntry[];
  globalKeys(): ConditionKeyEntry[];
}

/**
 * IAM's condition operators (AWS "IAM JSON policy elements: Condition
 * operators"), with the key types they compare. Each also exists with
 * `IfExists` appended, except Null.
 */
export const CONDITION_OPERATORS: readonly { name: string; types: string; doc: string }[] = [
  { name: "StringEquals", types: "String", doc: "Exact match, case-sensitive." },
  { name: "StringNotEquals", types: "String", doc: "Negated exact match, case-sensitive." },
  { name: "StringEqualsIgnoreCase", types: "String", doc: "Exact match, ignoring case." },
  { name: "StringNotEqualsIgnoreCase", types: "String", doc: "Negated exact match, ignoring case." },
  { name: "StringLike", types: "String", doc: "Case-sensitive match with `*` and `?` wildcards." },
  { name: "StringNotLike", types: "String", doc: "Negated case-sensitive match with `*` and `?` wildcards." },
  { name: "NumericEquals", types: "Numeric", doc: "Number equal to." },
  { name: "NumericNotEquals", types: "Numeric", doc: "Number not equal to." },
  { name: "NumericLessThan", types: "Numeric", doc: "Number less than." },
  { name: "NumericLessThanEquals", types: "Numeric", doc: "Number less than or equal to." },
  { name: "NumericGreaterThan", types: "Numeric", doc: "Number greater than." },
  { name: "NumericGreaterThanEquals", types: "Numeric", doc: "Number greater than or equal to." },
  { name: "DateEquals", types: "Date", doc: "Matches a specific date (ISO 8601 or epoch seconds)." },
  { name: "DateNotEquals", types: "Date", doc: "Negated date match." },
  { name: "DateLessThan", types: "Date", doc: "Before a date." },
  { name: "DateLessThanEquals", types: "Date", doc: "At or before a date." },
  { name: "DateGreaterThan", types: "Date", doc: "After a date." },
  { name: "DateGreaterThanEquals", types: "Date", doc: "At or after a date." },
  { name: "Bool", types: "Bool", doc: '`"true"` or `"false"`.' },
  { name: "BinaryEquals", types: "Binary", doc: "Byte-for-byte match of a base-64 encoded value." },
  { name: "IpAddress", types: "IPAddress", doc: "Within an IP address or CIDR range." },
  { name: "NotIpAddress", types: "IPAddress", doc: "Outside every IP address or CIDR range given." },
  { name: "ArnEquals", types: "ARN", doc: "ARN match, each of the six colon-separated parts compared on its own; `*` and `?` allowed." },
  { name: "ArnLike", types: "ARN", doc: "ARN match, each of the six colon-separated parts compared on its own; `*` and `?` allowed." },
  { name: "ArnNotEquals", types: "ARN", doc: "Negated ARN match." },
  { name: "ArnNotLike", types: "ARN", doc: "Negated ARN match." },
  { name: "Null", types: "any", doc: '`"true"`: the key is absent from the request; `"false"`: it is present.' },
];

/** Set operators that prefix another operator for multivalued keys. */
const SET_OPERATORS = [
  { name: "ForAllValues:", doc: "Every value in the request must match one of the condition's values (multivalued keys)." },
  { name: "ForAnyValue:", doc: "At least one value in the request must match one of the condition's values (multivalued keys)." },
];

/** Above this many services in a statement's actions (`*`, `*:Get*`), only global keys are offered. */
const MAX_KEY_SERVICES = 12;

const ACTION_KEYS = new Set(["Action", "NotAction", "actions", "not_actions"]);

function within(offset: number, start: number, end: number): boolean {
  return offset >= start && offset <= end;
}

/** The string (or YAML empty item) of `node` under the cursor, as a start..end range of its characters. */
function stringAt(node: PNode | undefined, offset: number): { start: number; end: number } | undefined {
  if (!node) return undefined;
  if (node.kind === "string") {
    const end = node.contentOffset + node.contentLength;
    return node.exact && within(offset, node.contentOffset, end) ? { start: node.contentOffset, end } : undefined;
  }
  // YAML `- ` or `Action: ` with nothing typed yet: an empty value at the cursor.
  if (node.kind === "other" && !node.intrinsic && node.length === 0 && node.offset === offset) return { start: offset, end: offset };
  if (node.kind === "array") {
    for (const item of node.items) {
      const found = stringAt(item, offset);
      if (found) return found;
    }
  }
  return undefined;
}

function keyAt(node: PObject, offset: number): { start: number; end: number; key: string } | undefined {
  for (const e of node.entries) {
    if (within(offset, e.keyOffset, e.keyOffset + e.keyLength)) return { start: e.keyOffset, end: e.keyOffset + e.keyLength, key: e.key };
  }
  return undefined;
}

/** Where the cursor is inside the `Condition` element of JSON, YAML or `jsonencode` policies. */
function conditionContext(statement: Statement, condition: PNode | undefined, offset: number): CompletionContext | undefined {
  if (!condition) return undefined;
  if (condition.kind === "string") {
    // YAML `Condition:` followed by a half-typed operator on the next line.
    const s = stringAt(condition, offset);
    return s ? { kind: "condition-operator", statement, ...s } : undefined;
  }
  if (condition.kind !== "object") return undefined;
  const operator = keyAt(condition, offset);
  if (operator) return { kind: "condition-operator", statement, start: operator.start, end: operator.end };
  for (const e of condition.entries) {
    const body = e.value;
    if (body?.kind === "object") {
      const key = keyAt(body, offset);
      if (key) return { kind: "condition-key", statement, start: key.start, end: key.end };
    } else if (body?.kind === "string") {
      const s = stringAt(body, offset);
      if (s) return { kind: "condition-key", statement, ...s };
    }
  }
  return undefined;
}

/**
 * In an `aws_iam_policy_document` statement block, `test = "..."` and
 * `variable = "..."` inside a `condition` block. The statement's tree holds
 * only its attributes, so the block is recognised from the text: the cursor's
 * line is the attribute, and the nearest unclosed brace before it opens a
 * `condition` block.
 */
function hclConditionContext(text: string, statement: Statement, offset: number): CompletionContext | undefined {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const lineEndAt = text.indexOf("\n", offset);
  const line = text.slice(lineStart, lineEndAt < 0 ? text.length : lineEndAt);
  const m = /^(\s*)(test|variable)(\s*=\s*")([^"\n]*)"?/.exec(line);
  if (!m) return undefined;
  const start = lineStart + m[1].length + m[2].length + m[3].length;
  const end = start + m[4].length;
  if (!within(offset, start, end)) return undefined;
  let depth = 0;
  for (let i = lineStart - 1; i > statement.node.offset; i--) {
    const c = text[i];
    if (c === "}") depth++;
    else if (c === "{") {
      if (depth === 0) {
        const before = text.slice(text.lastIndexOf("\n", i - 1) + 1, i);
        if (!/^\s*condition\s*$/.test(before)) return undefined;
        return { kind: m[2] === "test" ? "condition-operator" : "condition-key", statement, start, end };
      }
      depth--;
    }
  }
  return undefined;
}

/** What kind of value the cursor is in, if completion has anything to offer there. */
export function completionContext(text: string, offset: number, parsed: ParsedPolicies): CompletionContext | undefined {
  for (const statement of parsed.statements) {
    const node = statement.node;
    if (!within(offset, node.offset, node.offset + node.length)) continue;
    for (const e of node.entries) {
      if (ACTION_KEYS.has(e.key)) {
        const s = stringAt(e.value, offset);
        if (s) return { kind: "action", statement, ...s };
      }
    }
    const condition = conditionContext(statement, node.entries.find((e) => e.key === "Condition")?.value, offset);
    if (condition) return condition;
    if (statement.syntax === "hcl" && !node.flow) {
      const hcl = hclConditionContext(text, statement, offset);
      if (hcl) return hcl;
    }
  }
  return undefined;
}

/**
 * Condition keys from the catalogue (each action's own keys and its resource
 * types', with their types) and the global keys the documentation index
 * lists. Undefined when the catalogue has no condition keys (a format 1 index).
 */
export function catalogConditionKeys(catalog: IamCatalog, docs?: IamDocs): ConditionKeySource | undefined {
  if (!catalog.hasDetails) return undefined;
  const withType = (key: string): ConditionKeyEntry => ({ key, type: catalog.conditionKey(key)?.type });
  return {
    keysForActions: (actions) => {
      const keys = new Set<string>();
      for (const action of actions) for (const key of catalog.actionDetails(action).conditionKeys) keys.add(key);
      return [...keys].sort((a, b) => a.localeCompare(b, "en")).map(withType);
    },
    globalKeys: () => [
      ...(docs?.globalConditionKeys ?? []),
      ...catalog.allConditionKeys().filter((k) => k.key.toLowerCase().startsWith("aws:")),
    ],
  };
}

export interface CompletionSources {
  catalog: IamCatalog;
  /** Descriptions; without them items carry access levels and names only. */
  docs?: IamDocs;
  conditionKeys?: ConditionKeySource;
}

/** Completion items at `offset` of a parsed text, or undefined where there is nothing to complete. */
export function iamCompletions(
  text: string,
  offset: number,
  parsed: ParsedPolicies,
  sources: CompletionSources,
): IamCompletions | undefined {
  const context = completionContext(text, offset, parsed);
  if (!context) return undefined;
  const typed = text.slice(context.start, offset);
  let items: IamCompletionItem[];
  switch (context.kind) {
    case "action":
      items = actionItems(typed, sources);
      break;
    case "condition-operator":
      items = operatorItems(typed);
      break;
    case "condition-key":
      items = conditionKeyItems(context.statement, sources);
      break;
  }
  return { start: context.start, end: context.end, items };
}

function escapeMd(s: string): string {
  return s.replace(/([\\`*_{}[\]()#+!|<>])/g, "\\$1");
}

/** Service prefixes until a colon is typed, then the actions of the service before it. */
function actionItems(typed: string, sources: CompletionSources): IamCompletionItem[] {
  const { catalog } = sources;
  if (hasWildcard(typed)) return [];
  const colon = typed.indexOf(":");
  if (colon < 0) {
    return catalog.servicePrefixes().map((prefix) => {
      const name = catalog.serviceName(prefix) ?? prefix;
      const count = catalog.actionsOf(prefix).length;
      return {
        kind: "service",
        label: prefix,
        insertText: `${prefix}:`,
        detail: name,
        documentation: `**${escapeMd(prefix)}**: ${escapeMd(name)}, ${count.toLocaleString("en-US")} actions.`,
        retrigger: true,
      };
    });
  }
  const prefix = typed.slice(0, colon);
  if (!catalog.hasService(prefix)) return [];
  const serviceName = catalog.serviceName(prefix) ?? prefix;
  return catalog.actionsOf(prefix).map((action) => actionItem(action, serviceName, sources));
}

/** Condition keys named in an action's documentation before "and N more". */
const DOC_KEY_CAP = 8;

function actionItem(action: CatalogAction, serviceName: string, { catalog, docs }: CompletionSources): IamCompletionItem {
  const level = action.levels.join(" + ");
  const description = docs?.action(action.full);
  // The detail line carries level and description; the documentation adds what the catalogue knows of resources and keys.
  const details = catalog.hasDetails ? catalog.actionDetails(action) : undefined;
  const types = details?.resourceTypes.map((t) => `\`${t.name}\``) ?? [];
  const resources = action.wildcardOnly
    ? 'Accepts only `Resource: "*"` (no resource types).'
    : types.length > 0
      ? `Resource types: ${types.join(", ")}.`
      : "";
  const keys = details?.conditionKeys ?? [];
  const shownKeys = keys.slice(0, DOC_KEY_CAP).map((k) => `\`${k}\``);
  const keyText =
    keys.length > 0
      ? `Condition keys: ${shownKeys.join(", ")}${keys.length > DOC_KEY_CAP ? ` and ${keys.length - DOC_KEY_CAP} more` : ""}.`
      : "";
  return {
    kind: "action",
    label: action.full,
    insertText: action.full,
    detail: description ? `${level} · ${description}` : `${level} · ${serviceName}`,
    documentation: [`**${escapeMd(action.full)}** (${escapeMd(serviceName)}), access level ${level}.`, resources, keyText]
      .filter(Boolean)
      .join("\n\n"),
  };
}

/** Operators, their `IfExists` forms, and the set-operator prefixes (`ForAllValues:`), which continue with an operator. */
function operatorItems(typed: string): IamCompletionItem[] {
  const set = SET_OPERATORS.find((s) => typed.toLowerCase().startsWith(s.name.toLowerCase()));
  const lead = set ? set.name : "";
  const items: IamCompletionItem[] = [];
  for (const op of CONDITION_OPERATORS) {
    if (set && op.name === "Null") continue;
    const names = op.name === "Null" ? [op.name] : [op.name, `${op.name}IfExists`];
    for (const name of names) {
      const ifExists = name.endsWith("IfExists") ? " Matches also when the key is absent from the request." : "";
      items.push({
        kind: "condition-operator",
        label: lead + name,
        insertText: lead + name,
        detail: `Condition operator · ${op.types} keys`,
        documentation: `**${lead}${name}**: ${op.doc}${ifExists}${set ? ` ${set.doc}` : ""}`,
      });
    }
  }
  if (!set) {
    for (const s of SET_OPERATORS) {
      items.push({
        kind: "condition-operator",
        label: s.name,
        insertText: s.name,
        detail: "Set operator",
        documentation: `**${s.name}** ${s.doc}`,
        retrigger: true,
      });
    }
  }
  return items;
}

/** Placeholders in a key's spelling (`${TagKey}`, `<key>`). */
const PLACEHOLDER = /(\$\{[^}]*\}|<[^>]*>)/;

/** A key's placeholders as snippet tab stops: `aws:ResourceTag/${1:TagKey}`. */
function keySnippet(key: string): string | undefined {
  const parts = key.split(PLACEHOLDER);
  if (parts.length === 1) return undefined;
  let n = 0;
  return parts.map((p, i) => (i % 2 === 1 ? `\${${++n}:${placeholderName(p)}}` : p.replace(/[$}\\]/g, "\\$&"))).join("");
}

function placeholderName(placeholder: string): string {
  return placeholder.replace(/^\$\{|\}$|^<|>$/g, "");
}

/** Global keys first, then those of the statement's actions; only global keys when the actions span many services. */
function conditionKeyItems(statement: Statement, { catalog, docs, conditionKeys }: CompletionSources): IamCompletionItem[] {
  if (!conditionKeys) return [];
  const actions = new Map<string, CatalogAction>();
  if (statement.action && !statement.action.not) {
    const trust = statement.kind === "trust";
    for (const item of statement.action.items) {
      const pattern = trust && item.value === "*" ? "sts:*" : item.value;
      for (const a of catalog.expand(pattern)) actions.set(a.full, a);
    }
  }
  const services = new Set([...actions.values()].map((a) => a.service));
  const entries = [
    ...conditionKeys.globalKeys(),
    ...(services.size <= MAX_KEY_SERVICES ? conditionKeys.keysForActions([...actions.values()]) : []),
  ];
  const seen = new Set<string>();
  const items: IamCompletionItem[] = [];
  for (const { key, type } of entries) {
    const lower = key.toLowerCase();
    if (seen.has(lower)) continue;
    seen.add(lower);
    const description = docs?.conditionKey(key);
    const snippet = keySnippet(key);
    items.push({
      kind: "condition-key",
      label: key,
      insertText: key
        .split(PLACEHOLDER)
        .map((p, i) => (i % 2 === 1 ? placeholderName(p) : p))
        .join(""),
      ...(snippet ? { snippet } : {}),
      detail: [type, description].filter(Boolean).join(" · ") || (lower.startsWith("aws:") ? "Global condition key" : "Condition key"),
      documentation: [`**${escapeMd(key)}**${type ? ` (${type})` : ""}`, description ? escapeMd(description) + "." : ""]
        .filter(Boolean)
        .join("\n\n"),
    });
  }
  return items;
}
