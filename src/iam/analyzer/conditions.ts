import type { ConditionKeyType, IamCatalog } from "../catalog";
import type { PNode, PObject } from "../tree";
import { hasVariable } from "./arn";
import type { AccessAnalyzerCode } from "./codes";
import { globalConditionKey, REGIONS } from "./globals";
import { keySpan, scalarsOf, spanOf, type Scalar } from "./values";

export type OperatorFamily = "String" | "Numeric" | "Date" | "Bool" | "Binary" | "IpAddress" | "Arn" | "Null";

const OPERATORS: Record<string, OperatorFamily> = {
  StringEquals: "String",
  StringNotEquals: "String",
  StringEqualsIgnoreCase: "String",
  StringNotEqualsIgnoreCase: "String",
  StringLike: "String",
  StringNotLike: "String",
  NumericEquals: "Numeric",
  NumericNotEquals: "Numeric",
  NumericLessThan: "Numeric",
  NumericLessThanEquals: "Numeric",
  NumericGreaterThan: "Numeric",
  NumericGreaterThanEquals: "Numeric",
  DateEquals: "Date",
  DateNotEquals: "Date",
  DateLessThan: "Date",
  DateLessThanEquals: "Date",
  DateGreaterThan: "Date",
  DateGreaterThanEquals: "Date",
  Bool: "Bool",
  BinaryEquals: "Binary",
  IpAddress: "IpAddress",
  NotIpAddress: "IpAddress",
  ArnEquals: "Arn",
  ArnLike: "Arn",
  ArnNotEquals: "Arn",
  ArnNotLike: "Arn",
  Null: "Null",
};

const OPERATOR_BY_LOWER = new Map(Object.keys(OPERATORS).map((o) => [o.toLowerCase(), o]));

export interface ParsedOperator {
  /** `ForAllValues` / `ForAnyValue`, as AWS spells them. */
  qualifier?: "ForAllValues" | "ForAnyValue";
  /** `StringLike`. */
  base: string;
  family: OperatorFamily;
  ifExists: boolean;
}

/** `ForAnyValue:StringLikeIfExists` → its parts; undefined for an operator IAM does not have. */
export function parseOperator(operator: string): ParsedOperator | undefined {
  let rest = operator;
  let qualifier: ParsedOperator["qualifier"];
  const q = /^(forallvalues|foranyvalue):/i.exec(rest);
  if (q) {
    qualifier = q[1].toLowerCase() === "forallvalues" ? "ForAllValues" : "ForAnyValue";
    rest = rest.slice(q[0].length);
  }
  let ifExists = false;
  let base = OPERATOR_BY_LOWER.get(rest.toLowerCase());
  if (!base && /ifexists$/i.test(rest)) {
    ifExists = true;
    base = OPERATOR_BY_LOWER.get(rest.slice(0, -8).toLowerCase());
  }
  if (!base) return undefined;
  return { qualifier, base, family: OPERATORS[base], ifExists };
}

export interface ConditionFinding {
  code: AccessAnalyzerCode;
  offset: number;
  length: number;
  subject: string;
  message: string;
}

/** One condition key of one operator, as the statement-level checks need it. */
export interface ConditionUse {
  operator: ParsedOperator;
  operatorText: string;
  key: string;
  keyType?: ConditionKeyType;
  /** Where the key and the operator are written. */
  keyOffset: number;
  operatorOffset: number;
  /** The values compared with, when they can be read. */
  values?: string[];
}

function baseType(type: ConditionKeyType): string {
  return type.replace(/^ArrayOf/, "");
}

/** The operator families a key of this type may be compared with (Null goes with every key). */
function familiesFor(type: ConditionKeyType, key: string): OperatorFamily[] {
  switch (baseType(type)) {
    case "String":
      // ARN operators on string keys (kms:EncryptionContext:aws:s3:arn) work and are common.
      return ["String", "Arn"];
    case "ARN":
      return ["Arn", "String"];
    case "Numeric":
      return ["Numeric"];
    case "Date":
      // aws:EpochTime is documented for both date and numeric operators.
      return key.toLowerCase() === "aws:epochtime" ? ["Date", "Numeric"] : ["Date"];
    case "Bool":
      return ["Bool"];
    case "IPAddress":
      return ["IpAddress"];
    case "Binary":
      return ["Binary"];
    default:
      return ["String"];
  }
}

