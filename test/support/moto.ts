import { spawn, type ChildProcess } from "node:child_process";
import * as http from "node:http";
import * as net from "node:net";

/**
 * moto (https://github.com/getmoto/moto), the AWS emulator, as a local
 * server for tests: `moto_server` on a free 127.0.0.1 port, started and
 * stopped here. It implements Secrets Manager, SSM Parameter Store and IAM
 * with AWS's own error semantics, where test/support/fakeAws.ts implements
 * our reading of them. Shared by the unit tests and the integration suite
 * (which starts it from inside the extension host).
 *
 * When `moto_server` is missing the tests fail, never skip, and say how to
 * install it.
 */

export const MOTO_INSTALL_HINT =
  'moto_server is not installed or not on PATH. Install it with: pip install "moto[server]" (.ci/run does this).';

/** Credentials moto accepts while IAM checks are off; obviously not real ones. */
export const MOTO_CREDENTIALS = { accessKeyId: "AKIDMOTOTESTING00000", secretAccessKey: "moto-testing-secret-access-key" } as const;
export const MOTO_REGION = "us-east-1";

export class MotoServer {
  private constructor(
    private readonly child: ChildProcess,
    readonly endpoint: string,
    private readonly exited: Promise<void>,
  ) {}

  /** Starts `moto_server` on a free loopback port and waits until it answers. */
  static async start(timeoutMs = 30_000): Promise<MotoServer> {
    const port = await freePort();
    const child = spawn("moto_server", ["-H", "127.0.0.1", "-p", String(port)], {
      stdio: ["ignore", "ignore", "pipe"],
      // moto reads these at start; IAM checks are switched on per test (enableIamChecks).
      env: { ...process.env, PYTHONUNBUFFERED: "1" },
    });
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr = (stderr + chunk.toString("utf8")).slice(-4000);
    });
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    const failed = new Promise<never>((_, reject) => {
      child.once("error", (error: NodeJS.ErrnoException) =>
        reject(new Error(error.code === "ENOENT" ? MOTO_INSTALL_HINT : `moto_server could not start: ${error.message}`)),
      );
      child.once("exit", (code, signal) => reject(new Error(`moto_server exited before answering (${signal ?? code}):\n${stderr}`)));
    });
    failed.catch(() => {}); // awaited below; not an unhandled rejection once the server is up
    const endpoint = `http://127.0.0.1:${port}`;
    const server = new MotoServer(child, endpoint, exited);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const up = await Promise.race([
        request(endpoint, "GET", "/moto-api/").then(
          (r) => r.status === 200,
          () => false,
        ),
        failed,
      ]);
      if (up) return server;
      if (Date.now() > deadline) {
        await server.stop();
        throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms:\n${stderr}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /**
   * The environment a program needs to use this server through the standard
   * AWS SDK variables, with the machine's own AWS configuration kept out.
   */
  env(overrides: Record<string, string> = {}): Record<string, string> {
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => !k.startsWith("AWS_") && v !== undefined)) as Record<
      string,
      string
    >;
    return {
      ...clean,
      AWS_ENDPOINT_URL: this.endpoint,
      AWS_REGION: MOTO_REGION,
      // boto3 reads the region from AWS_DEFAULT_REGION.
      AWS_DEFAULT_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_CONFIG_FILE: "/nonexistent/agent-security-test/config",
      AWS_SHARED_CREDENTIALS_FILE: "/nonexistent/agent-security-test/credentials",
      AWS_EC2_METADATA_DISABLED: "true",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      ...overrides,
    };
  }

  /** Forgets every secret, parameter and IAM user, and switches IAM checks off. */
  async reset(): Promise<void> {
    await this.expectOk("POST", "/moto-api/reset");
    await this.disableIamChecks();
  }

  /**
   * moto's IAM mode: from now on every request must be signed by an IAM
   * user's key and be allowed by its policies (moto's `reset-auth` with an
   * initial count of 0 unauthenticated requests).
   */
  async enableIamChecks(): Promise<void> {
    await this.expectOk("POST", "/moto-api/reset-auth", "0");
  }

  async disableIamChecks(): Promise<void> {
    await this.expectOk("POST", "/moto-api/reset-auth", "inf");
  }

  /**
   * An IAM user with an access key and one inline policy, created while IAM
   * checks are off. Returns its key.
   */
  async createIamUser(userName: string, policy: object): Promise<{ accessKeyId: string; secretAccessKey: string }> {
    await this.iam({ Action: "CreateUser", UserName: userName });
    await this.iam({ Action: "PutUserPolicy", UserName: userName, PolicyName: "test", PolicyDocument: JSON.stringify(policy) });
    const xml = await this.iam({ Action: "CreateAccessKey", UserName: userName });
    const accessKeyId = /<AccessKeyId>([^<]+)</.exec(xml)?.[1];
    const secretAccessKey = /<SecretAccessKey>([^<]+)</.exec(xml)?.[1];
    if (!accessKeyId || !secretAccessKey) throw new Error(`moto: no access key in ${xml}`);
    return { accessKeyId, secretAccessKey };
  }

  /** What moto holds for a secret in a region: its current string value, or undefined. */
  async secretValue(secretId: string, region = MOTO_REGION): Promise<string | undefined> {
    const answer = await this.json("secretsmanager.GetSecretValue", "secretsmanager", { SecretId: secretId }, region);
    return answer.status === 200 ? (answer.body.SecretString as string) : undefined;
  }

  /** A parameter's decrypted value and type, or undefined. */
  async parameter(name: string, region = MOTO_REGION): Promise<{ value: string; type: string; version: number } | undefined> {
    const answer = await this.json("AmazonSSM.GetParameter", "ssm", { Name: name, WithDecryption: true }, region);
    if (answer.status !== 200) return undefined;
    const p = answer.body.Parameter as { Value: string; Type: string; Version: number };
    return { value: p.Value, type: p.Type, version: p.Version };
  }

  /** Version ids of a secret (ListSecretVersionIds), to count versions. */
  async secretVersions(secretId: string, region = MOTO_REGION): Promise<string[]> {
    const answer = await this.json("secretsmanager.ListSecretVersionIds", "secretsmanager", { SecretId: secretId }, region);
    return ((answer.body.Versions as Array<{ VersionId: string }> | undefined) ?? []).map((v) => v.VersionId);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.kill("SIGTERM");
    const killed = setTimeout(() => this.child.kill("SIGKILL"), 3000);
    await this.exited;
    clearTimeout(killed);
  }

  private async expectOk(method: string, path: string, body?: string): Promise<void> {
    const answer = await request(this.endpoint, method, path, body);
    if (answer.status !== 200) throw new Error(`moto ${path}: HTTP ${answer.status} ${answer.text}`);
  }

  /**
   * IAM's query API, sent while IAM checks are off: moto then routes by the
   * credential scope of the Authorization header and does not check the
   * signature, so no SDK for IAM is needed.
   */
  private async iam(params: Record<string, string>): Promise<string> {
    const body = new URLSearchParams({ ...params, Version: "2010-05-08" }).toString();
    const answer = await request(this.endpoint, "POST", "/", body, {
      "content-type": "application/x-www-form-urlencoded",
      authorization: unsignedAuthorization("iam"),
    });
    if (answer.status !== 200) throw new Error(`moto IAM ${params.Action}: HTTP ${answer.status} ${answer.text}`);
    return answer.text;
  }

  private async json(
    target: string,
    service: string,
    payload: object,
    region: string,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const answer = await request(this.endpoint, "POST", "/", JSON.stringify(payload), {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": target,
      authorization: unsignedAuthorization(service, region),
    });
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(answer.text) as Record<string, unknown>;
    } catch {
      body = {};
    }
    return { status: answer.status, body };
  }
}

