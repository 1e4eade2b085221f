import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { AnchorIndex, trieSource } from "../../../../src/secrets/rules/anchorIndex";
import { providerLiteralsSource } from "../../../../src/secrets/rules/providerLiterals";
import type { ProviderPattern } from "../../../../src/secrets/rules/types";

const pattern = (id: string, anchors: string[], keywords?: string[]): ProviderPattern => ({
  id,
  name: id,
  docsUrl: "https://example.com/docs",
  anchors,
  ...(keywords ? { keywords } : {}),
  pattern: /x/g,
  severity: "error",
});

describe("anchor index", () => {
  it("writes literals as a trie that matches exactly them", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 12 }),
        fc.string({ maxLength: 8 }),
        (literals, probe) => {
          const re = new RegExp(`^(?:${trieSource(literals)})`);
          const expected = literals.some((l) => probe.startsWith(l));
          assert.equal(re.test(probe), expected, `${JSON.stringify(literals)} ${JSON.stringify(probe)}`);
        },
      ),
    );
    assert.equal(trieSource(["sk-proj-", "sk-admin-", "ghp_"]), String.raw`sk\-(?:proj\-|admin\-)|ghp_`);
  });

  it("finds the patterns whose anchors occur, also an anchor that extends a shorter one", () => {
    const patterns = [pattern("HF", ["hf_"]), pattern("HF_API", ["hf_api_"]), pattern("GH", ["ghp_", "gho_"]), pattern("SK", ["sk-"])];
    const index = AnchorIndex.of(patterns);
    assert.deepEqual(
      index.candidates("token hf_api_abc").map((p) => p.id),
      ["HF", "HF_API"],
    );
    assert.deepEqual(
      index.candidates("gho_x and task-sk-1").map((p) => p.id),
      ["GH", "SK"],
    );
    assert.deepEqual(index.candidates("nothing here"), []);
    assert.equal(index.mayMatch("a ghp_ b"), true);
    assert.equal(index.mayMatch("a GHP_ b"), false);
  });

  it("takes keywords regardless of case, only where they begin a word", () => {
    const index = AnchorIndex.of([pattern("OCI", [], ["oci"]), pattern("MISTRAL", [], ["mistral"])]);
    assert.deepEqual(
      index.candidates("OCI_AUTH_TOKEN=x").map((p) => p.id),
      ["OCI"],
    );
    assert.deepEqual(
      index.candidates("const ociAuthToken = 1; myOciKey").map((p) => p.id),
      ["OCI"],
    );
    assert.deepEqual(index.candidates("a social associate"), []);
    assert.equal(index.mayMatch("a social associate"), false);
    assert.equal(index.mayMatch("Mistral key"), true);
  });

  it("finds the same in a large text, searched with the combined expressions, as in a small one", () => {
    const patterns = [
      pattern("HF", ["hf_"]),
      pattern("HF_API", ["hf_api_"]),
      pattern("GH", ["ghp_"]),
      pattern("OCI", [], ["oci"]),
      pattern("OCI_AUTH", [], ["oci_auth"]),
    ];
    const index = AnchorIndex.of(patterns);
    const filler = "lorem ipsum social associate\n".repeat(200);
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("hf_", "hf_api_", "ghp_", "OCI_AUTH", "ociX", "xoci", " oci ", "Hf_", "plain"), { maxLength: 6 }),
        (parts) => {
          const small = parts.join(" ");
          assert.deepEqual(
            index.candidates(filler + small).map((p) => p.id),
            index.candidates(small).map((p) => p.id),
            small,
          );
          assert.equal(index.mayMatch(filler + small), index.mayMatch(small));
        },
      ),
    );
  });

  it("is built once per table", () => {
    const table = [pattern("A", ["aa_"])];
    assert.equal(AnchorIndex.of(table), AnchorIndex.of(table));
  });
});

describe("provider literals for the prefilter", () => {
  it("are the tables' anchors and keywords (else run `npm run generate:provider-literals`)", () => {
    const written = readFileSync(
      path.join(__dirname, "..", "..", "..", "..", "src", "secrets", "rules", "providerLiterals.generated.ts"),
      "utf8",
    );
    assert.equal(
      written,
      providerLiteralsSource(),
      "src/secrets/rules/providerLiterals.generated.ts is out of date: npm run generate:provider-literals",
    );
  });
});
