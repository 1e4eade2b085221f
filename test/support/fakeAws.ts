import * as http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A small stand-in for AWS Secrets Manager and SSM Parameter Store on
 * 127.0.0.1, speaking their JSON 1.1 protocol (`X-Amz-Target`,
 * `application/x-amz-json-1.1`) for the operations the extension uses. It
 * keeps the secrets it is given, so a second create of the same name fails
 * as AWS does, and records every request for tests to inspect. Shared by the
 * unit tests (through the real SDK) and the integration tests (inside the
 * VS Code extension host).
 */

/** How the next requests are answered, until changed. */
export type FakeAwsMode =
  | "normal" // success, or "already exists" for a taken name
  | "accessDenied"
  | "drop" // the connection is closed without an answer
  | "throttle"
  | "expiredToken"
  | "kmsKeyNotFound"
  | "validationQuotingValue" // a ValidationException whose message quotes the value, as some AWS messages do
  | "internalError";

export interface RecordedRequest {
  /** `secretsmanager` or `ssm`. */
  service: string;
  /** `CreateSecret`, `PutSecretValue`, `DescribeSecret`, `PutParameter`. */
  operation: string;
  contentType: string | undefined;
  /** Whether an `AWS4-HMAC-SHA256` Authorization header with a credential scope came along. */
  signed: boolean;
  /** From the credential scope of the signature. */
  accessKeyId?: string;
  region?: string;
  signedService?: string;
  body: Record<string, unknown>;
  /** Name / SecretId. */
  name?: string;
  /** SecretString / Value. */
  value?: string;
  /** KmsKeyId / KeyId. */
  kmsKeyId?: string;
  tags?: Array<{ Key: string; Value: string }>;
  description?: string;
  overwrite?: boolean;
}

const ACCOUNT = "123456789012";

interface StoredSecret {
  arn: string;
  description?: string;
  versions: number;
  created: Date;
  lastChanged: Date;
}

export class FakeAwsServer {
  readonly requests: RecordedRequest[] = [];
  mode: FakeAwsMode = "normal";
  /** Awaited before each answer: lets a test act (edit a document, say) while a request is in flight. */
  beforeAnswer: ((request: RecordedRequest) => Promise<void>) | undefined;
  private readonly secrets = new Map<string, StoredSecret>();
  private readonly parameters = new Map<string, { version: number; description?: string }>();
  private server: http.Server | undefined;

