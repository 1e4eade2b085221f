import { promises as fs } from "node:fs";
import * as path from "node:path";
import { editDistance, hasWildcard, wildcardMatch } from "./wildcard";

/** AWS access levels, most privileged last as the checks weigh them. */
export type AccessLevel = "List" | "Read" | "Write" | "Permissions management" | "Tagging";

/** Display order of access levels (hovers, QuickPick groups). */
export const ACCESS_LEVELS: readonly AccessLevel[] = ["List", "Read", "Write", "Permissions management", "Tagging"];

const LETTER_LEVEL: Record<string, AccessLevel> = {
  L: "List",
  R: "Read",
  W: "Write",
  P: "Permissions management",
  T: "Tagging",
};

/** File name of the generated index, next to the bundles in dist/. */
export const CATALOG_FILE = "iam-catalog.json";

/** Shape of dist/iam-catalog.json as scripts/build-iam-catalog.mjs writes it. */
export interface CatalogIndex {
  /** 1: actions only; 2: also resource types, condition keys and their types. */
  format: 1 | 2;
  source: string;
  version: string;
  /** Service prefix → [service name, "Action:LEVELS[*]", ...]. */
  services: Record<string, string[]>;
  /** Condition key as AWS writes it (`aws:ResourceTag/${TagKey}`) → type code (TYPE_NAMES). */
  conditionKeys?: Record<string, string>;
  /** Service prefix → what the Access Analyzer checks need of it. */
  details?: Record<string, ServiceDetailsIndex>;
}

interface ServiceDetailsIndex {
  /** Condition keys the service names anywhere. */
  k: string[];
  /** Resource types: [name, ARN format, indexes into `k`...]. */
  r: (string | number)[][];
  /** Action name → [resource type indexes into `r`, condition key indexes into `k`]. */
  a: Record<string, [number[], number[]]>;
}

/** Condition key data types as the Service Authorization Reference names them. */
export type ConditionKeyType =
  | "String"
  | "ArrayOfString"
  | "ARN"
  | "ArrayOfARN"
  | "Bool"
  | "ArrayOfBool"
  | "Numeric"
  | "ArrayOfNumeric"
  | "Date"
  | "ArrayOfDate"
  | "IPAddress"
  | "ArrayOfIPAddress"
  | "Binary";

const TYPE_NAMES: Record<string, ConditionKeyType> = {
  S: "String",
  AS: "ArrayOfString",
  A: "ARN",
  AA: "ArrayOfARN",
  B: "Bool",
  AB: "ArrayOfBool",
  N: "Numeric",
  AN: "ArrayOfNumeric",
  D: "Date",
  AD: "ArrayOfDate",
  I: "IPAddress",
  AI: "ArrayOfIPAddress",
  Y: "Binary",
};

export interface ConditionKeyInfo {
  /** As AWS documents it, templates included: `aws:ResourceTag/${TagKey}`. */
  key: string;
  type: ConditionKeyType;
}

export interface ResourceTypeInfo {
  service: string;
  name: string;
  /** `arn:${Partition}:s3:::${BucketName}`. */
  arn: string;
  conditionKeys: string[];
}

export interface CatalogAction {
  /** Service prefix, lower case as IAM writes it (`s3`). */
  service: string;
  /** Action name in the catalogue's spelling (`GetObject`). */
  name: string;
  /** `s3:GetObject`. */
  full: string;
  /** All levels the catalogue gives; recent data combines some ("Permissions management, Write"). */
  levels: AccessLevel[];
  /**
   * The one level an action is grouped and counted under: Permissions
   * management before Tagging before Write before Read before List.
   */
  primary: AccessLevel;
  /** The action has no resource types: it accepts only `Resource: "*"`. */
  wildcardOnly: boolean;
}

interface Service {
  prefix: string;
  name: string;
  actions: CatalogAction[];
  byLowerName: Map<string, CatalogAction>;
}

/** True for actions that change something: Write, Permissions management or Tagging. */
export function isMutating(action: CatalogAction): boolean {
  return action.levels.some((l) => l === "Write" || l === "Permissions management" || l === "Tagging");
}

/** List and Read only: what "Restrict to read-only" keeps. */
export function isReadOnly(action: CatalogAction): boolean {
  return !isMutating(action);
}

