import type { Suppression } from "../../scan/workspacePolicy";
import type { TextEdit } from "../../shared/text";
import type { SecretFinding } from "../engine";

/** Where a secret is moved to. */
export type SecretStore = "secretsManager" | "parameterStore";

export interface FixContext {
  /** The whole text of the file, as the finding was made on it. */
  text: string;
  /** VS Code language id; where none is known, `languageFromPath` supplies one. */
  languageId: string;
  filePath: string;
  /** Workspace-relative path with forward slashes, for suppressions (undefined outside a workspace). */
  relativePath?: string;
  finding: Pick<SecretFinding, "offset" | "length" | "ruleId" | "messageId" | "kind" | "fingerprint">;
  /** Prefix of derived secret names, from `agentSecurity.secretNamePrefix` (e.g. `app/`). */
  namePrefix: string;
  /** A name the user chose; otherwise one is derived from the variable or key. */
  secretName?: string;
}

export interface SecretFix {
  title: string;
  /** Set for lookup fixes; unset for "ignore". */
  store?: SecretStore;
  /** The name the lookup refers to. */
  secretName?: string;
  /** Edits against `FixContext.text`, applied together as one undoable edit. */
  edits: TextEdit[];
  /** For files without comments: record this in the project file instead of editing. */
  suppression?: Suppression;
  isPreferred?: boolean;
}
