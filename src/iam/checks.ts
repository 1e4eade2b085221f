import { fingerprint } from "../shared/mask";
import type { Severity } from "../shared/severity";
import { LineIndex, type Range } from "../shared/text";
import { countByLevel, isMutating, type CatalogAction, type IamCatalog } from "./catalog";
import { checkIdOf, type AccessAnalyzerCode } from "./analyzer/codes";
import { severityOfCode, type IamCheckId, type IamSeverityMap } from "./checkIds";
import { passRoleSettled, validateStatements } from "./analyzer/validate";
import { extractPolicies, mayContainPolicy, type ParsedPolicies, type PString, type Statement } from "./policy";
import { ignoredChecks } from "./suppress";
import { hasWildcard, wildcardMatch } from "./wildcard";

export interface IamFinding {
  check: IamCheckId;
  severity: Severity;
  message: string;
  /** The action string (inside its quotes), or the NotAction key. */
  offset: number;
  length: number;
  range: Range;
  /** What the finding is about: the action string, or the NotAction list. */
  subject: string;
  /** Stable id of check + subject, for `.agent-security.json` suppressions. */
  fingerprint: string;
  /** Condition keys of the statement when they lowered the severity. */
  loweredBy?: string[];
  /** "Did you mean" candidates for unknown actions. */
  suggestions?: string[];
  /** For redundant actions: the wildcard that already grants them. */
  coveredBy?: string;
  /** The IAM Access Analyzer issue code this finding reproduces, when there is one (also named in the message). */
  code?: AccessAnalyzerCode;
}

export interface AnalyzeOptions {
  fileName?: string;
  languageId?: string;
  severities?: IamSeverityMap;
  /** Workspace suppressions (the project file), by check and fingerprint. */
  isSuppressed?: (check: IamCheckId, fingerprint: string) => boolean;
}

export function findingFingerprint(check: string, subject: string): string {
  return fingerprint(`${check}\n${subject}`);
}

const LOWER: Record<Severity, Severity> = { error: "warning", warning: "info", info: "hint", hint: "hint" };

/** Analyzes one text. Texts that cannot hold a policy cost one cheap scan. */
export function analyzeIam(text: string, catalog: IamCatalog, options: AnalyzeOptions = {}): IamFinding[] {
  if (!mayContainPolicy(text)) return [];
  return analyzeParsed(text, extractPolicies(text, options.fileName, options.languageId), catalog, options);
}

export function analyzeParsed(text: string, parsed: ParsedPolicies, catalog: IamCatalog, options: AnalyzeOptions = {}): IamFinding[] {
  const lines = new LineIndex(text);
  const findings: IamFinding[] = [];
  const add = (raw: RawFinding, commentable: boolean, fingerprintSubject = raw.subject) => {
    const configured = options.severities?.[raw.check];
    if (configured === "off") return;
    let severity: Severity = configured ?? raw.severity;
    if (raw.loweredBy) severity = LOWER[severity];
    const fp = findingFingerprint(raw.check, fingerprintSubject);
    if (commentable && ignoredChecks(lines, lines.positionAt(raw.offset).line).has(raw.check)) return;
    if (options.isSuppressed?.(raw.check, fp)) return;
    const message = raw.code ? `${raw.message} (Access Analyzer: ${raw.code})` : raw.message;
    findings.push({ ...raw, message, severity, fingerprint: fp, range: lines.rangeOf(raw.offset, raw.length) });
  };
  for (const statement of parsed.statements) {
    for (const raw of checkStatement(statement, catalog, text)) add(raw, statement.commentable);
  }
  // Comments can silence what is not at an action too, in formats that have them.
  const commentable = parsed.format === "yaml" || parsed.statements.some((s) => s.commentable);
  for (const aa of validateStatements(parsed.statements, catalog, text, parsed.errors === 0)) {
    const check = checkIdOf(aa.code) as IamCheckId;
    // The subject is the text the finding points at, as for every other check.
    const subject = text.slice(aa.offset, aa.offset + aa.length);
    // In a half-typed file a string may run on past its value: such a range is not reported.
    const before = text[aa.offset - 1];
    if ((before === '"' || before === "'") && text[aa.offset + aa.length] !== before) continue;
    // The fingerprint names what the finding is about (a `{` is every statement).
    add(
      { check, severity: severityOfCode(aa.code), message: aa.message, offset: aa.offset, length: aa.length, subject, code: aa.code },
      commentable,
      aa.subject,
    );
  }
  return findings.sort((a, b) => a.offset - b.offset || a.check.localeCompare(b.check) || (a.code ?? "").localeCompare(b.code ?? ""));
}

type RawFinding = Omit<IamFinding, "fingerprint" | "range">;

function quoteAction(value: string): string {
  return `"${value}"`;
}

const SUMMARY_ORDER = ["Write", "Permissions management", "Tagging", "Read", "List"];

