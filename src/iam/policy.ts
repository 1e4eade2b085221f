import { parseHcl, type HBlock, type HBody, type HExpr } from "./hcl";
import { jsonTree, yamlTrees, type PArray, type PEntry, type PNode, type PObject, type PString, type Syntax } from "./tree";

/** How a file is read. */
export type PolicyFormat = "json" | "yaml" | "terraform";

/** Identity policies grant to who holds them; resource policies name a Principal; trust policies say who may assume a role. */
export type PolicyKind = "identity" | "resource" | "trust";

export interface ActionField {
  /** Key as written: `Action`, `NotAction`, `actions`, `not_actions`. */
  key: string;
  not: boolean;
  keyOffset: number;
  keyLength: number;
  /** The value as written: a string or a list (anything else has no items). */
  value: PNode;
  /** Literal, exactly located action strings, in order. */
  items: PString[];
}

export interface Statement {
  syntax: Syntax;
  /** False inside JSON (also JSON heredocs in Terraform): "ignore" goes to the project file. */
  commentable: boolean;
  kind: PolicyKind;
  /** The statement as written (object or block). */
  node: PObject;
  /** `Allow` or `Deny` when literal, `unknown` for intrinsics, typos or a missing Effect. */
  effect: "Allow" | "Deny" | "unknown";
  action?: ActionField;
  /** Literal resource strings; `literal` is false when any entry is not a plain string. */
  resources?: { not: boolean; values: string[]; literal: boolean };
  /** Condition keys named in the statement (`iam:PassedToService`), and whether it has a condition at all. */
  conditionKeys: string[];
  hasCondition: boolean;
  hasPrincipal: boolean;
  /** The policy document (`{Version, Statement}`) the statement is in, when there is one (not in Serverless lists or Terraform blocks). */
  document?: PolicyDocument;
}

export interface PolicyDocument {
  node: PObject;
  /** The document is the whole file (or a whole JSON heredoc), as a policy pasted into the IAM console is. */
  whole: boolean;
}

export interface ParsedPolicies {
  /** Undefined for a file that cannot hold policies (see detectFormat): no statements. */
  format: PolicyFormat | undefined;
  statements: Statement[];
  /** Parse problems (the file is half-typed); statements found are still exact. */
  errors: number;
  /** For Terraform, the comment marker the file prefers. */
  commentStyle: "#" | "//";
}

/**
 * A cheap test that a text may hold IAM policy statements, run before any
 * parsing so that ordinary files cost one or two regular-expression scans.
 */
export function mayContainPolicy(text: string): boolean {
  return /Statement|statement|iamRoleStatements/.test(text) && /[Aa]ctions?\b/.test(text);
}

const TERRAFORM_LANGUAGES = new Set(["terraform", "terraform-vars", "hcl"]);
const JSON_LANGUAGES = new Set(["json", "jsonc"]);
const YAML_LANGUAGES = new Set(["yaml", "dockercompose"]);

/**
 * Picks the reader from the language id or file name. Only what can hold
 * policies is read: JSON, YAML and Terraform by language id or extension;
 * files whose name says nothing (no extension, or CloudFormation's
 * `.template`) by their content; and under any other name only a text that
 * is a JSON document as a whole (a policy an agent writes to `policy.txt`).
 * Anything else gives undefined: a JavaScript test or a README that mentions
 * "Statement" and "Action" is not parsed as YAML.
 */
