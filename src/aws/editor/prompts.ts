import * as vscode from "vscode";
import type { SecretStore } from "../../secrets/fixes";
import { checkKmsKeyId, checkProfile, checkRegion, checkSecretName, parseTags, type InputProblem, type Tag } from "../inputs";
import type { ExistingSecret } from "../store";

export const SERVICE_NAMES: Record<SecretStore, string> = {
  secretsManager: "AWS Secrets Manager",
  parameterStore: "SSM Parameter Store",
};

/** Everything the user chose for one store action. */
export interface StoreDetails {
  name: string;
  /** Undefined: the default credential chain. */
  profile?: string;
  region: string;
  /** Undefined: the AWS managed key. */
  kmsKeyId?: string;
  tags: Tag[];
}

/** Pre-filled values; the region is looked up once the profile is known. */
export interface DetailDefaults {
  name: string;
  profile: string;
  kmsKeyId: string;
  region: (profile: string | undefined) => Promise<string>;
  profiles: () => Promise<string[]>;
}

const STEPS = 5;

function validation(problem: InputProblem | undefined): vscode.InputBoxValidationMessage | undefined {
  if (!problem) return undefined;
  return {
    message: problem.message,
    severity: problem.warning ? vscode.InputBoxValidationSeverity.Warning : vscode.InputBoxValidationSeverity.Error,
  };
}

function ask(store: SecretStore, step: number, options: vscode.InputBoxOptions): Thenable<string | undefined> {
  return vscode.window.showInputBox({ title: `Store in ${SERVICE_NAMES[store]} (${step}/${STEPS})`, ignoreFocusOut: true, ...options });
}

export function askName(store: SecretStore, value: string): Thenable<string | undefined> {
  return ask(store, 1, {
    prompt:
      store === "secretsManager"
        ? "Name of the secret (the code will look it up by this name)"
        : "Name of the SecureString parameter (the code will look it up by this name)",
    value,
    validateInput: (v) => validation(checkSecretName(v.trim(), store)),
  }).then((v) => v?.trim());
}

/**
 * Asks name, profile, region, KMS key and tags in turn, each pre-filled and
 * editable. Profile comes before region because the region defaults to the
 * profile's. Escape at any step cancels the whole action.
 */
export async function askDetails(store: SecretStore, defaults: DetailDefaults): Promise<StoreDetails | undefined> {
  const name = await askName(store, defaults.name);
  if (name === undefined) return undefined;

  const profiles = await defaults.profiles();
  const profileInput = await ask(store, 2, {
    prompt: `AWS profile; empty for the default credential chain.${profiles.length > 0 ? ` Profiles found: ${profiles.join(", ")}.` : ""}`,
    value: defaults.profile,
    placeHolder: "default credential chain",
    validateInput: (v) => {
      const trimmed = v.trim();
      const problem = checkProfile(trimmed);
      if (problem) return validation(problem);
      if (trimmed && profiles.length > 0 && !profiles.includes(trimmed)) {
        return validation({ message: `No profile "${trimmed}" in ~/.aws/config or ~/.aws/credentials.`, warning: true });
      }
      return undefined;
    },
  });
  if (profileInput === undefined) return undefined;
  const profile = profileInput.trim() || undefined;

  const regionInput = await ask(store, 3, {
    prompt: "AWS region",
    value: await defaults.region(profile),
    placeHolder: "us-east-1",
    validateInput: (v) => validation(checkRegion(v.trim())),
  });
  if (regionInput === undefined) return undefined;

  const keyInput = await ask(store, 4, {
    prompt: `KMS key to encrypt with (key id, ARN, alias/name); empty for the AWS managed key ${store === "secretsManager" ? "aws/secretsmanager" : "aws/ssm"}`,
    value: defaults.kmsKeyId,
    placeHolder: "AWS managed key",
    validateInput: (v) => validation(checkKmsKeyId(v.trim())),
  });
  if (keyInput === undefined) return undefined;

  const tagsInput = await ask(store, 5, {
    prompt: "Tags, as key=value pairs separated by commas; empty for none",
    placeHolder: "team=payments, env=prod",
    validateInput: (v) => {
      const parsed = parseTags(v);
      return "problem" in parsed ? validation(parsed.problem) : undefined;
    },
  });
  if (tagsInput === undefined) return undefined;
  const tags = parseTags(tagsInput);
  if ("problem" in tags) return undefined; // validateInput let nothing else through

  return { name, profile, region: regionInput.trim(), kmsKeyId: keyInput.trim() || undefined, tags: tags.tags };
}

/** The name is taken: add a version, pick another name, or stop (undefined). Never overwrites by itself. */
export async function askOnExists(
  store: SecretStore,
  details: StoreDetails,
  existing: ExistingSecret | undefined,
): Promise<"newVersion" | "rename" | undefined> {
  const what = store === "secretsManager" ? "A secret" : "A SecureString parameter";
  const facts: string[] = [];
  if (existing?.lastChanged) facts.push(`last changed ${existing.lastChanged.toISOString().slice(0, 10)}`);
  if (existing) facts.push(existing.ours ? "created by Agent Security Hooks" : "not created by Agent Security Hooks");
  const detail =
    `${what} named ${details.name} already exists in ${details.region}${facts.length > 0 ? ` (${facts.join(", ")})` : ""}. ` +
    "Adding a new version makes this value the current one; the code reading it then gets the new value. Earlier versions stay in AWS.";
  const newVersion = "Add a New Version";
  const rename = "Choose Another Name";
  const choice = await vscode.window.showWarningMessage(`${details.name} already exists`, { modal: true, detail }, newVersion, rename);
  if (choice === newVersion) return "newVersion";
  if (choice === rename) return "rename";
  return undefined;
}
