// Names of the files that make up a folder's scanning policy, apart from the
// policy code: the editor watches them from activation on, and importing
// workspacePolicy.ts there would load secretlint with it.

/** Project file holding suppressions for files that cannot carry a comment (JSON). */
export const PROJECT_FILE = ".agent-security.json";
export const SECRETLINT_CONFIG_FILES = [".secretlintrc.json", ".secretlintrc", ".secretlintrc.yaml", ".secretlintrc.yml"];
export const SECRETLINT_IGNORE_FILE = ".secretlintignore";

/** Files whose change means the policy must be loaded again. */
export const POLICY_FILES = [PROJECT_FILE, SECRETLINT_IGNORE_FILE, ...SECRETLINT_CONFIG_FILES];