function primaryLevel(levels: readonly AccessLevel[]): AccessLevel {
  for (const level of ["Permissions management", "Tagging", "Write", "Read", "List"] as const) {
    if (levels.includes(level)) return level;
  }
  return "Write";
}

/**
 * The IAM action catalogue: every service prefix and action AWS documents,
 * with access levels, and the wildcard expansion IAM itself performs.
 */
export class IamCatalog {
  readonly version: string;
  private readonly services = new Map<string, Service>();
  private readonly all: CatalogAction[] = [];
  private readonly expansions = new Map<string, CatalogAction[]>();
  private readonly index: CatalogIndex;
  private readonly resourceTypeCache = new Map<string, ResourceTypeInfo[]>();
  private keyTable?: { exact: Map<string, ConditionKeyInfo>; templates: { prefix: string; suffix: string; info: ConditionKeyInfo }[] };

  private constructor(index: CatalogIndex) {
    this.index = index;
    this.version = index.version;
    for (const [prefix, entries] of Object.entries(index.services)) {
      const service: Service = { prefix, name: entries[0] ?? prefix, actions: [], byLowerName: new Map() };
      for (const entry of entries.slice(1)) {
        const colon = entry.lastIndexOf(":");
        if (colon <= 0) continue;
        const name = entry.slice(0, colon);
        let flags = entry.slice(colon + 1);
        const wildcardOnly = flags.endsWith("*");
        if (wildcardOnly) flags = flags.slice(0, -1);
        const levels = [...flags].map((c) => LETTER_LEVEL[c]).filter((l): l is AccessLevel => !!l);
        if (levels.length === 0) levels.push("Write");
        const action: CatalogAction = {
          service: prefix,
          name,
          full: `${prefix}:${name}`,
          levels,
          primary: primaryLevel(levels),
          wildcardOnly,
        };
        service.actions.push(action);
        service.byLowerName.set(name.toLowerCase(), action);
        this.all.push(action);
      }
      this.services.set(prefix.toLowerCase(), service);
    }
  }

  static fromIndex(index: CatalogIndex): IamCatalog {
    if (!index || (index.format !== 1 && index.format !== 2) || typeof index.services !== "object") {
      throw new Error("not an IAM catalogue index (format 1 or 2)");
    }
    return new IamCatalog(index);
  }

  get actionCount(): number {
    return this.all.length;
  }

  get serviceCount(): number {
    return this.services.size;
  }

  hasService(prefix: string): boolean {
    return this.services.has(prefix.toLowerCase());
  }

  serviceName(prefix: string): string | undefined {
    return this.services.get(prefix.toLowerCase())?.name;
  }

  servicePrefixes(): string[] {
    return [...this.services.keys()];
  }

  actionsOf(prefix: string): readonly CatalogAction[] {
    return this.services.get(prefix.toLowerCase())?.actions ?? [];
  }

  /** The catalogue entry for `service:Action` (case-insensitive), if there is one. */
  lookup(action: string): CatalogAction | undefined {
    const colon = action.indexOf(":");
    if (colon <= 0) return undefined;
    return this.services.get(action.slice(0, colon).toLowerCase())?.byLowerName.get(action.slice(colon + 1).toLowerCase());
  }

  /**
   * Every catalogue action an IAM action string grants: the action itself
   * when it is literal, the matches of its wildcard otherwise. Results are
   * shared and must not be changed by the caller.
   */
  expand(pattern: string): readonly CatalogAction[] {
    const key = pattern.toLowerCase();
    const cached = this.expansions.get(key);
    if (cached) return cached;
    let result: CatalogAction[];
    if (!hasWildcard(key)) {
      const found = this.lookup(key);
      result = found ? [found] : [];
    } else {
      const colon = key.indexOf(":");
      const servicePart = colon >= 0 ? key.slice(0, colon) : undefined;
      if (servicePart !== undefined && !hasWildcard(servicePart)) {
        // The common case, `s3:Get*`: only that service's actions can match.
        const namePattern = key.slice(colon + 1);
        result = (this.services.get(servicePart)?.actions ?? []).filter((a) => wildcardMatch(namePattern, a.name));
      } else {
        result = this.all.filter((a) => wildcardMatch(key, a.full));
      }
    }
    if (this.expansions.size > 500) this.expansions.clear();
    this.expansions.set(key, result);
    return result;
  }