const FAMILY_OPERATOR: Record<OperatorFamily, string> = {
  String: "String",
  Numeric: "Numeric",
  Date: "Date",
  Bool: "Bool",
  Binary: "Binary",
  IpAddress: "IpAddress",
  Arn: "Arn",
  Null: "Null",
};

/** Where a key comes from: a global key, a service's, an identity provider's; or a problem with it. */
function lookUpKey(key: string, catalog: IamCatalog): { type?: ConditionKeyType; problem?: { code: AccessAnalyzerCode; message: string } } {
  const colon = key.indexOf(":");
  if (colon <= 0 || colon === key.length - 1) {
    return { problem: { code: "INVALID_CONDITION_KEY_FORMAT", message: `The condition key "${key}" is not written service:key-name.` } };
  }
  const prefix = key.slice(0, colon).toLowerCase();
  if (prefix === "aws") {
    const global = globalConditionKey(key);
    switch (global.kind) {
      case "known":
        return { type: global.type };
      case "unsupported":
        return {
          problem: {
            code: "UNSUPPORTED_GLOBAL_CONDITION_KEY",
            message: `The condition key ${key} is not supported: use aws:PrincipalArn or aws:SourceArn.`,
          },
        };
      case "missing-tag-key":
        return {
          problem: { code: "MISSING_TAG_KEY_IN_CONDITION", message: `${global.key} needs a tag key: write ${global.key}/tag-key.` },
        };
      default:
        return { problem: { code: "INVALID_GLOBAL_CONDITION_KEY", message: `${key} is not an AWS global condition key.` } };
    }
  }
  if (!catalog.hasDetails) return {};
  const info = catalog.conditionKey(key);
  if (info) return { type: info.type };
  // Identity providers' keys (accounts.google.com:aud, oidc.eks...:sub) are whatever the provider puts in its tokens.
  if (/[./]/.test(prefix)) return {};
  const tagTemplate = catalog.conditionKey(`${key.replace(/\/$/, "")}/x`);
  if (tagTemplate && /\/\$\{[^}]*\}$/.test(tagTemplate.key)) {
    const base = tagTemplate.key.replace(/\/\$\{[^}]*\}$/, "");
    return { problem: { code: "MISSING_TAG_KEY_IN_CONDITION", message: `${base} needs a key after the slash: write ${base}/key-name.` } };
  }
  if (catalog.hasService(prefix) || keyPrefixes(catalog).has(prefix)) {
    const name = catalog.serviceName(prefix) ?? prefix;
    return { problem: { code: "INVALID_SERVICE_CONDITION_KEY", message: `${key} is not a condition key of ${name}.` } };
  }
  return {
    problem: { code: "INVALID_SERVICE", message: `"${key.slice(0, colon)}" in the condition key ${key} is not an AWS service prefix.` },
  };
}

const prefixCache = new WeakMap<IamCatalog, Set<string>>();
function keyPrefixes(catalog: IamCatalog): Set<string> {
  let set = prefixCache.get(catalog);
  if (!set) prefixCache.set(catalog, (set = catalog.conditionKeyPrefixes()));
  return set;
}

const PRIVATE_V4: [number, number][] = [
  [ipv4ToInt("10.0.0.0")!, 8],
  [ipv4ToInt("172.16.0.0")!, 12],
  [ipv4ToInt("192.168.0.0")!, 16],
];

function ipv4ToInt(ip: string): number | undefined {
  const parts = ip.split(".");
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

interface Cidr {
  v4: boolean;
  /** IPv4 address as a number (IPv6 is only checked for shape). */
  address?: number;
  bits: number;
}

function parseCidr(value: string): Cidr | undefined {
  const [ip, prefix, extra] = value.split("/");
  if (extra !== undefined) return undefined;
  const v4 = ipv4ToInt(ip);
  if (v4 !== undefined) {
    const bits = prefix === undefined ? 32 : /^\d{1,2}$/.test(prefix) && Number(prefix) <= 32 ? Number(prefix) : -1;
    return bits < 0 ? undefined : { v4: true, address: v4, bits };
  }
  if (/^[0-9a-fA-F:]+$/.test(ip) && ip.includes(":") && (ip.match(/::/g) ?? []).length <= 1) {
    const bits = prefix === undefined ? 128 : /^\d{1,3}$/.test(prefix) && Number(prefix) <= 128 ? Number(prefix) : -1;
    return bits < 0 ? undefined : { v4: false, bits };
  }
  return undefined;
}

function isPrivate(c: Cidr): boolean {
  if (!c.v4 || c.address === undefined) return false;
  return PRIVATE_V4.some(
    ([net, bits]) => c.bits >= bits && Math.floor(c.address! / 2 ** (32 - bits)) === Math.floor(net / 2 ** (32 - bits)),
  );
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:?\d{2})?)?$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/**
 * Checks a statement's Condition block: operators, keys, and values against
 * the key's type and the operator's, as Access Analyzer does. Returns the
 * findings and the (operator, key) uses for the statement-level checks.
 */
