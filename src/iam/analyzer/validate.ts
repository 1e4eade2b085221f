import type { CatalogAction, IamCatalog } from "../catalog";
import type { Statement } from "../policy";
import type { PEntry, PNode, PObject, PString } from "../tree";
import { hasWildcard, wildcardMatch } from "../wildcard";
import { arnFields, arnProblems, resourceCovers } from "./arn";
import type { AccessAnalyzerCode } from "./codes";
import { checkCondition, pinsKey, variableSyntax, type ConditionUse } from "./conditions";
import { tagKeyTemplate } from "./globals";
import { entryOf, isUnknown, keySpan, spanOf, stringsOf } from "./values";

/** One Access Analyzer finding, before severities and suppressions. */
export interface AccessAnalyzerFinding {
  code: AccessAnalyzerCode;
  offset: number;
  length: number;
  /** What the finding is about (a value, a key, a statement), for its fingerprint. */
  subject: string;
  message: string;
}

const STATEMENT_ELEMENTS = new Set([
  "Sid",
  "Effect",
  "Principal",
  "NotPrincipal",
  "Action",
  "NotAction",
  "Resource",
  "NotResource",
  "Condition",
]);
const DOCUMENT_ELEMENTS = new Set(["Version", "Id", "Statement"]);
const VERSIONS = new Set(["2012-10-17", "2008-10-17"]);
const PRINCIPAL_KEYS = new Set(["AWS", "Service", "Federated", "CanonicalUser"]);

/**
 * Size quotas in characters without whitespace, as Access Analyzer applies
 * them: identity policies 10,240 (its findings name that maximum, above
 * IAM's 6,144 default for managed policies), resource policies 20 KB
 * (S3's), role trust policies 2,048 (the default quota).
 */
const QUOTAS = { identity: 10240, resource: 20480, trust: 2048 } as const;

/**
 * Access Analyzer's validate-policy checks that the policy text and the
 * catalogue decide, for the statements of one file. Only statements written
 * with IAM's own element names are checked (JSON and YAML documents,
 * CloudFormation); Terraform's `aws_iam_policy_document` blocks have other
 * names and get the action checks only.
 */
export function validateStatements(
  statements: readonly Statement[],
  catalog: IamCatalog,
  text: string,
  complete = true,
): AccessAnalyzerFinding[] {
  const out: AccessAnalyzerFinding[] = [];
  const documents = new Map<PObject, Statement[]>();
  for (const st of statements) {
    if (st.syntax === "hcl" && !st.document) continue;
    if (st.node.entries.some((e) => e.key === "actions" || e.key === "effect")) continue;
    out.push(...checkStatement(st, catalog, text, complete));
    if (st.document) {
      const list = documents.get(st.document.node) ?? [];
      list.push(st);
      documents.set(st.document.node, list);
    }
  }
  // A half-typed file lacks elements only for now: what is missing is reported once it parses.
  if (complete) for (const [node, list] of documents) out.push(...checkDocument(node, list, text));
  return out;
}

/** True when the statement's Condition holds iam:PassedToService to named services (see pinsKey). */
export function passRoleSettled(st: Statement, catalog: IamCatalog, text: string): boolean {
  const condition = entryOf(st.node, "Condition")?.value;
  if (!condition || isUnknown(condition)) return false;
  return pinsKey(checkCondition(condition, text, catalog).uses, "iam:PassedToService");
}

/**
 * The policy type Access Analyzer would validate a statement as. A policy
 * is a role trust policy when where it sits says so (AssumeRolePolicyDocument,
 * assume_role_policy); a standalone JSON document with only sts actions and
 * principals is validated as the resource policy it is written as.
 */
function policyType(st: Statement): Statement["kind"] {
  return st.kind === "trust" && st.document?.whole ? "resource" : st.kind;
}

function finding(
  code: AccessAnalyzerCode,
  at: { offset: number; length: number },
  subject: string,
  message: string,
): AccessAnalyzerFinding {
  return { code, ...at, subject, message };
}