/** "57 Write, 27 Permissions management, 12 Tagging, 66 Read, 18 List": what changes things first. */
export function levelSummary(actions: readonly CatalogAction[]): string {
  return countByLevel(actions)
    .sort((a, b) => SUMMARY_ORDER.indexOf(a.level) - SUMMARY_ORDER.indexOf(b.level))
    .map((c) => `${c.count} ${c.level}`)
    .join(", ");
}

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function resourceIsStar(statement: Statement): boolean {
  return !!statement.resources && !statement.resources.not && statement.resources.values.includes("*");
}

/** Why a condition lowers the severity, in words, or undefined when the statement has none. */
function conditionNote(statement: Statement): { keys: string[]; note: string } | undefined {
  if (!statement.hasCondition) return undefined;
  const keys = statement.conditionKeys;
  const named = keys.length > 0 ? ` (${keys.join(", ")})` : "";
  return { keys, note: ` Severity lowered one step: the statement has a Condition${named}.` };
}

/** What one statement grants that a reviewer should look at, before severities are configured. */
function checkStatement(statement: Statement, catalog: IamCatalog, text: string): RawFinding[] {
  const out: RawFinding[] = [];
  const field = statement.action;
  if (!field) return out;
  const allow = statement.effect === "Allow";
  const trust = statement.kind === "trust";
  const cond = conditionNote(statement);
  const lowered = cond ? { loweredBy: cond.keys } : {};
  const condText = cond?.note ?? "";

  if (field.not && allow) {
    const listed = field.items.map((i) => i.value);
    const star = resourceIsStar(statement) ? ' on every resource ("*")' : "";
    const except = listed.length === 0 ? "" : listed.length <= 3 ? ` except ${listed.join(", ")}` : ` except the ${listed.length} listed`;
    out.push({
      check: "iam-not-action-allow",
      severity: "warning",
      message:
        `Allow with ${field.key} grants every action${except}${star}, ` +
        `including actions AWS adds later. List the allowed actions under Action instead.${condText}`,
      offset: field.keyOffset,
      length: field.key.length,
      subject: `${field.key}:${[...listed].sort().join(",")}`,
      ...lowered,
    });
  }

  const expansions = new Map<PString, readonly CatalogAction[]>();
  for (const item of field.items) {
    const value = item.value;
    const expanded = expandForStatement(catalog, value, trust);
    expansions.set(item, expanded);
    const base = { offset: item.contentOffset, length: item.contentLength, subject: value };

    if (expanded.length === 0) {
      const unknown = unknownMessage(catalog, value);
      out.push({ check: "iam-unknown-action", severity: "error", ...base, ...unknown });
      continue;
    }
    if (!allow || field.not) continue;

    if (value === "*") {
      if (trust) {
        out.push({
          check: "iam-action-star",
          severity: "warning",
          message: `Action "*" in a trust policy lets the principal use every sts action (${expanded.length}), not just AssumeRole.${condText}`,
          ...base,
          ...lowered,
        });
      } else {
        const admin = resourceIsStar(statement) ? ' With Resource "*" this is full administrator access.' : "";
        out.push({
          check: "iam-action-star",
          severity: "error",
          message: `Action "*" allows every action of every AWS service (${expanded.length.toLocaleString("en-US")} actions).${admin}${condText}`,
          ...base,
          ...lowered,
        });
      }
    } else if (hasWildcard(value)) {
      const [prefix, name] = splitAction(value);
      const serviceName = prefix !== undefined && !hasWildcard(prefix) ? catalog.serviceName(prefix) : undefined;
      const mutating = expanded.filter(isMutating).length;
      if (name === "*" && serviceName) {
        out.push({
          check: "iam-service-wildcard",
          severity: "warning",
          message: `${quoteAction(value)} grants all ${plural(expanded.length, "action")} of ${serviceName}: ${levelSummary(expanded)}.${condText}`,
          ...base,
          ...lowered,
        });
      } else {
        const services = new Set(expanded.map((a) => a.service));
        const where = serviceName ? `of ${serviceName}` : `in ${plural(services.size, "service")}`;
        const listed = expanded.length <= 3 ? ` (${expanded.map((a) => a.full).join(", ")})` : "";
        const reach = mutating > 0 ? ", reaching actions that change things" : "";
        out.push({
          check: "iam-partial-wildcard",
          severity: mutating > 0 ? "warning" : "info",
          message: `${quoteAction(value)} grants ${plural(expanded.length, "action")} ${where}${listed}: ${levelSummary(expanded)}${reach}.${condText}`,
          ...base,
          ...lowered,
        });
      }
    }

    if (value !== "*" && resourceIsStar(statement) && !trust && expanded.some((a) => a.full === "iam:PassRole")) {
      const literal = value.toLowerCase() === "iam:passrole";
      const via = literal ? `"iam:PassRole"` : `${quoteAction(value)} includes iam:PassRole, which`;
      const passCond = statement.conditionKeys.some((k) => k.toLowerCase() === "iam:passedtoservice");
      // Access Analyzer is satisfied by iam:PassedToService held to named services; this check only lowers its severity.
      // Terraform condition blocks are not read for their operator and values: naming the key settles it there.
      const hclBlock = statement.syntax === "hcl" && !statement.document;
      const settled = passCond && (hclBlock || passRoleSettled(statement, catalog, text));
      const code: AccessAnalyzerCode | undefined = settled
        ? undefined
        : literal
          ? "PASS_ROLE_WITH_STAR_IN_RESOURCE"
          : "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE";
      out.push({
        ...(code ? { code } : {}),
        check: "iam-passrole-star-resource",
        severity: "warning",
        message:
          `${via} with Resource "*" lets the holder pass any role in the account to a service. ` +
          `Name the role ARNs in Resource${passCond ? "" : " and add a Condition on iam:PassedToService"}.${condText}`,
        ...base,
        ...lowered,
      });
    }
  }

  out.push(...redundant(field.items, expansions));
  if (allow && !trust) out.push(...notResourceAllow(statement, condText, lowered));
  return out;
}

