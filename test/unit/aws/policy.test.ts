import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { kmsActions, requiredActions } from "../../../src/aws/requests";
import { analyze } from "../../support/iam";

const POLICY_FILE = path.join(__dirname, "..", "..", "..", "docs", "iam", "store-secret-policy.json");

interface Statement {
  Sid: string;
  Effect: string;
  Action: string[];
  Resource: string;
  Condition?: Record<string, Record<string, string[]>>;
}

describe("AWS store: the least-privilege policy in docs/iam", () => {
  const policy = JSON.parse(fs.readFileSync(POLICY_FILE, "utf8")) as { Version: string; Statement: Statement[] };

  it("grants exactly the actions the store action calls, no more", () => {
    const needed = new Set<string>();
    for (const store of ["secretsManager", "parameterStore"] as const) {
      for (const operation of ["create", "addVersion", "describe"] as const)
        for (const a of requiredActions(store, operation, true)) needed.add(a);
      for (const a of kmsActions(store)) needed.add(a);
    }
    const granted = policy.Statement.flatMap((s) => s.Action);
    assert.deepEqual([...granted].sort(), [...needed].sort());
    assert.ok(policy.Statement.every((s) => s.Effect === "Allow"));
    assert.ok(!granted.some((a) => a.includes("*")), "no wildcard actions");
  });

  it("limits each service to the names the quick fixes derive (prefix app/) and KMS to use through those services", () => {
    const [secrets, parameters, kms] = policy.Statement;
    assert.equal(secrets.Resource, "arn:aws:secretsmanager:us-east-1:123456789012:secret:app/*");
    assert.equal(parameters.Resource, "arn:aws:ssm:us-east-1:123456789012:parameter/app/*");
    assert.match(kms.Resource, /^arn:aws:kms:us-east-1:123456789012:key\/KEY_ID$/);
    assert.deepEqual(kms.Condition?.StringEquals["kms:ViaService"], ["secretsmanager.REGION.amazonaws.com", "ssm.REGION.amazonaws.com"]);
  });

  it("passes the extension's own IAM checks", async () => {
    const text = fs.readFileSync(POLICY_FILE, "utf8");
    assert.deepEqual(
      (await analyze("store-secret-policy.json", text)).map((f) => `${f.check} ${f.subject}`),
      [],
    );
    // The checks do look at it: a service wildcard in its place is reported.
    const widened = text.replace('"secretsmanager:TagResource"', '"secretsmanager:*"');
    assert.ok((await analyze("store-secret-policy.json", widened)).some((f) => f.check === "iam-service-wildcard"));
  });

  it("is the policy the README shows", () => {
    const readme = fs.readFileSync(path.join(__dirname, "..", "..", "..", "README.md"), "utf8");
    const section = readme.slice(readme.indexOf("**Permissions.**"));
    const block = /```json\n([\s\S]*?)\n```/.exec(section);
    assert.ok(block, "no JSON block after **Permissions.** in the README");
    assert.deepEqual(JSON.parse(block[1]), policy);
  });
});
