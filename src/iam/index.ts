// IAM least-privilege checks: pure logic, no `vscode` import. The editor glue,
// the CLI and the tests all go through these exports.
export { ACCESS_LEVELS, CATALOG_FILE, IamCatalog, groupByLevel, isMutating, isReadOnly, loadIamCatalog } from "./catalog";
export type { AccessLevel, CatalogAction, CatalogIndex } from "./catalog";
export { analyzeIam, analyzeParsed, findingFingerprint } from "./checks";
export { IAM_CHECKS, IAM_CHECK_IDS, isIamCheckId } from "./checkIds";
export type { AnalyzeOptions, IamFinding } from "./checks";
export type { IamCheckId, IamSeverityMap } from "./checkIds";
export { MAX_EXPLICIT_ACTIONS, iamFixes, replaceActionEdits } from "./fixes";
export type { IamFix, IamFixContext, IamFixKind } from "./fixes";
export { expansionMarkdown, iamHover } from "./hover";
export type { IamHover } from "./hover";
export { detectFormat, extractPolicies, mayContainPolicy } from "./policy";
export type { PolicyFormat } from "./policy";
export { IGNORE_MARKER } from "./suppress";
export { ParseCache, iamAssist } from "./assist";
export type { ActionChoices, AssistFix, IamAssistAnswer, IamAssistQuery } from "./assist";
export { catalogConditionKeys } from "./completion";
export type { IamCompletionItem, IamCompletions } from "./completion";
export { DOCS_FILE, loadIamDocs } from "./docs";
export type { IamDocs } from "./docs";
export type { NotActionChoices } from "./notAction";
