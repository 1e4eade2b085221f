import type { CreateSecretRequest, DescribeSecretRequest, PutSecretValueRequest } from "@aws-sdk/client-secrets-manager";
import type { PutParameterRequest } from "@aws-sdk/client-ssm";
import type { SecretStore } from "../secrets/fixes";
import type { Tag } from "./inputs";

/** One secret to store: where, under which name, encrypted with which key, tagged how. */
export interface StoreRequest {
  store: SecretStore;
  name: string;
  /** The raw value, read from the editor buffer; goes into the request body and nowhere else. */
  value: string;
  /** Customer managed KMS key (id, ARN or alias); undefined for the AWS managed key. */
  kmsKeyId?: string;
  tags: Tag[];
  /** Workspace-relative path of the file the value came from, for the description. */
  sourcePath?: string;
}

/** Says in the AWS console where a secret came from; never anything of the value. */
export function description(request: Pick<StoreRequest, "sourcePath">): string {
  const from = request.sourcePath ? ` from ${request.sourcePath}` : "";
  // Both services cap descriptions (Secrets Manager 2048, Parameter Store 1024 characters).
  return `Moved out of source code${from} by Agent Security Hooks.`.slice(0, 1024);
}

export function createSecretInput(request: StoreRequest): CreateSecretRequest {
  return {
    Name: request.name,
    SecretString: request.value,
    Description: description(request),
    ...(request.kmsKeyId ? { KmsKeyId: request.kmsKeyId } : {}),
    ...(request.tags.length > 0 ? { Tags: request.tags } : {}),
  };
}

/** A new version of an existing secret: its current label moves to this value; key and tags stay as they are. */
export function putSecretValueInput(request: StoreRequest): PutSecretValueRequest {
  return { SecretId: request.name, SecretString: request.value };
}

export function describeSecretInput(name: string): DescribeSecretRequest {
  return { SecretId: name };
}

/**
 * A SecureString parameter. `overwrite` only with the user's consent to add a
 * version to an existing parameter; AWS refuses tags together with
 * Overwrite, so a new version keeps the tags the parameter has.
 */
export function putParameterInput(request: StoreRequest, overwrite: boolean): PutParameterRequest {
  const base: PutParameterRequest = {
    Name: request.name,
    Value: request.value,
    Type: "SecureString",
    Description: description(request),
    ...(request.kmsKeyId ? { KeyId: request.kmsKeyId } : {}),
  };
  if (overwrite) return { ...base, Overwrite: true };
  return { ...base, Overwrite: false, ...(request.tags.length > 0 ? { Tags: request.tags } : {}) };
}

/** The IAM actions a request needs, for "access denied" messages when AWS does not name one. */
export function requiredActions(store: SecretStore, operation: StoreOperation, tagged: boolean): string[] {
  if (store === "secretsManager") {
    if (operation === "describe") return ["secretsmanager:DescribeSecret"];
    if (operation === "addVersion") return ["secretsmanager:PutSecretValue"];
    return tagged ? ["secretsmanager:CreateSecret", "secretsmanager:TagResource"] : ["secretsmanager:CreateSecret"];
  }
  return tagged && operation === "create" ? ["ssm:PutParameter", "ssm:AddTagsToResource"] : ["ssm:PutParameter"];
}

/**
 * What a customer managed key must allow the caller: Secrets Manager asks KMS
 * for a data key and checks it can decrypt it again; Parameter Store encrypts
 * standard-tier values with the key directly.
 */
export function kmsActions(store: SecretStore): string[] {
  return store === "secretsManager" ? ["kms:GenerateDataKey", "kms:Decrypt"] : ["kms:Encrypt"];
}

export type StoreOperation = "create" | "addVersion" | "describe";