export function checkCondition(node: PNode, text: string, catalog: IamCatalog): { findings: ConditionFinding[]; uses: ConditionUse[] } {
  const findings: ConditionFinding[] = [];
  const uses: ConditionUse[] = [];
  if (node.kind !== "object") return { findings, uses };
  const push = (code: AccessAnalyzerCode, at: { offset: number; length: number }, subject: string, message: string) =>
    findings.push({ code, ...at, subject, message });
  if (node.entries.length === 0) {
    push("EMPTY_OBJECT_CONDITION", spanOf(node), "Condition", "The Condition block is empty and changes nothing.");
    return { findings, uses };
  }
  for (const opEntry of node.entries) {
    const operator = parseOperator(opEntry.key);
    if (!operator) {
      push("INVALID_CONDITION_OPERATOR", keySpan(opEntry), opEntry.key, `"${opEntry.key}" is not an IAM condition operator.`);
      continue;
    }
    if (operator.base === "Null" && operator.ifExists) {
      push("NULL_WITH_IF_EXISTS", keySpan(opEntry), opEntry.key, "The Null operator cannot take the IfExists suffix.");
    }
    if (operator.base === "Null" && operator.qualifier) {
      const always = operator.qualifier === "ForAllValues" ? "always true" : "always false";
      push("NULL_WITH_QUALIFIER", keySpan(opEntry), opEntry.key, `Null with ${operator.qualifier} is ${always}; use Null alone.`);
    }
    const block = opEntry.value;
    if (!block || block.kind !== "object") continue;
    checkDuplicateKeys(block, push);
    for (const keyEntry of block.entries) {
      const key = keyEntry.key;
      const at = keySpan(keyEntry);
      const looked = lookUpKey(key, catalog);
      if (looked.problem) push(looked.problem.code, at, key, looked.problem.message);
      const value = keyEntry.value;
      const scalars = scalarsOf(value, text);
      uses.push({
        operator,
        operatorText: opEntry.key,
        key,
        keyType: looked.type,
        keyOffset: keyEntry.keyOffset,
        operatorOffset: opEntry.keyOffset,
        values: scalars?.map((s) => s.value),
      });
      if (value?.kind === "array" && value.items.length === 0) {
        const code: AccessAnalyzerCode =
          operator.qualifier === "ForAllValues"
            ? "EMPTY_ARRAY_CONDITION_FOR_ALL_VALUES"
            : operator.qualifier === "ForAnyValue"
              ? "EMPTY_ARRAY_CONDITION_FOR_ANY_VALUE"
              : operator.ifExists
                ? "EMPTY_ARRAY_CONDITION_IF_EXISTS"
                : "EMPTY_ARRAY_CONDITION";
        push(code, at, key, `${key} has no values, so this condition does not do what it seems to.`);
        continue;
      }
      if (looked.type && operator.family !== "Null")
        checkKeyType(operator, opEntry.key, key, looked.type, keyEntry.keyOffset, opEntry.keyOffset, opEntry.keyLength, push);
      if (scalars) checkValues(operator, opEntry.key, key, scalars, push);
    }
  }
  return { findings, uses };
}

type Push = (code: AccessAnalyzerCode, at: { offset: number; length: number }, subject: string, message: string) => void;

function checkDuplicateKeys(block: PObject, push: Push): void {
  const seen = new Map<string, string>();
  for (const e of block.entries) {
    const lower = e.key.toLowerCase();
    const first = seen.get(lower);
    if (first !== undefined && first !== e.key) {
      push(
        "DUPLICATE_KEYS_WITH_DIFFERENT_CASE",
        keySpan(e),
        e.key,
        `${e.key} is also written ${first} in this block: condition keys ignore case.`,
      );
    }
    if (first === undefined) seen.set(lower, e.key);
  }
}

