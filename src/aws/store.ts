import { AwsStoreError, mapAwsError } from "./errors";
import { loadAwsSdk } from "./loadSdk";
import {
  createSecretInput,
  describeSecretInput,
  putParameterInput,
  putSecretValueInput,
  type StoreOperation,
  type StoreRequest,
} from "./requests";
import type { Connection } from "./sdk";

export type { Connection } from "./sdk";

/** What AWS confirmed. */
export interface StoredSecret {
  store: StoreRequest["store"];
  name: string;
  region: string;
  /** Secrets Manager: the secret's ARN. */
  arn?: string;
  /** Secrets Manager: the id of the version just written. */
  versionId?: string;
  /** Parameter Store: the parameter's version number. */
  version?: number;
  /** False when a version was added to an existing secret. */
  created: boolean;
}

/** What is known of a secret that already has the chosen name. */
export interface ExistingSecret {
  arn?: string;
  lastChanged?: Date;
  /** Whether this extension created it (its description says so). */
  ours: boolean;
}

export type CreateResult = { kind: "stored"; stored: StoredSecret } | { kind: "exists" };

/**
 * Creates the secret or parameter. A name that is taken is reported, not
 * overwritten: adding a version is a separate, explicit step (`addVersion`).
 * Failures throw an AwsStoreError whose message is safe to show.
 */
export async function createSecret(connection: Connection, request: StoreRequest, signal?: AbortSignal): Promise<CreateResult> {
  const sdk = await loadAwsSdk();
  try {
    if (request.store === "secretsManager") {
      const out = await withClient(sdk.secretsManagerClient(connection), (c) =>
        c.send(new sdk.CreateSecretCommand(createSecretInput(request)), { abortSignal: signal }),
      );
      return {
        kind: "stored",
        stored: {
          store: request.store,
          name: request.name,
          region: connection.region,
          arn: out.ARN,
          versionId: out.VersionId,
          created: true,
        },
      };
    }
    const out = await withClient(sdk.ssmClient(connection), (c) =>
      c.send(new sdk.PutParameterCommand(putParameterInput(request, false)), { abortSignal: signal }),
    );
    return {
      kind: "stored",
      stored: { store: request.store, name: request.name, region: connection.region, version: out.Version, created: true },
    };
  } catch (error) {
    const name = (error as { name?: unknown } | undefined)?.name;
    if (name === "ResourceExistsException" || name === "ParameterAlreadyExists") return { kind: "exists" };
    throw failure(error, connection, request, "create");
  }
}

/** Writes the value as the new current version of an existing secret or parameter. */
export async function addVersion(connection: Connection, request: StoreRequest, signal?: AbortSignal): Promise<StoredSecret> {
  const sdk = await loadAwsSdk();
  try {
    if (request.store === "secretsManager") {
      const out = await withClient(sdk.secretsManagerClient(connection), (c) =>
        c.send(new sdk.PutSecretValueCommand(putSecretValueInput(request)), { abortSignal: signal }),
      );
      return {
        store: request.store,
        name: request.name,
        region: connection.region,
        arn: out.ARN,
        versionId: out.VersionId,
        created: false,
      };
    }
    const out = await withClient(sdk.ssmClient(connection), (c) =>
      c.send(new sdk.PutParameterCommand(putParameterInput(request, true)), { abortSignal: signal }),
    );
    return { store: request.store, name: request.name, region: connection.region, version: out.Version, created: false };
  } catch (error) {
    throw failure(error, connection, request, "addVersion");
  }
}

/**
 * What the existing secret is, to help the user decide between a new version
 * and another name. Best effort: Parameter Store is not asked (reading
 * parameter metadata needs more permissions), and any failure gives undefined.
 */
export async function describeExisting(
  connection: Connection,
  request: StoreRequest,
  signal?: AbortSignal,
): Promise<ExistingSecret | undefined> {
  if (request.store !== "secretsManager") return undefined;
  const sdk = await loadAwsSdk();
  try {
    const out = await withClient(sdk.secretsManagerClient(connection), (c) =>
      c.send(new sdk.DescribeSecretCommand(describeSecretInput(request.name)), { abortSignal: signal }),
    );
    return {
      arn: out.ARN,
      lastChanged: out.LastChangedDate ?? out.CreatedDate,
      ours: out.Description?.includes("Agent Security Hooks") ?? false,
    };
  } catch {
    return undefined;
  }
}

/** One client per action: credentials are resolved afresh, and its sockets are closed after. */
async function withClient<C extends { destroy(): void }, T>(client: C, call: (client: C) => Promise<T>): Promise<T> {
  try {
    return await call(client);
  } finally {
    client.destroy();
  }
}

function failure(error: unknown, connection: Connection, request: StoreRequest, operation: StoreOperation): AwsStoreError {
  return new AwsStoreError(
    mapAwsError(error, {
      store: request.store,
      operation,
      name: request.name,
      region: connection.region,
      profile: connection.profile,
      endpoint: connection.endpoint,
      kmsKeyId: request.kmsKeyId,
      tagged: request.tags.length > 0,
      secretValue: request.value,
    }),
  );
}