/** An Authorization header whose credential scope names the service; its signature is not checked while IAM checks are off. */
function unsignedAuthorization(service: string, region = MOTO_REGION): string {
  return `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.accessKeyId}/20240101/${region}/${service}/aws4_request, SignedHeaders=host, Signature=${"0".repeat(64)}`;
}

/** A port nobody listens on right now (the kernel's choice for port 0). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function request(
  endpoint: string,
  method: string,
  path: string,
  body?: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${endpoint}${path}`,
      { method, headers: { ...headers, ...(body !== undefined ? { "content-length": Buffer.byteLength(body) } : {}) }, timeout: 10_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`moto: no answer to ${method} ${path}`)));
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * A loopback TCP proxy in front of moto that passes each request on and then
 * closes the client's connection before moto's answer arrives: the request
 * reached AWS, the answer never came back. moto cannot drop a connection itself.
 */
export class DroppingProxy {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();
  /** Requests passed on to moto. */
  forwarded = 0;

  constructor(private readonly target: string) {
    this.server = net.createServer((client) => this.handle(client));
  }

  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(0, "127.0.0.1", () => resolve());
    });
    return `http://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(client: net.Socket): void {
    const { hostname, port } = new URL(this.target);
    const upstream = net.connect(Number(port), hostname);
    this.sockets.add(client).add(upstream);
    client.on("close", () => this.sockets.delete(client));
    upstream.on("close", () => this.sockets.delete(upstream));
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
    let seen = "";
    client.on("data", (chunk: Buffer) => {
      upstream.write(chunk);
      seen += chunk.toString("latin1");
      const headerEnd = seen.indexOf("\r\n\r\n");
      const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(seen)?.[1] ?? 0);
      if (headerEnd >= 0 && Buffer.byteLength(seen.slice(headerEnd + 4), "latin1") >= length) {
        // The whole request is on its way to moto: drop the client once moto starts answering.
        this.forwarded++;
        upstream.once("data", () => {
          client.destroy();
          upstream.destroy();
        });
        seen = "";
      }
    });
  }
}
