import type { IamFinding } from "../iam";
import type { ContentCheck, PolicySource } from "./checks";

/**
 * IAM checks whose findings stop an agent's write: grants of every action,
 * every action of a service, wildcards reaching write or permission
 * management, Allow with NotAction, PassRole on any role. Only at error or
 * warning severity, so conditions that narrow a statement (which lower the
 * severity) let it through. Unknown or redundant actions are left to the editor.
 */
const OVER_BROAD = new Set([
  "iam-action-star",
  "iam-service-wildcard",
  "iam-partial-wildcard",
  "iam-not-action-allow",
  "iam-passrole-star-resource",
]);

function blocks(finding: IamFinding): boolean {
  return OVER_BROAD.has(finding.check) && (finding.severity === "error" || finding.severity === "warning");
}

/**
 * The IAM engine (src/iam) as a hook check, with the folder's exclusions and
 * suppressions. The engine and its action catalogue (next to the bundle
 * unless `catalogFile` says otherwise) load on the first text that looks like
 * a policy.
 */
export function iamCheck(policy: PolicySource, catalogFile?: string): ContentCheck {
  return async (item) => {
    const iam = await import("../iam");
    if (!iam.mayContainPolicy(item.text)) return [];
    const folder = await policy();
    if (folder.isExcluded(item.filePath)) return [];
    const rel = folder.relative(item.filePath);
    const findings = iam.analyzeIam(item.text, await iam.loadIamCatalog(catalogFile), {
      fileName: item.filePath,
      isSuppressed: (check, fp) => folder.isSuppressed(rel, check, fp),
    });
    return findings.filter(blocks).map((f) => ({
      check: "iam",
      kind: "over-broad IAM policy",
      masked: f.check === "iam-not-action-allow" ? "NotAction" : `"${f.subject}"`,
      where: item.label,
      line: f.range.start.line + 1,
      detail: f.message.replace(/\.$/, ""),
    }));
  };
}