  /** Starts listening on 127.0.0.1 at a free port; resolves with the endpoint URL. */
  async start(): Promise<string> {
    const server = http.createServer((req, res) => this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    return this.url;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error("the fake AWS server is not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Forgets requests and secrets, and answers normally again. */
  reset(): void {
    this.requests.length = 0;
    this.secrets.clear();
    this.parameters.clear();
    this.mode = "normal";
    this.beforeAnswer = undefined;
  }

  /** A secret that exists before the test, as if created by someone else. */
  seedSecret(name: string, region = "us-east-1", description = "created by hand"): void {
    const now = new Date(Date.UTC(2024, 0, 15, 9, 30));
    this.secrets.set(name, { arn: arnOf(region, name), description, versions: 1, created: now, lastChanged: now });
  }

  seedParameter(name: string): void {
    this.parameters.set(name, { version: 1 });
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => void this.respond(req, res, Buffer.concat(chunks).toString("utf8")));
  }

  private async respond(req: http.IncomingMessage, res: http.ServerResponse, text: string): Promise<void> {
    const recorded = record(req, text);
    this.requests.push(recorded);
    await this.beforeAnswer?.(recorded);
    if (this.mode === "drop") {
      req.socket.destroy();
      return;
    }
    const answer = this.answer(recorded);
    const body = JSON.stringify(answer.body);
    const headers: http.OutgoingHttpHeaders = {
      "content-type": "application/x-amz-json-1.1",
      "content-length": Buffer.byteLength(body),
      "x-amzn-requestid": `fake-${this.requests.length}`,
    };
    if (answer.status !== 200) headers["x-amzn-errortype"] = String(answer.body.__type);
    res.writeHead(answer.status, headers);
    res.end(body);
  }

  private answer(r: RecordedRequest): { status: number; body: Record<string, unknown> } {
    const action = `${r.service}:${r.operation}`;
    const resource =
      r.service === "ssm"
        ? `arn:aws:ssm:${r.region}:${ACCOUNT}:parameter${r.name?.startsWith("/") ? "" : "/"}${r.name}`
        : arnOf(r.region ?? "us-east-1", r.name ?? "");
    switch (this.mode) {
      case "accessDenied":
        return error(
          400,
          "AccessDeniedException",
          `User: arn:aws:iam::${ACCOUNT}:user/dev is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`,
        );
      case "throttle":
        return error(400, "ThrottlingException", "Rate exceeded");
      case "expiredToken":
        return error(400, "ExpiredTokenException", "The security token included in the request is expired");
      case "kmsKeyNotFound":
        return r.service === "ssm"
          ? error(400, "InvalidKeyId", `Invalid keyId ${r.kmsKeyId}`)
          : error(400, "EncryptionFailure", `Secrets Manager can't find the specified encryption key ${r.kmsKeyId}.`);
      case "validationQuotingValue":
        return error(
          400,
          "ValidationException",
          `1 validation error detected: Value '${r.value}' at 'secretString' failed to satisfy constraint`,
        );
      case "internalError":
        return error(500, "InternalServiceError", "internal error");
      default:
        return r.service === "ssm" ? this.ssm(r) : this.secretsManager(r);
    }
  }

  private secretsManager(r: RecordedRequest): { status: number; body: Record<string, unknown> } {
    const name = r.name ?? "";
    const existing = this.secrets.get(name) ?? [...this.secrets.values()].find((s) => s.arn === name);
    switch (r.operation) {
      case "CreateSecret": {
        if (existing) return error(400, "ResourceExistsException", `The operation failed because the secret ${name} already exists.`);
        const now = new Date();
        const secret = {
          arn: arnOf(r.region ?? "us-east-1", name),
          description: r.description,
          versions: 1,
          created: now,
          lastChanged: now,
        };
        this.secrets.set(name, secret);
        return ok({ ARN: secret.arn, Name: name, VersionId: versionId(1) });
      }
      case "PutSecretValue": {
        if (!existing) return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        existing.versions++;
        existing.lastChanged = new Date();
        return ok({ ARN: existing.arn, Name: name, VersionId: versionId(existing.versions), VersionStages: ["AWSCURRENT"] });
      }
      case "DescribeSecret": {
        if (!existing) return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
        return ok({
          ARN: existing.arn,
          Name: name,
          Description: existing.description,
          CreatedDate: existing.created.getTime() / 1000,
          LastChangedDate: existing.lastChanged.getTime() / 1000,
        });
      }
      default:
        return error(400, "UnknownOperationException", `fake: ${r.operation} is not implemented`);
    }
  }

  private ssm(r: RecordedRequest): { status: number; body: Record<string, unknown> } {
    if (r.operation !== "PutParameter") return error(400, "UnknownOperationException", `fake: ${r.operation} is not implemented`);
    const name = r.name ?? "";
    if (r.body.Type !== "SecureString") return error(400, "ValidationException", "fake: the extension must store SecureString parameters");
    if (r.overwrite && r.tags) {
      return error(
        400,
        "ValidationException",
        "Invalid request: tags and overwrite can't be used together. To create a parameter with tags, please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or RemoveTagsFromResource.",
      );
    }
    const existing = this.parameters.get(name);
    if (existing && !r.overwrite)
      return error(
        400,
        "ParameterAlreadyExists",
        "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.",
      );
    const version = (existing?.version ?? 0) + 1;
    this.parameters.set(name, { version, description: r.description });
    return ok({ Version: version, Tier: "Standard" });
  }
}

function record(req: http.IncomingMessage, text: string): RecordedRequest {
  const target = String(req.headers["x-amz-target"] ?? "");
  const [prefix, operation = ""] = target.split(".");
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = {};
  }
  const auth = String(req.headers.authorization ?? "");
  // AWS4-HMAC-SHA256 Credential=AKID/20240101/us-east-1/secretsmanager/aws4_request, SignedHeaders=..., Signature=...
  const scope =
    /^AWS4-HMAC-SHA256 Credential=([^/]+)\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request, SignedHeaders=[^,]+, Signature=[0-9a-f]{64}$/.exec(auth);
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  return {
    service: prefix === "AmazonSSM" ? "ssm" : prefix,
    operation,
    contentType: req.headers["content-type"],
    signed: scope !== null,
    accessKeyId: scope?.[1],
    region: scope?.[2],
    signedService: scope?.[3],
    body,
    name: str(body.Name) ?? str(body.SecretId),
    value: str(body.SecretString) ?? str(body.Value),
    kmsKeyId: str(body.KmsKeyId) ?? str(body.KeyId),
    tags: Array.isArray(body.Tags) ? (body.Tags as Array<{ Key: string; Value: string }>) : undefined,
    description: str(body.Description),
    overwrite: typeof body.Overwrite === "boolean" ? body.Overwrite : undefined,
  };
}

function arnOf(region: string, name: string): string {
  return `arn:aws:secretsmanager:${region}:${ACCOUNT}:secret:${name}-AbCdEf`;
}

function versionId(n: number): string {
  return `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
}

function ok(body: Record<string, unknown>) {
  return { status: 200, body };
}

function error(status: number, type: string, message: string) {
  return { status, body: { __type: type, message } };
}