export function detectFormat(text: string, fileName = "", languageId = ""): PolicyFormat | undefined {
  const lang = languageId.toLowerCase();
  const name = fileName.split(/[\\/]/).pop()!.toLowerCase();
  if (TERRAFORM_LANGUAGES.has(lang) || /\.(tf|hcl|tofu)$/.test(name)) return "terraform";
  if (JSON_LANGUAGES.has(lang) || /\.(json|jsonc)$/.test(name)) return "json";
  if (YAML_LANGUAGES.has(lang) || /\.(ya?ml)$/.test(name)) return "yaml";
  const start = text.replace(/^(\uFEFF|\s|\/\/[^\n]*\n)*/, "");
  // A leading dot starts a name (`.policy`), not an extension.
  const saysNothing = name.lastIndexOf(".") <= 0 || name.endsWith(".template");
  if (!saysNothing) return /^(\{|\[\s*[[{"\]])/.test(start) ? "json" : undefined;
  if (start.startsWith("{") || start.startsWith("[")) return "json";
  if (/^\s*(resource|data|provider|module|locals|variable|terraform)\s+("[^"]*"\s*)*\{/m.test(text)) return "terraform";
  return "yaml";
}

/**
 * The policy statements of a text. A text nested deeper than the parsers'
 * recursion can follow (thousands of levels, only ever seen in generated or
 * hostile files) gives no statements and one error instead of a stack overflow.
 */
export function extractPolicies(text: string, fileName = "", languageId = ""): ParsedPolicies {
  const format = detectFormat(text, fileName, languageId);
  if (format === undefined) return { format, statements: [], errors: 0, commentStyle: "#" };
  try {
    return extractFormat(text, format);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    return { format, statements: [], errors: 1, commentStyle: "#" };
  }
}

function extractFormat(text: string, format: PolicyFormat): ParsedPolicies {
  const statements: Statement[] = [];
  if (format === "json") {
    const { root, errors } = jsonTree(text);
    if (root) findStatements(root, { syntax: "json", commentable: false, statements, wholeText: true });
    keepExact(text, statements);
    return { format, statements, errors, commentStyle: "#" };
  }
  if (format === "yaml") {
    const { roots, errors } = yamlTrees(text);
    for (const root of roots) findStatements(root, { syntax: "yaml", commentable: true, statements });
    keepExact(text, statements);
    return { format, statements, errors, commentStyle: "#" };
  }
  const hcl = parseHcl(text);
  walkHclBody(hcl.body, text, statements);
  keepExact(text, statements);
  return { format, statements, errors: hcl.errors.length, commentStyle: hcl.commentStyle };
}

interface Walk {
  syntax: Syntax;
  commentable: boolean;
  statements: Statement[];
  /** Set when the caller knows (a Terraform `assume_role_policy` attribute). */
  kind?: PolicyKind;
  /** The tree walked is a whole JSON text (a file or a heredoc), not a value inside a template. */
  wholeText?: boolean;
}

const TRUST_KEYS = new Set(["AssumeRolePolicyDocument", "assume_role_policy", "TrustPolicy", "AssumeRolePolicy"]);

/**
 * Finds statements anywhere in a tree by their shape, not by where a
 * particular tool puts them: objects with a `Statement` (policy documents in
 * standalone files, CLI output, CloudFormation/SAM properties, Terraform
 * `jsonencode`), Serverless `iamRoleStatements` and `iam.role.statements`,
 * and SAM `Policies` lists that hold statements directly.
 */
function findStatements(node: PNode, walk: Walk, parentKey?: string, path: string[] = []): void {
  if (node.kind === "object") {
    const statement = node.entries.find((e) => e.key === "Statement");
    if (statement?.value && looksLikeStatements(statement.value)) {
      const docs = statementObjects(statement.value);
      const kind = walk.kind ?? policyKind(parentKey, docs);
      const document: PolicyDocument = { node, whole: path.length === 0 && !!walk.wholeText };
      for (const doc of docs) walk.statements.push({ ...readStatement(doc, walk, kind), document });
      return;
    }
    for (const e of node.entries) {
      if (!e.value) continue;
      const isServerless =
        e.key === "iamRoleStatements" || (e.key === "statements" && path[path.length - 1] === "role" && path[path.length - 2] === "iam");
      if (isServerless && looksLikeStatements(e.value)) {
        for (const doc of statementObjects(e.value)) walk.statements.push(readStatement(doc, walk, "identity"));
        continue;
      }
      findStatements(e.value, walk, e.key, [...path, e.key]);
    }
    return;
  }
  if (node.kind === "array") {
    for (const item of node.items) {
      if (parentKey === "Policies" && item.kind === "object" && isStatementObject(item)) {
        walk.statements.push(readStatement(item, walk, "identity"));
      } else {
        findStatements(item, walk, parentKey, path);
      }
    }
  }
}

function isStatementObject(node: PNode): node is PObject {
  return node.kind === "object" && node.entries.some((e) => e.key === "Action" || e.key === "NotAction");
}

function looksLikeStatements(node: PNode): boolean {
  if (node.kind === "object") return isStatementObject(node);
  if (node.kind === "array") return node.items.some(isStatementObject);
  return false;
}

function statementObjects(node: PNode): PObject[] {
  if (node.kind === "object") return [node];
  if (node.kind === "array") return node.items.filter((i): i is PObject => i.kind === "object");
  return [];
}

function policyKind(parentKey: string | undefined, docs: PObject[]): PolicyKind {
  if (parentKey && TRUST_KEYS.has(parentKey)) return "trust";
  const principals = docs.filter((d) => d.entries.some((e) => e.key === "Principal" || e.key === "NotPrincipal"));
  if (docs.length > 0 && principals.length === docs.length) {
    const actions = docs.flatMap((d) => literalStrings(d.entries.find((e) => e.key === "Action")?.value));
    if (actions.length > 0 && actions.every((a) => /^sts:/i.test(a))) return "trust";
    return "resource";
  }
  return "identity";
}

function literalStrings(node: PNode | undefined): string[] {
  if (!node) return [];
  if (node.kind === "string") return [node.value];
  if (node.kind === "array") return node.items.filter((i): i is PString => i.kind === "string").map((i) => i.value);
  return [];
}

function readEffect(node: PNode | undefined, defaultAllow: boolean): Statement["effect"] {
  if (!node) return defaultAllow ? "Allow" : "unknown";
  if (node.kind !== "string") return "unknown";
  const v = node.value.trim().toLowerCase();
  return v === "allow" ? "Allow" : v === "deny" ? "Deny" : "unknown";
}

function readActionField(e: PEntry | undefined, not: boolean): ActionField | undefined {
  if (!e?.value) return undefined;
  const items: PString[] = [];
  if (e.value.kind === "string") {
    if (e.value.exact) items.push(e.value);
  } else if (e.value.kind === "array") {
    for (const item of e.value.items) if (item.kind === "string" && item.exact) items.push(item);
  }
  return { key: e.key, not, keyOffset: e.keyOffset, keyLength: e.keyLength, value: e.value, items: items.filter(isLiteralAction) };
}

/** Interpolations (`${...}`) make a string something other than what it says. */
function isLiteralAction(s: PString): boolean {
  return !s.value.includes("${") && !s.value.includes("%{") && s.value.length > 0;
}

function readResources(e: PEntry | undefined, not: boolean): Statement["resources"] {
  if (!e?.value) return undefined;
  const node = e.value;
  if (node.kind === "string") return { not, values: [node.value], literal: true };
  if (node.kind === "array") {
    const strings = node.items.filter((i): i is PString => i.kind === "string");
    return { not, values: strings.map((s) => s.value), literal: strings.length === node.items.length };
  }
  return { not, values: [], literal: false };
}

function conditionKeys(node: PNode | undefined): string[] {
  if (!node || node.kind !== "object") return [];
  const keys: string[] = [];
  for (const operator of node.entries) {
    if (operator.value?.kind === "object") for (const k of operator.value.entries) keys.push(k.key);
  }
  return keys;
}

function readStatement(node: PObject, walk: Walk, kind: PolicyKind): Statement {
  const get = (k: string) => node.entries.find((e) => e.key === k);
  const actionEntry = get("Action");
  const notActionEntry = get("NotAction");
  const resource = get("Resource");
  const notResource = get("NotResource");
  const condition = get("Condition");
  return {
    syntax: walk.syntax,
    commentable: walk.commentable,
    kind,
    node,
    effect: readEffect(get("Effect")?.value, false),
    action: actionEntry ? readActionField(actionEntry, false) : readActionField(notActionEntry, true),
    resources: resource ? readResources(resource, false) : readResources(notResource, true),
    conditionKeys: conditionKeys(condition?.value),
    hasCondition: !!condition?.value && !(condition.value.kind === "object" && condition.value.entries.length === 0),
    hasPrincipal: !!(get("Principal") ?? get("NotPrincipal")),
  };
}

// ---------------------------------------------------------------- Terraform

function walkHclBody(body: HBody, text: string, statements: Statement[]): void {
  for (const item of body.items) {
    if (item.kind === "attribute") {
      walkHclExpr(item.value, text, statements, item.name);
      continue;
    }
    if (item.type === "data" && item.labels[0] === "aws_iam_policy_document") {
      for (const inner of item.body.items) {
        if (inner.kind !== "block") continue;
        if (inner.type === "statement") statements.push(readHclStatement(inner));
        if (inner.type === "dynamic" && inner.labels[0] === "statement") {
          const content = inner.body.items.find((b): b is HBlock => b.kind === "block" && b.type === "content");
          if (content) statements.push(readHclStatement(content));
        }
      }
      // Attributes such as source_policy_documents may hold heredocs too.
      walkHclBody({ items: item.body.items.filter((i) => i.kind === "attribute") }, text, statements);
      continue;
    }
    walkHclBody(item.body, text, statements);
  }
}

function walkHclExpr(expr: HExpr, text: string, statements: Statement[], key: string | undefined): void {
  const kind: PolicyKind | undefined = key && TRUST_KEYS.has(key) ? "trust" : undefined;
  switch (expr.kind) {
    case "call":
      if (expr.name === "jsonencode" && expr.args.length === 1) {
        findStatements(hclToTree(expr.args[0]), { syntax: "hcl", commentable: true, statements, kind }, key);
        return;
      }
      for (const arg of expr.args) walkHclExpr(arg, text, statements, key);
      return;
    case "heredoc": {
      if (!expr.terminated) return;
      const body = text.slice(expr.bodyOffset, expr.bodyEnd);
      if (!/^\s*[{[]/.test(body) || !mayContainPolicy(body)) return;
      const { root } = jsonTree(body, expr.bodyOffset, text);
      if (root) findStatements(root, { syntax: "json", commentable: false, statements, kind, wholeText: true }, key);
      return;
    }
    case "tuple":
      for (const item of expr.items) walkHclExpr(item, text, statements, key);
      return;
    case "object":
      for (const item of expr.items) walkHclExpr(item.value, text, statements, item.key);
      return;
    default:
      return;
  }
}

/** An HCL expression as a tree; only literal strings stay strings. */
function hclToTree(expr: HExpr): PNode {
  const base = { offset: expr.offset, length: expr.end - expr.offset };
  switch (expr.kind) {
    case "string": {
      if (expr.template || !expr.terminated) return { kind: "other", ...base };
      return {
        kind: "string",
        value: expr.value,
        ...base,
        contentOffset: expr.offset + 1,
        contentLength: expr.end - expr.offset - 2,
        quote: '"',
        // Set by the caller against the text; HCL escapes are rare in policies.
        exact: true,
      };
    }
    case "tuple":
      return { kind: "array", ...base, flow: true, items: expr.items.map(hclToTree) };
    case "object":
      return {
        kind: "object",
        ...base,
        flow: true,
        entries: expr.items.map((i) => ({
          key: i.key,
          keyOffset: i.keyOffset,
          keyLength: i.keyEnd - i.keyOffset,
          value: hclToTree(i.value),
        })),
      };
    case "call":
      return { kind: "other", ...base, intrinsic: expr.name };
    default:
      return { kind: "other", ...base };
  }
}

function readHclStatement(block: HBlock): Statement {
  const attrs = new Map<string, { name: string; nameOffset: number; value: HExpr }>();
  for (const item of block.body.items) if (item.kind === "attribute") attrs.set(item.name, item);
  const node: PObject = {
    kind: "object",
    offset: block.offset,
    length: block.end - block.offset,
    flow: false,
    entries: [...attrs.values()].map((a) => ({
      key: a.name,
      keyOffset: a.nameOffset,
      keyLength: a.name.length,
      value: hclToTree(a.value),
    })),
  };
  const entryOf = (name: string) => node.entries.find((e) => e.key === name);
  const actions = entryOf("actions");
  const notActions = entryOf("not_actions");
  const resources = entryOf("resources");
  const notResources = entryOf("not_resources");
  const conditions = block.body.items.filter((b): b is HBlock => b.kind === "block" && b.type === "condition");
  const keys: string[] = [];
  for (const c of conditions) {
    const variable = c.body.items.find((i) => i.kind === "attribute" && i.name === "variable");
    if (variable?.kind === "attribute" && variable.value.kind === "string" && !variable.value.template) keys.push(variable.value.value);
  }
  const statement: Statement = {
    syntax: "hcl",
    commentable: true,
    kind: "identity",
    node,
    // Terraform's aws_iam_policy_document defaults effect to "Allow".
    effect: readEffect(entryOf("effect")?.value, true),
    action: actions ? readActionField(actions, false) : readActionField(notActions, true),
    resources: resources ? readResources(resources, false) : readResources(notResources, true),
    conditionKeys: keys,
    hasCondition: conditions.length > 0,
    hasPrincipal: block.body.items.some((b) => b.kind === "block" && (b.type === "principals" || b.type === "not_principals")),
  };
  if (statement.hasPrincipal) {
    const literal = statement.action?.items.map((i) => i.value) ?? [];
    statement.kind = literal.length > 0 && literal.every((a) => /^sts:/i.test(a)) ? "trust" : "resource";
  }
  return statement;
}

/**
 * The last guard against a false range: an action is reported only where the
 * text at its range is exactly its value (HCL strings are decoded by the
 * tokenizer, so escapes are dropped here).
 */
function keepExact(text: string, statements: Statement[]): void {
  for (const st of statements) {
    if (!st.action) continue;
    st.action.items = st.action.items.filter(
      (s) => s.contentOffset >= 0 && text.slice(s.contentOffset, s.contentOffset + s.contentLength) === s.value,
    );
  }
}

export type { PArray, PObject, PString, PNode, PEntry };
