import { checkItems, defaultChecks } from "../hooks/analysis";
import type { HookStage, Issue, TextToScan } from "../hooks/types";
import * as path from "node:path";
import {
  DOCS_FILE,
  ParseCache,
  analyzeParsed,
  catalogConditionKeys,
  iamAssist,
  loadIamCatalog,
  loadIamDocs,
  mayContainPolicy,
  type IamAssistAnswer,
  type IamAssistQuery,
  type IamCatalog,
  type IamDocs,
  type IamFinding,
  type IamSeverityMap,
} from "../iam";
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
  | { op: "iam-assist"; filePath: string; languageId?: string; text: string; query: IamAssistQuery }
  | { op: "hook"; root: string; stage: HookStage; items: TextToScan[] };

export type AnalysisResult = SecretFinding[] | IamFinding[] | Issue[] | IamAssistAnswer<IamAssistQuery>;

/**
 * The editor's and the hook's analyses, as run inside the worker thread:
 * secrets through the folder's WorkspacePolicy, IAM checks with its
 * suppressions, and the hook's checks of a request (exactly as the hook runs
 * them in its own process). Policies are loaded once per folder and kept
 * until reset. The editor's other questions about a policy (hover,
 * completion, fixes) are answered here too, from the parse its last analysis
 * left in the cache, so that no policy is parsed on the editor's thread.
 */
export function analysisService(init: AnalysisInit): Service<AnalysisRequest, AnalysisResult> {
  const policies = new Map<string, Promise<WorkspacePolicy>>();
  let catalog: Promise<IamCatalog> | undefined;
  // Descriptions are read the first time completion needs them.
  let docs: Promise<IamDocs | undefined> | undefined;
  const parses = new ParseCache();
  const policyFor = (root: string) => {
    let policy = policies.get(root);
    if (!policy) {
      policy = root ? WorkspacePolicy.load(root) : WorkspacePolicy.defaults();
      policies.set(root, policy);
    }
    return policy;
  };
  const catalogLoaded = () => (catalog ??= loadIamCatalog(init.iamCatalogFile));
  return {
    prepare: async () => {
      await policyFor("");
    },
    async load(request) {
      if (request.op === "secrets" || request.op === "iam") await policyFor(request.root);
      if (request.op === "iam-assist" || (request.op === "iam" && mayContainPolicy(request.text))) await catalogLoaded();
    },
    reset: () => policies.clear(),
    async handle(request) {
      if (request.op === "hook") return checkItems(request.items, request.stage, defaultChecks(request.root));
      if (request.op === "iam-assist") {
        const iamCatalog = await catalogLoaded();
        const iamDocs =
          request.query.kind === "complete"
            ? await (docs ??= loadIamDocs(init.iamCatalogFile ? path.join(path.dirname(init.iamCatalogFile), DOCS_FILE) : undefined).catch(
                () => undefined,
              ))
            : undefined;
        const doc = parses.get(request.text, request.filePath, request.languageId);
        return iamAssist(request.query, doc, {
          catalog: iamCatalog,
          docs: iamDocs,
          conditionKeys: catalogConditionKeys(iamCatalog, iamDocs),
        });
      }
      const policy = await policyFor(request.root);
      if (request.op === "secrets") return policy.scanSecrets(request.filePath, request.text);
      if (policy.isExcluded(request.filePath)) return [];
      const rel = policy.relative(request.filePath);
      if (!mayContainPolicy(request.text)) return [];
      const doc = parses.get(request.text, request.filePath, request.languageId);
      return analyzeParsed(request.text, doc.parsed, await catalogLoaded(), {
        fileName: request.filePath,
        languageId: request.languageId,
        severities: request.severities,
        isSuppressed: (check, fingerprint) => policy.isSuppressed(rel, check, fingerprint),
      });
    },
  };
}