function checkDocument(node: PObject, statements: Statement[], text: string): AccessAnalyzerFinding[] {
  const out: AccessAnalyzerFinding[] = [];
  const docStart = { offset: node.offset, length: 1 };
  for (const e of node.entries) {
    if (!DOCUMENT_ELEMENTS.has(e.key))
      out.push(finding("INVALID_POLICY_ELEMENT", keySpan(e), e.key, `"${e.key}" is not a policy element (Version, Id, Statement).`));
  }
  const version = entryOf(node, "Version");
  const versionValue = version?.value?.kind === "string" ? version.value.value : undefined;
  if (!version) {
    out.push(
      finding(
        "MISSING_VERSION",
        docStart,
        "Version",
        'The policy has no Version: add "Version": "2012-10-17" (without it, policy variables are literal text).',
      ),
    );
  } else if (versionValue !== undefined && !VERSIONS.has(versionValue)) {
    out.push(
      finding(
        "INVALID_VERSION",
        spanOf(version.value!),
        versionValue,
        `"${versionValue}" is not a policy language version: use "2012-10-17".`,
      ),
    );
  } else if (versionValue === "2008-10-17") {
    for (const st of statements) {
      for (const key of ["Resource", "NotResource", "Condition"]) {
        const e = entryOf(st.node, key);
        if (e?.value && /\$\{[^}]*\}/.test(text.slice(e.value.offset, e.value.offset + e.value.length))) {
          out.push(
            finding(
              "VARIABLE_UNSUPPORTED_IN_VERSION",
              keySpan(e),
              key,
              'Policy variables need "Version": "2012-10-17"; under 2008-10-17 they are literal text.',
            ),
          );
        }
      }
    }
  }

  // Sids: unique within the policy.
  const sids = new Map<string, PNode>();
  for (const st of statements) {
    const sid = entryOf(st.node, "Sid")?.value;
    if (sid?.kind !== "string" || sid.value === "") continue;
    // IAM refuses an identity policy whose Sids repeat; resource policies only should not.
    const code: AccessAnalyzerCode = policyType(statements[0]) === "identity" ? "UNIQUE_SIDS_REQUIRED" : "UNIQUE_SIDS_RECOMMENDED";
    if (sids.has(sid.value))
      out.push(finding(code, spanOf(sid), sid.value, `The Sid "${sid.value}" is used by another statement of this policy.`));
    else sids.set(sid.value, sid);
  }

  // The same statement twice (Sid aside) grants nothing more.
  const seen = new Set<string>();
  for (const st of statements) {
    const canonical = canonicalStatement(st.node, text);
    if (canonical === undefined) continue;
    if (seen.has(canonical))
      out.push(
        finding(
          "REDUNDANT_STATEMENT",
          { offset: st.node.offset, length: 1 },
          canonical,
          "This statement repeats another statement of the policy.",
        ),
      );
    seen.add(canonical);
  }

  // JSON documents only: a YAML document's characters are not the JSON that IAM counts.
  if (statements[0]?.syntax === "json") {
    const size = text.slice(node.offset, node.offset + node.length).replace(/\s+/g, "").length;
    const kind = policyType(statements[0]);
    const quota = QUOTAS[kind];
    if (size > quota) {
      const code: AccessAnalyzerCode =
        kind === "identity"
          ? "POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA"
          : kind === "resource"
            ? "POLICY_SIZE_EXCEEDS_RESOURCE_POLICY_QUOTA"
            : "POLICY_SIZE_EXCEEDS_ROLE_TRUST_POLICY_QUOTA";
      const what =
        kind === "identity"
          ? "managed and inline identity policies"
          : kind === "resource"
            ? "resource policies"
            : "role trust policies (default quota)";
      out.push(
        finding(
          code,
          docStart,
          `${kind}-size`,
          `The policy has ${size.toLocaleString("en-US")} characters without whitespace, over the ${quota.toLocaleString("en-US")} allowed for ${what}. Split it into smaller policies.`,
        ),
      );
    }
  }
  return out;
}