  /** True when the index holds resource types and condition keys (format 2). */
  get hasDetails(): boolean {
    return !!this.index.details && !!this.index.conditionKeys;
  }

  /**
   * A condition key as the catalogue documents it, matched case-insensitively;
   * templated keys match any non-empty text in place of their variable
   * (`aws:ResourceTag/team` is `aws:ResourceTag/${TagKey}`).
   */
  conditionKey(key: string): ConditionKeyInfo | undefined {
    const table = this.conditionKeyTable();
    const lower = key.toLowerCase();
    const exact = table.exact.get(lower);
    if (exact) return exact;
    for (const t of table.templates) {
      if (lower.length > t.prefix.length + t.suffix.length && lower.startsWith(t.prefix) && lower.endsWith(t.suffix)) return t.info;
    }
    return undefined;
  }

  /** Lower-case prefixes (`s3`, `aws`, `token.actions.githubusercontent.com`) of every documented condition key. */
  conditionKeyPrefixes(): Set<string> {
    const out = new Set<string>();
    for (const info of this.conditionKeyTable().exact.values()) out.add(info.key.slice(0, info.key.indexOf(":")).toLowerCase());
    for (const t of this.conditionKeyTable().templates) out.add(t.info.key.slice(0, t.info.key.indexOf(":")).toLowerCase());
    return out;
  }

  /** Every documented condition key (templates as written). */
  allConditionKeys(): ConditionKeyInfo[] {
    return [...this.conditionKeyTable().exact.values(), ...this.conditionKeyTable().templates.map((t) => t.info)];
  }

  private conditionKeyTable() {
    if (!this.keyTable) {
      const exact = new Map<string, ConditionKeyInfo>();
      const templates: { prefix: string; suffix: string; info: ConditionKeyInfo }[] = [];
      for (const [key, code] of Object.entries(this.index.conditionKeys ?? {})) {
        const info: ConditionKeyInfo = { key, type: TYPE_NAMES[code] ?? "String" };
        // `${TagKey}`, and the older spellings some services still use: `<key>`, a trailing `/tag-key`.
        const variable = /\$\{[^}]*\}|<[^>]*>|(?<=\/)tag-key$/.exec(key);
        if (variable) {
          templates.push({
            prefix: key.slice(0, variable.index).toLowerCase(),
            suffix: key.slice(variable.index + variable[0].length).toLowerCase(),
            info,
          });
        } else {
          exact.set(key.toLowerCase(), info);
        }
      }
      // The longest fixed text first: `aws:RequestTag/${TagKey}` before a bare `${Domain}` template.
      templates.sort((a, b) => b.prefix.length + b.suffix.length - (a.prefix.length + a.suffix.length));
      this.keyTable = { exact, templates };
    }
    return this.keyTable;
  }

  /** Condition keys a service documents anywhere (its actions' and resource types'). */
  serviceConditionKeys(prefix: string): readonly string[] {
    return this.index.details?.[prefix.toLowerCase()]?.k ?? [];
  }

  /** The resource types of a service with their ARN formats. Results are shared and must not be changed by the caller. */
  resourceTypes(prefix: string): readonly ResourceTypeInfo[] {
    const service = prefix.toLowerCase();
    let types = this.resourceTypeCache.get(service);
    if (!types) {
      const d = this.index.details?.[service];
      types = (d?.r ?? []).map((r) => ({
        service,
        name: String(r[0]),
        arn: String(r[1]),
        conditionKeys: r.slice(2).map((i) => d!.k[Number(i)]),
      }));
      this.resourceTypeCache.set(service, types);
    }
    return types;
  }

  /**
   * What one catalogue action takes: its resource types, and the condition
   * keys it supports (its own, and those of the resource types it acts on).
   */
  actionDetails(action: CatalogAction): { resourceTypes: ResourceTypeInfo[]; conditionKeys: string[] } {
    const d = this.index.details?.[action.service];
    const entry = d?.a[action.name];
    if (!d || !entry) return { resourceTypes: [], conditionKeys: [] };
    const types = this.resourceTypes(action.service);
    const resourceTypes = entry[0].map((i) => types[i]).filter(Boolean);
    // A request names the keys of the resource types it acts on too (aws:ResourceTag/${TagKey} of a bucket).
    const conditionKeys = [...new Set([...entry[1].map((i) => d.k[i]), ...resourceTypes.flatMap((t) => t.conditionKeys)])];
    return { resourceTypes, conditionKeys };
  }

  /** Close catalogue spellings for a service prefix that is not in it. */
  suggestServices(prefix: string, max = 3): string[] {
    const limit = Math.max(1, Math.min(2, Math.floor(prefix.length / 3)));
    return rank(this.servicePrefixes(), prefix, limit).slice(0, max);
  }

  /**
   * "Did you mean" for an action string that matched nothing: close names in
   * the same service, the same name under a close service prefix, or the same
   * action name in other services.
   */
  suggest(action: string, max = 3): string[] {
    const colon = action.indexOf(":");
    if (colon <= 0) {
      const byName = this.all.filter((a) => a.name.toLowerCase() === action.toLowerCase()).map((a) => a.full);
      return byName.slice(0, max);
    }
    const prefix = action.slice(0, colon);
    const name = action.slice(colon + 1);
    if (hasWildcard(prefix)) return [];
    const service = this.services.get(prefix.toLowerCase());
    if (!service) {
      const out: string[] = [];
      for (const candidate of this.suggestServices(prefix, max)) {
        if (hasWildcard(name)) {
          if (this.expand(`${candidate}:${name}`).length > 0) out.push(`${candidate}:${name}`);
        } else {
          const found = this.services.get(candidate)?.byLowerName.get(name.toLowerCase());
          out.push(found ? found.full : `${candidate}:${name}`);
        }
      }
      return out.slice(0, max);
    }
    if (hasWildcard(name)) return [];
    const limit = Math.max(1, Math.min(3, Math.floor(name.length / 4)));
    const close = rank(
      service.actions.map((a) => a.name),
      name,
      limit,
    ).map((n) => `${service.prefix}:${n}`);
    if (close.length > 0) return close.slice(0, max);
    return this.all
      .filter((a) => a.name.toLowerCase() === name.toLowerCase())
      .map((a) => a.full)
      .slice(0, max);
  }
}

