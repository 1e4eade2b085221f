import * as assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import fc from "fast-check";
import { AnchorIndex } from "../../../../src/secrets/rules/anchorIndex";
import { foldAscii, LiteralSearch, ONE_BY_ONE_BUDGET } from "../../../../src/secrets/rules/literalSearch";
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

describe("literal search", () => {
  /** Every occurrence, as `indexOf` finds them: case-sensitive ones in the text, caseless ones in it with ASCII letters in lower case. */
  const byIndexOf = (text: string, literals: string[], caseless: boolean) => {
    const haystack = caseless ? foldAscii(text) : text;
    const found = new Map<string, number[]>();
    for (const literal of literals) {
      for (let at = haystack.indexOf(literal); at >= 0; at = haystack.indexOf(literal, at + 1))
        found.set(literal, [...(found.get(literal) ?? []), at]);
    }
    return found;
  };
  /** The entries of these literals (a search may hold more), in order. */
  const sortedEntries = (map: ReadonlyMap<string, readonly number[]>, literals: string[]) =>
    [...map].filter(([literal]) => literals.includes(literal)).sort(([a], [b]) => (a < b ? -1 : 1));

  it("finds every occurrence of every literal, overlapping ones too, in a large text (the automaton) as in a small one", () => {
    const literal = fc.stringMatching(/^[aAbB_.-]{1,5}$/);
    fc.assert(
      fc.property(
        fc.uniqueArray(literal, { minLength: 1, maxLength: 8 }),
        fc.uniqueArray(
          literal.map((l) => l.toLowerCase()),
          { maxLength: 8 },
        ),
        fc.stringMatching(/^[aAbBcİ_.-]{0,60}$/),
        (exact, caseless, probe) => {
          const search = LiteralSearch.of(exact, caseless);
          for (const text of [probe, "c".repeat(ONE_BY_ONE_BUDGET) + probe]) {
            const hits = search.find(text);
            assert.deepEqual(
              sortedEntries(hits.exact, exact),
              sortedEntries(byIndexOf(text, exact, false), exact),
              `${JSON.stringify(exact)} in ${JSON.stringify(text.slice(-60))}`,
            );
            assert.deepEqual(
              sortedEntries(hits.caseless, caseless),
              sortedEntries(byIndexOf(text, caseless, true), caseless),
              `${JSON.stringify(caseless)} in ${JSON.stringify(text.slice(-60))}`,
            );
          }
        },
      ),
    );
  });

  it("folds ASCII letters only, so positions hold in texts whose lower case is longer (Turkish İ)", () => {
    for (const repeats of [10, ONE_BY_ONE_BUDGET]) {
      const text = "İİİ ".repeat(repeats) + "OCI_KEY and Oci";
      assert.deepEqual(LiteralSearch.of([], ["oci"]).find(text).caseless.get("oci"), [4 * repeats, 4 * repeats + 12]);
    }
  });

  it("is built once per set of literals, whatever their order", () => {
    assert.equal(LiteralSearch.of(["b", "a"], ["c"]), LiteralSearch.of(["a", "b", "a"], ["c"]));
  });

  it("hands out a search built before for more literals, so one pass serves several callers", () => {
    const wide = LiteralSearch.of(["wide_a", "wide_b"], ["widek", "widel"]);
    assert.equal(LiteralSearch.of(["wide_a"], ["widel"]), wide);
    assert.notEqual(LiteralSearch.of(["wide_a", "narrow_x"], []), wide);
  });
});

describe("anchor index", () => {
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

  it("finds the same in a large text, searched with the automaton, as in a small one", () => {
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

  it("takes only its own literals from a search that holds more", () => {
    LiteralSearch.of(["own_", "other_"], ["ownk", "otherk"]);
    const index = AnchorIndex.of([pattern("OWN", ["own_"]), pattern("OWNK", [], ["ownk"])]);
    assert.deepEqual(index.candidates("other_ otherk"), []);
    assert.equal(index.mayMatch("other_ otherk"), false);
    assert.deepEqual(
      index.candidates("own_ OwnK").map((p) => p.id),
      ["OWN", "OWNK"],
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