/** Allow with NotResource grants on every resource but the listed ones, including resources created later. */
function notResourceAllow(statement: Statement, condText: string, lowered: { loweredBy?: string[] }): RawFinding[] {
  if (!statement.resources?.not) return [];
  const entry = statement.node.entries.find((e) => e.key === "NotResource" || e.key === "not_resources");
  if (!entry) return [];
  const listed = statement.resources.values;
  const except = listed.length === 0 ? "" : listed.length <= 2 ? ` except ${listed.join(", ")}` : ` except the ${listed.length} listed`;
  return [
    {
      check: "iam-not-resource-allow",
      severity: "warning",
      message: `Allow with ${entry.key} grants the actions on every resource${except}, including resources created later. List the allowed resources under Resource instead.${condText}`,
      offset: entry.keyOffset,
      length: entry.keyLength,
      subject: `${entry.key}:${[...listed].sort().join(",")}`,
      ...lowered,
    },
  ];
}

/** In a trust policy only sts actions can be granted, so `*` means every sts action. */
function expandForStatement(catalog: IamCatalog, value: string, trust: boolean): readonly CatalogAction[] {
  if (trust && value === "*") return catalog.expand("sts:*");
  return catalog.expand(value);
}

function splitAction(value: string): [string | undefined, string] {
  const colon = value.indexOf(":");
  return colon < 0 ? [undefined, value] : [value.slice(0, colon), value.slice(colon + 1)];
}

function unknownMessage(catalog: IamCatalog, value: string): { message: string; suggestions?: string[]; code: AccessAnalyzerCode } {
  const [prefix] = splitAction(value);
  const suggestions = catalog.suggest(value);
  const mean = suggestions.length > 0 ? ` Did you mean ${suggestions.join(", ")}?` : "";
  const extra = suggestions.length > 0 ? { suggestions } : {};
  if (prefix === undefined) {
    return {
      message: `${quoteAction(value)} is not an action: IAM actions are written service:Action.${mean}`,
      ...extra,
      code: "INVALID_ACTION",
    };
  }
  if (!hasWildcard(prefix) && !catalog.hasService(prefix)) {
    return { message: `"${prefix}" is not a known service prefix.${mean}`, ...extra, code: "INVALID_SERVICE_IN_ACTION" };
  }
  if (hasWildcard(value)) {
    return { message: `${quoteAction(value)} matches no action in the IAM catalogue.${mean}`, ...extra, code: "INVALID_ACTION" };
  }
  const serviceName = catalog.serviceName(prefix) ?? prefix;
  return { message: `${quoteAction(value)} is not an action of ${serviceName}.${mean}`, ...extra, code: "INVALID_ACTION" };
}

/** Items already granted by another item of the same list (a wildcard, or the same action twice). */
function redundant(items: PString[], expansions: Map<PString, readonly CatalogAction[]>): RawFinding[] {
  const out: RawFinding[] = [];
  items.forEach((item, index) => {
    const mine = expansions.get(item) ?? [];
    if (mine.length === 0) return;
    for (let j = 0; j < items.length; j++) {
      if (j === index) continue;
      const other = items[j];
      const theirs = expansions.get(other) ?? [];
      if (theirs.length === 0) continue;
      const same = other.value.toLowerCase() === item.value.toLowerCase();
      if (same) {
        if (j < index) {
          out.push({
            check: "iam-redundant-action",
            severity: "hint",
            message: `${quoteAction(item.value)} is listed twice in this statement.`,
            code: "REDUNDANT_ACTION",
            offset: item.contentOffset,
            length: item.contentLength,
            subject: item.value,
            coveredBy: other.value,
          });
          return;
        }
        continue;
      }
      if (!hasWildcard(other.value)) continue;
      const covered = hasWildcard(item.value)
        ? mine.length <= theirs.length && mine.every((a) => wildcardMatch(other.value, a.full))
        : wildcardMatch(other.value, item.value);
      // Two different wildcards granting the same set: only the later one is redundant.
      const mutual = covered && hasWildcard(item.value) && mine.length === theirs.length;
      if (covered && (!mutual || j < index)) {
        out.push({
          check: "iam-redundant-action",
          severity: "hint",
          message: `${quoteAction(item.value)} is already granted by ${quoteAction(other.value)} in the same statement.`,
          code: "REDUNDANT_ACTION",
          offset: item.contentOffset,
          length: item.contentLength,
          subject: item.value,
          coveredBy: other.value,
        });
        return;
      }
    }
  });
  return out;
}