function rank(candidates: readonly string[], wanted: string, limit: number): string[] {
  const scored: { name: string; d: number }[] = [];
  for (const name of candidates) {
    const d = editDistance(wanted, name, limit);
    if (d <= limit) scored.push({ name, d });
  }
  scored.sort((a, b) => a.d - b.d || a.name.localeCompare(b.name));
  return scored.map((s) => s.name);
}

/** Counts of actions by primary access level, in display order, leaving out empty levels. */
export function countByLevel(actions: readonly CatalogAction[]): { level: AccessLevel; count: number }[] {
  const counts = new Map<AccessLevel, number>();
  for (const action of actions) counts.set(action.primary, (counts.get(action.primary) ?? 0) + 1);
  return ACCESS_LEVELS.filter((l) => counts.has(l)).map((level) => ({ level, count: counts.get(level)! }));
}

/** Actions grouped by primary access level, in display order, each group sorted by name. */
export function groupByLevel(actions: readonly CatalogAction[]): { level: AccessLevel; actions: CatalogAction[] }[] {
  const groups = new Map<AccessLevel, CatalogAction[]>();
  for (const action of actions) {
    const list = groups.get(action.primary) ?? [];
    list.push(action);
    groups.set(action.primary, list);
  }
  return ACCESS_LEVELS.filter((l) => groups.has(l)).map((level) => ({
    level,
    actions: groups.get(level)!.sort((a, b) => a.full.localeCompare(b.full)),
  }));
}

const loaded = new Map<string, Promise<IamCatalog>>();

/**
 * Loads the generated index once per path. The default path is the folder of
 * the running bundle (dist/), where `npm run build` writes the index.
 */
export function loadIamCatalog(file: string = path.join(__dirname, CATALOG_FILE)): Promise<IamCatalog> {
  let promise = loaded.get(file);
  if (!promise) {
    promise = fs.readFile(file, "utf8").then((text) => IamCatalog.fromIndex(JSON.parse(text) as CatalogIndex));
    promise.catch(() => loaded.delete(file));
    loaded.set(file, promise);
  }
  return promise;
}
