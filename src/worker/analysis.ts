import { checkItems, defaultChecks } from "../hooks/analysis";
import type { HookStage, Issue, TextToScan } from "../hooks/types";
import { analyzeIam, loadIamCatalog, type IamCatalog, type IamFinding, type IamSeverityMap } from "../iam";
import { WorkspacePolicy } from "../scan/workspacePolicy";
import type { SecretFinding } from "../secrets/engine";
import type { Service } from "./serve";

/** What the analysis worker is started with. */
export interface AnalysisInit {
  /** The IAM action catalogue; by default dist/iam-catalog.json next to the engine bundle. */
  iamCatalogFile?: string;
}

/**
 * One text to analyse. `root` is the workspace folder whose configuration
 * (secretlint rules, `.secretlintignore`, suppressions) applies, "" for none.
 * The caller has already left out files its exclude globs name.
 */
export type AnalysisRequest =
  | { op: "secrets"; root: string; filePath: string; text: string }
  | { op: "iam"; root: string; filePath: string; languageId?: string; text: string; severities?: IamSeverityMap }
  | { op: "hook"; root: string; stage: HookStage; items: TextToScan[] };

export type AnalysisResult = SecretFinding[] | IamFinding[] | Issue[];

/**
 * The editor's and the hook's analyses, as run inside the worker thread:
 * secrets through the folder's WorkspacePolicy, IAM checks with its
 * suppressions, and the hook's checks of a request (exactly as the hook runs
 * them in its own process). Policies are loaded once per folder and kept
 * until reset.
 */
export function analysisService(init: AnalysisInit): Service<AnalysisRequest, AnalysisResult> {
  const policies = new Map<string, Promise<WorkspacePolicy>>();
  let catalog: Promise<IamCatalog> | undefined;
  const policyFor = (root: string) => {
    let policy = policies.get(root);
    if (!policy) {
      policy = root ? WorkspacePolicy.load(root) : WorkspacePolicy.defaults();
      policies.set(root, policy);
    }
    return policy;
  };
  return {
    prepare: async () => {
      await policyFor("");
    },
    reset: () => policies.clear(),
    async handle(request) {
      if (request.op === "hook") return checkItems(request.items, request.stage, defaultChecks(request.root));
      const policy = await policyFor(request.root);
      if (request.op === "secrets") return policy.scanSecrets(request.filePath, request.text);
      if (policy.isExcluded(request.filePath)) return [];
      const rel = policy.relative(request.filePath);
      return analyzeIam(request.text, await (catalog ??= loadIamCatalog(init.iamCatalogFile)), {
        fileName: request.filePath,
        languageId: request.languageId,
        severities: request.severities,
        isSuppressed: (check, fingerprint) => policy.isSuppressed(rel, check, fingerprint),
      });
    },
  };
}
