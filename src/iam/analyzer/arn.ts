import type { IamCatalog, ResourceTypeInfo } from "../catalog";
import type { AccessAnalyzerCode } from "./codes";
import { PARTITIONS, REGIONS } from "./globals";
import { wildcardMatch } from "../wildcard";

/** Policy variables (`${aws:username}`) and their escapes stand for any text. */
export function withoutVariables(value: string): string {
  return value.replace(/\$\{[^}]*\}/g, "*");
}

export function hasVariable(value: string): boolean {
  return /\$\{[^}]*\}/.test(value);
}

function isWild(value: string): boolean {
  return value.includes("*") || value.includes("?") || hasVariable(value);
}

/**
 * True when some text matches both patterns, where `*` matches any run of
 * characters and `?` one character in either. Dynamic programming over both
 * patterns: quadratic, never exponential. Case-insensitive, as lenient as
 * the checks that use it must be.
 */
export function patternsIntersect(a: string, b: string): boolean {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  const memo = new Map<number, boolean>();
  const width = y.length + 1;
  const go = (i: number, j: number): boolean => {
    const key = i * width + j;
    const known = memo.get(key);
    if (known !== undefined) return known;
    let r: boolean;
    if (i === x.length && j === y.length) r = true;
    else if (i < x.length && x[i] === "*") r = go(i + 1, j) || (j < y.length && go(i, j + 1));
    else if (j < y.length && y[j] === "*") r = go(i, j + 1) || (i < x.length && go(i + 1, j));
    else if (i < x.length && j < y.length && (x[i] === y[j] || x[i] === "?" || y[j] === "?")) r = go(i + 1, j + 1);
    else r = false;
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

/**
 * Case-sensitive IAM resource match of a value (a pattern taken literally)
 * against a pattern. Policy variables are compared as written: what they
 * stand for is known only at request time.
 */
export function resourceCovers(pattern: string, value: string): boolean {
  return wildcardMatch(pattern, value, { caseSensitive: true });
}

/** An ARN's colon-separated fields; a policy variable (`${aws:PrincipalAccount}`) stays in one field. */
export function arnFields(value: string): string[] {
  const fields: string[] = [];
  let start = 0;
  let depth = 0;
  for (let i = 0; i < value.length; i++) {
    if (value[i] === "$" && value[i + 1] === "{") depth++;
    else if (value[i] === "}" && depth > 0) depth--;
    else if (value[i] === ":" && depth === 0) {
      fields.push(value.slice(start, i));
      start = i + 1;
    }
  }
  fields.push(value.slice(start));
  return fields;
}

export interface ArnProblem {
  code: AccessAnalyzerCode;
  message: string;
}

interface ArnFormat {
  type: ResourceTypeInfo;
  hasRegion: boolean;
  hasAccount: boolean;
  resource: string;
}

const formatCache = new WeakMap<IamCatalog, Map<string, ArnFormat[]>>();

function formatsOf(catalog: IamCatalog, service: string): ArnFormat[] {
  let byService = formatCache.get(catalog);
  if (!byService) formatCache.set(catalog, (byService = new Map<string, ArnFormat[]>()));
  let formats = byService.get(service);
  if (!formats) {
    formats = [];
    for (const type of catalog.resourceTypes(service)) {
      const parts = type.arn.split(":");
      if (parts.length < 6 || parts[0] !== "arn") continue;
      formats.push({
        type,
        hasRegion: parts[3] !== "",
        hasAccount: parts[4] !== "",
        resource: withoutVariables(parts.slice(5).join(":")),
      });
    }
    byService.set(service, formats);
  }
  return formats;
}

/**
 * What Access Analyzer reports about one Resource or NotResource value:
 * its shape (arn:partition:service:region:account:resource), the partition,
 * the service's spelling, the Region and account fields against the resource
 * types the service documents, and a resource part that matches none of them.
 */
export function arnProblems(value: string, catalog: IamCatalog): ArnProblem[] {
  if (value === "*" || value === "") return [];
  if (!value.startsWith("arn:")) {
    // `*` or a variable may stand for the prefix; anything else is not an ARN.
    if (/^[*?]|^\$\{/.test(value)) return [];
    return [{ code: "INVALID_ARN_PREFIX", message: `"${value}" is not an ARN: a resource ARN starts with "arn:".` }];
  }
  const fields = arnFields(value);
  if (fields.length < 6) {
    return [
      { code: "MISSING_ARN_FIELD", message: `The ARN has ${fields.length} of the 6 fields arn:partition:service:region:account:resource.` },
    ];
  }
  const [, partition, service, region, account] = fields;
  const resource = fields.slice(5).join(":");
  const out: ArnProblem[] = [];
  if (!isWild(partition) && !PARTITIONS.has(partition)) {
    out.push({ code: "INVALID_PARTITION", message: `"${partition}" is not an AWS partition (aws, aws-cn, aws-us-gov, ...).` });
  }
  if (isWild(service)) return out;
  if (service !== service.toLowerCase()) {
    out.push({ code: "INVALID_ARN_SERVICE_CASE", message: `The service "${service}" of the ARN must be written in lower case.` });
    return out;
  }
  if (region && !isWild(region) && !REGIONS.has(region)) {
    out.push({ code: "INVALID_ARN_REGION", message: `"${region}" is not an AWS Region.` });
  }
  if (account && !isWild(account) && !/^\d{12}$/.test(account) && account !== "aws") {
    out.push({ code: "INVALID_ARN_ACCOUNT", message: `The account "${account}" of the ARN is not a 12-digit account ID.` });
  }
  if (!catalog.hasDetails || !catalog.hasService(service)) return out;
  const formats = formatsOf(catalog, service);
  if (formats.length === 0) return out;
  // A resource part that matches no documented format is not reported (INVALID_ARN_RESOURCE): services
  // accept more than their documented formats, and Access Analyzer reports far fewer than such a test would.
  const candidates = formats.filter((f) => patternsIntersect(withoutVariables(resource), f.resource));
  const name = catalog.serviceName(service) ?? service;
  if (candidates.length === 0) return out;
  if (region && !isWild(region) && candidates.every((f) => !f.hasRegion)) {
    out.push({ code: "ARN_REGION_NOT_ALLOWED", message: `${name} ARNs of this resource type have no Region; remove "${region}".` });
  } else if (!region && candidates.every((f) => f.hasRegion)) {
    out.push({ code: "MISSING_ARN_REGION", message: `${name} ARNs of this resource type need a Region.` });
  }
  if (account && !isWild(account) && candidates.every((f) => !f.hasAccount)) {
    out.push({ code: "ARN_ACCOUNT_NOT_ALLOWED", message: `${name} ARNs of this resource type have no account ID; remove "${account}".` });
  }
  return out;
}