/** A statement's JSON without its Sid and key order, or undefined when it holds values we cannot read. */
function canonicalStatement(node: PObject, text: string): string | undefined {
  const walk = (n: PNode | undefined): unknown => {
    if (!n) return null;
    switch (n.kind) {
      case "string":
        return n.value;
      case "array":
        return n.items
          .map(walk)
          .map((v) => JSON.stringify(v))
          .sort();
      case "object":
        return Object.fromEntries(n.entries.map((e) => [e.key, walk(e.value)]).sort(([a], [b]) => String(a).localeCompare(String(b))));
      default:
        if (n.intrinsic) throw new Error("intrinsic");
        return text.slice(n.offset, n.offset + n.length);
    }
  };
  try {
    return JSON.stringify(walk({ ...node, entries: node.entries.filter((e) => e.key !== "Sid") }));
  } catch {
    return undefined;
  }
}

function checkStatement(st: Statement, catalog: IamCatalog, text: string, complete: boolean): AccessAnalyzerFinding[] {
  const out: AccessAnalyzerFinding[] = [];
  const node = st.node;
  const start = { offset: node.offset, length: 1 };
  const get = (k: string) => entryOf(node, k);

  for (const e of complete ? node.entries : []) {
    if (!STATEMENT_ELEMENTS.has(e.key))
      out.push(finding("INVALID_POLICY_ELEMENT", keySpan(e), e.key, `"${e.key}" is not a statement element.`));
  }
  for (const [a, b] of [
    ["Action", "NotAction"],
    ["Resource", "NotResource"],
    ["Principal", "NotPrincipal"],
  ]) {
    const second = get(b);
    if (get(a) && second)
      out.push(finding("UNSUPPORTED_ELEMENT_COMBINATION", keySpan(second), `${a}+${b}`, `${a} and ${b} cannot both be in one statement.`));
  }

  const effect = get("Effect");
  if (!effect) {
    if (complete) out.push(finding("MISSING_EFFECT", start, "Effect", "The statement has no Effect: add Allow or Deny."));
  } else if (effect.value?.kind === "string" && effect.value.value !== "Allow" && effect.value.value !== "Deny") {
    out.push(
      finding("INVALID_EFFECT", spanOf(effect.value), effect.value.value, `"${effect.value.value}" is not an Effect: use Allow or Deny.`),
    );
  }
  const allow = effect?.value?.kind === "string" && effect.value.value === "Allow";

  const actionEntry = get("Action") ?? get("NotAction");
  if (!actionEntry) {
    if (complete) out.push(finding("MISSING_ACTION", start, "Action", "The statement has no Action or NotAction."));
  } else if (actionEntry.value?.kind === "array" && actionEntry.value.items.length === 0) {
    out.push(
      finding(
        "EMPTY_ARRAY_ACTION",
        keySpan(actionEntry),
        actionEntry.key,
        `${actionEntry.key} is an empty list: the statement does nothing.`,
      ),
    );
  }
  const resourceEntry = get("Resource") ?? get("NotResource");
  const type = policyType(st);
  if (type === "trust") {
    if (resourceEntry)
      out.push(
        finding(
          "ROLE_TRUST_POLICY_SYNTAX_ERROR_RESOURCE",
          keySpan(resourceEntry),
          resourceEntry.key,
          "A role trust policy applies to its role: remove Resource.",
        ),
      );
  } else if (!resourceEntry) {
    // Only identity policies must name resources: a resource policy is about the resource it is attached to.
    if (complete && type === "identity")
      out.push(finding("MISSING_RESOURCE", start, "Resource", "The statement has no Resource or NotResource."));
  } else if (resourceEntry.value?.kind === "array" && resourceEntry.value.items.length === 0) {
    out.push(
      finding(
        "EMPTY_ARRAY_RESOURCE",
        keySpan(resourceEntry),
        resourceEntry.key,
        `${resourceEntry.key} is an empty list: the statement does nothing.`,
      ),
    );
  }

  const sid = get("Sid");
  if (sid?.value?.kind === "string") {
    if (sid.value.value === "")
      out.push(finding("EMPTY_SID_VALUE", spanOf(sid.value), "Sid", "The Sid is empty: give it a value or remove it."));
    else if (type === "identity" && !/^[A-Za-z0-9]+$/.test(sid.value.value)) {
      out.push(
        finding("UNSUPPORTED_SID", spanOf(sid.value), sid.value.value, "A Sid in an identity policy takes only letters and digits."),
      );
    }
  }

  // Action strings: wildcards in the service prefix.
  for (const item of stringsOf(actionEntry?.value)) {
    const colon = item.value.indexOf(":");
    if (colon > 0 && hasWildcard(item.value.slice(0, colon))) {
      out.push(
        finding(
          "WILDCARD_IN_SERVICE_NAME",
          spanOf(item),
          item.value,
          `The wildcard in the service prefix of "${item.value}" also reaches services with similar names, including future ones.`,
        ),
      );
    }
  }

  // Resources: ARN formats, redundancy, variables.
  const resources = resourceEntry && !isUnknown(resourceEntry.value) ? stringsOf(resourceEntry.value) : [];
  for (const r of resources) {
    for (const p of arnProblems(r.value, catalog)) out.push(finding(p.code, spanOf(r), r.value, p.message));
    variableSyntax(r.value, spanOf(r), (code, at, subject, message) => out.push(finding(code, at, subject, message)));
    const service = arnFields(r.value)[2];
    if (r.value.startsWith("arn:") && service && hasWildcard(service)) {
      out.push(
        finding(
          "WILDCARD_IN_SERVICE_NAME",
          spanOf(r),
          r.value,
          `The wildcard in the service of "${r.value}" also reaches services with similar names, including future ones.`,
        ),
      );
    }
  }
  out.push(...redundantResources(resources));

  // Conditions.
  const condition = get("Condition");
  let uses: ConditionUse[] = [];
  if (condition?.value && !isUnknown(condition.value)) {
    const checked = checkCondition(condition.value, text, catalog);
    uses = checked.uses;
    out.push(...checked.findings);
  }

  // aws:VpcSourceIp says little without the VPC it is in.
  const vpcIp = uses.find((u) => u.key.toLowerCase() === "aws:vpcsourceip");
  if (vpcIp && !uses.some((u) => /^aws:sourcevpc(e|arn)?$/i.test(u.key))) {
    out.push(
      finding(
        "MISSING_PAIRED_CONDITION_KEYS",
        { offset: vpcIp.keyOffset, length: vpcIp.key.length },
        vpcIp.key,
        `${vpcIp.key} matches the address in any VPC: add aws:SourceVpc (or aws:SourceVpce) to the same condition.`,
      ),
    );
  }

  // Principals.
  out.push(...checkPrincipal(st, type, allow));

  // PassRole and CreateServiceLinkedRole reached through wildcards, NotAction or NotResource.
  if (allow && st.kind !== "trust" && actionEntry && resourceEntry && !isUnknown(actionEntry.value) && !isUnknown(resourceEntry.value)) {
    out.push(...roleFindings(actionEntry, resourceEntry, uses));
  }
  const deny = effect?.value?.kind === "string" && effect.value.value === "Deny";
  if (actionEntry && (allow || deny) && !isUnknown(actionEntry.value)) {
    out.push(...tagKeyFindings(actionEntry, uses, allow, catalog));
  }
  return out;
}