function checkKeyType(
  operator: ParsedOperator,
  operatorText: string,
  key: string,
  type: ConditionKeyType,
  keyOffset: number,
  operatorOffset: number,
  operatorLength: number,
  push: Push,
): void {
  const multi = type.startsWith("ArrayOf");
  const at = { offset: keyOffset, length: key.length };
  if (multi && !operator.qualifier) {
    push(
      "MISSING_QUALIFIER",
      at,
      key,
      `${key} can have several values in a request: qualify ${operatorText} with ForAllValues: or ForAnyValue:.`,
    );
  }
  if (!multi && operator.qualifier === "ForAllValues") {
    push(
      "FOR_ALL_VALUES_WITH_SINGLE_VALUED_KEY",
      { offset: operatorOffset, length: operatorLength },
      `${operatorText} ${key}`,
      `ForAllValues with the single-valued key ${key} is also true when the key is absent; remove ForAllValues:.`,
    );
  }
  const allowed = familiesFor(type, key);
  if (baseType(type) === "ARN" && operator.family === "String" && /like$/i.test(operator.base)) {
    push(
      "STRING_LIKE_OPERATOR_WITH_ARN_CONDITION_KEYS",
      { offset: operatorOffset, length: operatorLength },
      `${operatorText} ${key}`,
      `${key} is an ARN: compare it with ${operator.base.replace(/^String/, "Arn")}, not ${operator.base}.`,
    );
    return;
  }
  if (!allowed.includes(operator.family)) {
    const use = allowed.map((f) => FAMILY_OPERATOR[f]).join(" or ");
    push(
      "TYPE_MISMATCH",
      { offset: operatorOffset, length: operatorLength },
      `${operatorText} ${key}`,
      `${key} is of type ${type}: use a ${use} operator instead of ${operatorText}.`,
    );
  }
}

function checkValues(operator: ParsedOperator, operatorText: string, key: string, scalars: Scalar[], push: Push): void {
  const lowerKey = key.toLowerCase();
  const family = operator.family;
  for (const s of scalars) {
    const at = spanOf(s.node);
    const v = s.value;
    if (hasVariable(v)) {
      if (family !== "String" && family !== "Arn") {
        push("INVALID_VARIABLE_FOR_OPERATOR", at, v, `Policy variables work only with String and Arn operators, not ${operatorText}.`);
      }
      variableSyntax(v, at, push);
      continue;
    }
    variableSyntax(v, at, push);
    switch (family) {
      case "Bool":
        if (!/^(true|false)$/i.test(v)) push("TYPE_MISMATCH_BOOLEAN", at, v, `${operatorText} takes true or false, not "${v}".`);
        break;
      case "Numeric":
        if (!/^-?\d+(\.\d+)?$/.test(v)) push("TYPE_MISMATCH_NUMBER", at, v, `${operatorText} takes a number, not "${v}".`);
        break;
      case "Date":
        if (/^-?\d+$/.test(v)) {
          if (lowerKey !== "aws:epochtime")
            push(
              "INVALID_DATE_VALUE",
              at,
              v,
              `The date ${v} may not resolve as expected: write it as YYYY-MM-DD or an ISO 8601 date-time.`,
            );
        } else if (!ISO_DATE.test(v)) {
          push("TYPE_MISMATCH_DATE", at, v, `${operatorText} takes a date (YYYY-MM-DD or ISO 8601), not "${v}".`);
        }
        break;
      case "IpAddress": {
        const cidr = parseCidr(v);
        if (!cidr) push("TYPE_MISMATCH_IP_RANGE", at, v, `${operatorText} takes an IP address or CIDR range, not "${v}".`);
        else if (cidr.v4 && cidr.address !== undefined && cidr.bits < 32 && cidr.address % 2 ** (32 - cidr.bits) !== 0) {
          const network = cidr.address - (cidr.address % 2 ** (32 - cidr.bits));
          const better = `${[24, 16, 8, 0].map((sh) => Math.floor(network / 2 ** sh) % 256).join(".")}/${cidr.bits}`;
          push("IMPROVE_IP_RANGE", at, v, `The bits after /${cidr.bits} of ${v} are ignored: write ${better}.`);
        }
        break;
      }
      case "Binary":
        if (!BASE64.test(v)) push("TYPE_MISMATCH_STRING", at, v, `${operatorText} takes a base64-encoded value, not "${v}".`);
        break;
      case "String": {
        const like = /like$/i.test(operator.base);
        if (!like && /[*?]/.test(v)) {
          push(
            "WILDCARD_WITHOUT_LIKE_OPERATOR",
            at,
            v,
            `"${v}" has a wildcard character, which ${operatorText} compares literally: use ${operator.base.replace(/Equals(IgnoreCase)?$/, "Like")} for a pattern.`,
          );
        }
        if (!like && !/[*?]/.test(v)) {
          if (lowerKey === "aws:sourcevpc" && !/^vpc-([0-9a-zA-Z]{8}|[0-9a-zA-Z]{17})$/.test(v)) {
            push("INVALID_VPC_FORMAT", at, v, `"${v}" is not a VPC ID (vpc- and 8 or 17 letters and digits).`);
          }
          if (lowerKey === "aws:sourcevpce" && !/^vpce-([0-9a-zA-Z]{8}|[0-9a-zA-Z]{17})$/.test(v)) {
            push("INVALID_VPCE_FORMAT", at, v, `"${v}" is not a VPC endpoint ID (vpce- and 8 or 17 letters and digits).`);
          }
          if (lowerKey === "aws:requestedregion" && !REGIONS.has(v)) push("INVALID_REGION", at, v, `"${v}" is not an AWS Region.`);
        }
        break;
      }
      default:
        break;
    }
  }
  if (family === "Bool" && scalars.length > 1) {
    push("INVALID_CONDITION_MULTIPLE_BOOLEAN", spanOf(scalars[1].node), key, `${key} takes one Boolean value, not several.`);
  }
  if (
    family === "Numeric" &&
    /(LessThan|GreaterThan)/.test(operator.base) &&
    scalars.length > 1 &&
    scalars.every((s) => /^-?\d+(\.\d+)?$/.test(s.value))
  ) {
    push(
      "REDUNDANT_CONDITION_VALUE_NUM",
      spanOf(scalars[1].node),
      key,
      `Several values for ${operator.base} on ${key} are redundant: keep the one that decides.`,
    );
  }
  if (lowerKey === "aws:sourceip" && family === "IpAddress") {
    const cidrs = scalars.map((s) => parseCidr(s.value)).filter((c): c is Cidr => !!c);
    const priv = cidrs.filter(isPrivate).length;
    if (cidrs.length > 0 && priv > 0) {
      const not = /^NotIpAddress$/i.test(operator.base);
      const at = spanOf(scalars[0].node);
      if (priv === cidrs.length) {
        push(
          not ? "PRIVATE_NOT_IP_ADDRESS" : "PRIVATE_IP_ADDRESS",
          at,
          key,
          "aws:SourceIp only ever holds public addresses, and these are all private: use aws:VpcSourceIp for private ranges.",
        );
      } else {
        push(
          not ? "PRIVATE_NOT_IP_ADDRESS_SUBSET" : "PRIVATE_IP_ADDRESS_SUBSET",
          at,
          key,
          "aws:SourceIp only ever holds public addresses: the private ones listed have no effect (aws:VpcSourceIp takes those).",
        );
      }
    }
  }
}