function redundantResources(items: PString[]): AccessAnalyzerFinding[] {
  const out: AccessAnalyzerFinding[] = [];
  items.forEach((item, i) => {
    for (let j = 0; j < items.length; j++) {
      if (j === i) continue;
      const other = items[j].value;
      if (other === item.value) {
        if (j < i) {
          out.push(finding("REDUNDANT_RESOURCE", spanOf(item), item.value, `"${item.value}" is listed twice.`));
          return;
        }
        continue;
      }
      if (!/[*?]|\$\{/.test(other)) continue;
      if (resourceCovers(other, item.value)) {
        // Two patterns covering each other: only the later one is redundant.
        if (resourceCovers(item.value, other) && j > i) continue;
        out.push(finding("REDUNDANT_RESOURCE", spanOf(item), item.value, `"${item.value}" is already covered by "${other}".`));
        return;
      }
    }
  });
  return out;
}

function checkPrincipal(st: Statement, type: Statement["kind"], allow: boolean): AccessAnalyzerFinding[] {
  const out: AccessAnalyzerFinding[] = [];
  const principal = entryOf(st.node, "Principal") ?? entryOf(st.node, "NotPrincipal");
  if (!principal?.value || isUnknown(principal.value)) return out;
  const not = principal.key === "NotPrincipal";
  if (not && allow)
    out.push(
      finding(
        "ALLOW_WITH_NOT_PRINCIPAL",
        keySpan(principal),
        "NotPrincipal",
        "Allow with NotPrincipal grants everyone not listed, anonymous users included: name the principals under Principal.",
      ),
    );
  if (not && type === "trust")
    out.push(
      finding(
        "ROLE_TRUST_POLICY_SYNTAX_ERROR_NOTPRINCIPAL",
        keySpan(principal),
        "NotPrincipal",
        "Role trust policies do not take NotPrincipal: use Principal.",
      ),
    );
  const value = principal.value;
  if (value.kind === "string") {
    if (value.value !== "*")
      out.push(
        finding("INVALID_PRINCIPAL_FORMAT", spanOf(value), value.value, `A ${principal.key} is "*" or an object such as {"AWS": ...}.`),
      );
    else if (type === "trust" && !not)
      out.push(
        finding(
          "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
          spanOf(value),
          "*",
          'A role trust policy cannot trust "*": name the principals.',
        ),
      );
    return out;
  }
  if (value.kind !== "object") return out;
  if (value.entries.length === 0) {
    out.push(
      finding("EMPTY_OBJECT_PRINCIPAL", keySpan(principal), principal.key, `${principal.key} is empty: the statement applies to no one.`),
    );
    return out;
  }
  for (const e of value.entries) {
    if (!PRINCIPAL_KEYS.has(e.key)) {
      out.push(
        finding("INVALID_PRINCIPAL_KEY", keySpan(e), e.key, `"${e.key}" is not a principal type (AWS, Service, Federated, CanonicalUser).`),
      );
      continue;
    }
    if (e.value?.kind === "array" && e.value.items.length === 0) {
      out.push(finding("EMPTY_ARRAY_PRINCIPAL", keySpan(e), e.key, `${e.key} lists no principals.`));
      continue;
    }
    if (e.key === "Federated" && type === "resource" && st.kind !== "trust") {
      out.push(
        finding("FEDERATED_PRINCIPAL_NOT_SUPPORTED", keySpan(e), "Federated", "Only role trust policies take a federated principal."),
      );
    }
    for (const p of stringsOf(e.value)) {
      const v = p.value;
      if (e.key === "AWS") {
        if (v === "*") {
          if (type === "trust" && !not)
            out.push(
              finding(
                "ROLE_TRUST_POLICY_UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
                spanOf(p),
                v,
                'A role trust policy cannot trust "*": name the principals.',
              ),
            );
          continue;
        }
        if (/[*?]/.test(v))
          out.push(
            finding(
              "UNSUPPORTED_WILDCARD_IN_PRINCIPAL",
              spanOf(p),
              v,
              `Wildcards are not allowed in an AWS principal ("${v}"): name the principals, or use "*" with a condition on aws:PrincipalArn.`,
            ),
          );
        else if (/^AROA[A-Z0-9]{12,}$/.test(v))
          out.push(finding("INVALID_ROLE_REFERENCE", spanOf(p), v, `${v} is a role's unique ID: use the role's ARN.`));
        else if (/^AIDA[A-Z0-9]{12,}$/.test(v))
          out.push(finding("INVALID_USER_REFERENCE", spanOf(p), v, `${v} is a user's unique ID: use the user's ARN.`));
        else if (!/^\d{12}$/.test(v) && !/^arn:[a-z-]+:(iam|sts)::(\d{12}|cloudfront|aws):\S/.test(v) && !v.includes("${")) {
          out.push(finding("INVALID_PRINCIPAL_FORMAT", spanOf(p), v, `"${v}" is not an account ID or an IAM ARN.`));
        }
      } else if (e.key === "Service" && /[*?]/.test(v)) {
        out.push(finding("UNSUPPORTED_WILDCARD_IN_PRINCIPAL", spanOf(p), v, `Wildcards are not allowed in a service principal ("${v}").`));
      }
    }
  }
  return out;
}

interface RoleAction {
  action: string;
  passRole: boolean;
  /** The condition key that, held to named values, settles the finding. */
  conditionKey: string;
  codes: {
    starResource: AccessAnalyzerCode;
    starActionStarResource: AccessAnalyzerCode;
    notResource: AccessAnalyzerCode;
    starActionNotResource: AccessAnalyzerCode;
    notActionNotResource: AccessAnalyzerCode;
    notActionStarResource: AccessAnalyzerCode;
  };
}

const ROLE_ACTIONS: RoleAction[] = [
  {
    action: "iam:PassRole",
    passRole: true,
    conditionKey: "iam:PassedToService",
    codes: {
      starResource: "PASS_ROLE_WITH_STAR_IN_RESOURCE",
      starActionStarResource: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE",
      notResource: "PASS_ROLE_WITH_NOT_RESOURCE",
      starActionNotResource: "PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
      notActionNotResource: "PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE",
      notActionStarResource: "PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
    },
  },
  {
    action: "iam:CreateServiceLinkedRole",
    passRole: false,
    conditionKey: "iam:AWSServiceName",
    codes: {
      starResource: "CREATE_SLR_WITH_STAR_IN_RESOURCE",
      starActionStarResource: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE",
      notResource: "CREATE_SLR_WITH_NOT_RESOURCE",
      starActionNotResource: "CREATE_SLR_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE",
      notActionNotResource: "CREATE_SLR_WITH_NOT_ACTION_AND_NOT_RESOURCE",
      notActionStarResource: "CREATE_SLR_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION",
    },
  },
];

/**
 * Allow statements that grant iam:PassRole or iam:CreateServiceLinkedRole on
 * every role: through `Resource: "*"` or NotResource, with the action
 * written out, reached by a wildcard, or left out of a NotAction. PassRole
 * literally written with `Resource: "*"` and reached by a wildcard other than
 * `*` are reported by the least-privilege check `iam-passrole-star-resource`
 * (checks.ts); a condition on iam:PassedToService settles PassRole.
 */
function roleFindings(actionEntry: PEntry, resourceEntry: PEntry, uses: ConditionUse[]): AccessAnalyzerFinding[] {
  const out: AccessAnalyzerFinding[] = [];
  const notAction = actionEntry.key === "NotAction";
  const notResource = resourceEntry.key === "NotResource";
  const resources = stringsOf(resourceEntry.value).map((s) => s.value);
  const starResource = !notResource && resources.includes("*");
  if (!starResource && !notResource) return out;
  const actions = stringsOf(actionEntry.value);
  for (const role of ROLE_ACTIONS) {
    if (pinsKey(uses, role.conditionKey)) continue;
    if (notAction) {
      if (actions.some((a) => wildcardMatch(a.value, role.action))) continue;
      const code = notResource ? role.codes.notActionNotResource : role.codes.notActionStarResource;
      out.push(
        finding(
          code,
          keySpan(actionEntry),
          `${code}`,
          `NotAction leaves ${role.action} allowed${notResource ? " with NotResource" : ' on Resource "*"'}, so it reaches every role.${advice(role)}`,
        ),
      );
      continue;
    }
    for (const a of actions) {
      if (!wildcardMatch(a.value, role.action)) continue;
      const literal = !hasWildcard(a.value);
      if (starResource) {
        // Reported by iam-passrole-star-resource (with the same issue codes), except for the bare "*".
        if (role.passRole && a.value !== "*") continue;
        const code = literal ? role.codes.starResource : role.codes.starActionStarResource;
        out.push(
          finding(
            code,
            spanOf(a),
            a.value,
            `${literal ? role.action : `"${a.value}" includes ${role.action}, which`} with Resource "*" reaches every role.${advice(role)}`,
          ),
        );
      } else {
        const code = literal ? role.codes.notResource : role.codes.starActionNotResource;
        out.push(
          finding(
            code,
            spanOf(a),
            a.value,
            `${literal ? role.action : `"${a.value}" includes ${role.action}, which`} with NotResource reaches every role not listed.${advice(role)}`,
          ),
        );
      }
    }
  }
  return out;
}

function advice(role: RoleAction): string {
  return role.passRole
    ? " Name the role ARNs in Resource, or add a Condition on iam:PassedToService."
    : " Name the service-linked role ARNs in Resource.";
}

/**
 * Tag condition keys that some services of the statement's actions never
 * set: Allow never matches for them, Deny never denies them.
 */
function tagKeyFindings(actionEntry: PEntry, uses: ConditionUse[], allow: boolean, catalog: IamCatalog): AccessAnalyzerFinding[] {
  const out: AccessAnalyzerFinding[] = [];
  if (!catalog.hasDetails) return out;
  const tagUses = uses.filter(
    (u) => !u.operator.ifExists && u.operator.qualifier !== "ForAllValues" && u.operator.family !== "Null" && tagKeyTemplate(u.key),
  );
  if (tagUses.length === 0) return out;
  if (actionEntry.key === "NotAction") {
    const u = tagUses[0];
    const code: AccessAnalyzerCode = allow
      ? "ALLOW_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
      : "DENY_NOT_ACTION_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE";
    out.push(
      finding(
        code,
        keySpan(actionEntry),
        u.key,
        `Some of the actions NotAction leaves ${allow ? "allowed" : "denied"} never carry ${u.key}, so this statement ${allow ? "never allows" : "never denies"} them: list the actions under Action.`,
      ),
    );
    return out;
  }
  // Actions written out; a wildcard's matches are not weighed one by one.
  const actions: CatalogAction[] = [];
  for (const item of stringsOf(actionEntry.value)) {
    if (!hasWildcard(item.value)) actions.push(...catalog.expand(item.value));
  }
  for (const u of tagUses) {
    const template = tagKeyTemplate(u.key)!.toLowerCase();
    // A service is reported when none of its listed actions sets the key: then the condition never holds for it.
    const supports = (a: CatalogAction) => catalog.actionDetails(a).conditionKeys.some((k) => k.toLowerCase() === template);
    const services = [...new Set(actions.map((a) => a.service))];
    const unsupported = services.filter((s) => !actions.some((a) => a.service === s && supports(a))).sort();
    if (unsupported.length === 0) continue;
    const code: AccessAnalyzerCode = allow
      ? "ALLOW_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE"
      : "DENY_WITH_UNSUPPORTED_TAG_CONDITION_KEY_FOR_SERVICE";
    out.push(
      finding(
        code,
        { offset: u.keyOffset, length: u.key.length },
        `${u.key} ${unsupported.join(",")}`,
        `${unsupported.join(", ")} ${unsupported.length === 1 ? "does" : "do"} not support ${u.key}, so this statement never ${allow ? "allows" : "denies"} their actions: move them to a statement without this key.`,
      ),
    );
  }
  return out;
}