/**
 * True when the condition holds `key` to named values: a positive string
 * operator without IfExists (which lets requests without the key through),
 * with values that each name something (`ec2.amazonaws.com*`, not
 * `*a4b.amazonaws.com`). Such a condition settles PassRole
 * (iam:PassedToService) and CreateServiceLinkedRole (iam:AWSServiceName) on
 * every role, as Access Analyzer judges them.
 */
export function pinsKey(uses: readonly ConditionUse[], key: string): boolean {
  return uses.some(
    (u) =>
      u.key.toLowerCase() === key.toLowerCase() &&
      !u.operator.ifExists &&
      u.operator.qualifier !== "ForAllValues" &&
      /^String(Equals|EqualsIgnoreCase|Like)$/.test(u.operator.base) &&
      !!u.values?.length &&
      u.values.every((v) => v.length > 0 && !/^[*?]/.test(v)),
  );
}

/** Malformed policy variables: `${}`, `${aws:username` without `}`, `${aws: username}`. */
export function variableSyntax(value: string, at: { offset: number; length: number }, push: Push): void {
  let from = 0;
  for (;;) {
    const start = value.indexOf("${", from);
    if (start < 0) return;
    const end = value.indexOf("}", start);
    if (end < 0) {
      push("MISSING_BRACE_IN_VARIABLE", at, value, "A policy variable is missing its closing brace.");
      return;
    }
    const inner = value.slice(start + 2, end);
    if (inner.trim() === "") push("EMPTY_VARIABLE", at, value, "The policy variable ${} is empty.");
    else if (/\s/.test(inner.split(",")[0]))
      push("UNSUPPORTED_SPACE_IN_VARIABLE", at, value, "A policy variable's name cannot contain spaces.");
    from = end + 1;
  }
}
