import { strict as assert } from "node:assert";
import { AnchorIndex } from "../../../../src/secrets/rules/anchorIndex";
import { matches } from "../../../../src/secrets/rules/providerRule";
import { allProviderPatterns } from "../../../../src/secrets/rules/providers";
import { anchorOffset, startsAtKeyword } from "../../../../src/secrets/rules/providers/shape";
import type { ProviderPattern } from "../../../../src/secrets/rules/types";
import { buildPositives, negatives, positives } from "../../../fixtures/accuracy/corpus";

interface Found {
  readonly secret: string;
  readonly match: string;
}

/** What a pattern reports in a text: the `secret` group (else the whole match), for matches its `verify` accepts. */
function find(pattern: ProviderPattern, text: string): Found[] {
  const out: Found[] = [];
  for (const m of text.matchAll(pattern.pattern)) {
    const secret = m.groups?.secret ?? m[0];
    if (!pattern.verify || pattern.verify(secret)) out.push({ secret, match: m[0] });
  }
  return out;
}

const byId = new Map(allProviderPatterns.map((p) => [p.id, p]));
const providerPositives = positives.filter((p) => p.kind !== "GENERIC");

describe("provider patterns: the tables", () => {
  it("have unique SCREAMING_SNAKE ids, a name, an https docs URL, a g flag and a severity", () => {
    assert.equal(byId.size, allProviderPatterns.length, "duplicate ids");
    for (const p of allProviderPatterns) {
      assert.match(p.id, /^[A-Z][A-Z0-9_]*$/, p.id);
      assert.ok(p.name.length > 3, p.id);
      assert.match(p.docsUrl, /^https:\/\/[^\s]+$/, p.id);
      assert.ok(p.pattern.global, `${p.id} needs the g flag`);
      assert.ok(!p.pattern.ignoreCase, `${p.id}: anchors are case-sensitive; use caseless() for keywords`);
      assert.ok(p.severity === "error" || p.severity === "warning", p.id);
    }
  });

  it("start from anchors or keywords (lower case), never neither", () => {
    for (const p of allProviderPatterns) {
      const keywords = p.keywords ?? [];
      assert.ok(p.anchors.length > 0 || keywords.length > 0, p.id);
      for (const anchor of p.anchors) assert.ok(anchor.length >= 2, `${p.id}: anchor ${anchor} too short for a prefilter`);
      for (const keyword of keywords) assert.equal(keyword, keyword.toLowerCase(), `${p.id}: keyword ${keyword}`);
    }
  });

  it("cover 150 kinds or more together with the corpus", () => {
    assert.ok(allProviderPatterns.length >= 150, `${allProviderPatterns.length} kinds`);
  });
});

describe("provider patterns: the accuracy corpus", () => {
  it("has positives for every pattern, and only kinds that exist", () => {
    const kinds = new Set(providerPositives.map((p) => p.kind));
    for (const p of allProviderPatterns) assert.ok(kinds.has(p.id), `no corpus positive for ${p.id}`);
    for (const kind of kinds) assert.ok(byId.has(kind), `corpus kind ${kind} has no pattern`);
  });

  it("is seeded: built twice, it is the same", () => {
    assert.deepEqual(buildPositives(), positives);
    assert.ok(positives.length > allProviderPatterns.length * 3);
    assert.ok(negatives.length >= 50);
  });

  for (const pattern of allProviderPatterns) {
    const samples = providerPositives.filter((p) => p.kind === pattern.id);
    it(`${pattern.id}: finds exactly the planted secret, through an anchor or keyword in the match`, () => {
      for (const sample of samples) {
        assert.ok(sample.text.includes(sample.secret), `${pattern.id}: corpus secret not in its text`);
        const found = find(pattern, sample.text);
        assert.deepEqual(
          found.map((f) => f.secret),
          [sample.secret],
          `${pattern.id} in ${JSON.stringify(sample.text.slice(0, 120))}`,
        );
        const match = found[0].match;
        if (pattern.anchors.length > 0) {
          assert.ok(
            pattern.anchors.some((anchor) => match.includes(anchor)),
            `${pattern.id}: no anchor of ${JSON.stringify(pattern.anchors)} in its match`,
          );
        } else {
          const lower = match.toLowerCase();
          assert.ok(
            pattern.keywords?.some((keyword) => lower.includes(keyword)),
            `${pattern.id}: no keyword in its match`,
          );
        }
      }
    });

    it(`${pattern.id}: no match when the secret runs on into more token characters`, () => {
      for (const sample of samples) {
        const glued = sample.text.replace(sample.secret, `${sample.secret}Zq7`);
        const found = find(pattern, glued).map((f) => f.secret);
        assert.ok(!found.includes(sample.secret), `${pattern.id} cut a token short in ${JSON.stringify(glued.slice(0, 120))}`);
      }
    });

    if (pattern.anchors.length === 0) {
      it(`${pattern.id}: no match without its keyword nearby`, () => {
        for (const sample of samples) {
          let text = sample.text;
          for (const keyword of pattern.keywords ?? []) {
            text = text.replace(new RegExp(keyword.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "gi"), "setting");
          }
          assert.deepEqual(find(pattern, text), [], `${pattern.id} in ${JSON.stringify(text.slice(0, 120))}`);
        }
      });
    }
  }

  it("hard negatives: no provider pattern finds anything", () => {
    const hits: string[] = [];
    for (const negative of negatives) {
      for (const pattern of allProviderPatterns) {
        for (const f of find(pattern, negative.text)) hits.push(`${pattern.id} (${negative.why}): ${f.secret.slice(0, 40)}`);
      }
    }
    assert.deepEqual(hits, []);
  });

  it("a positive is reported as its own kind: no earlier pattern in the table claims part of it", () => {
    // The rule reports an overlapping range once, for the first pattern that finds it.
    const order = new Map(allProviderPatterns.map((p, index) => [p.id, index]));
    const clashes: string[] = [];
    for (const sample of providerPositives) {
      for (const pattern of allProviderPatterns) {
        if ((order.get(pattern.id) ?? 0) >= (order.get(sample.kind) ?? 0)) continue;
        for (const f of find(pattern, sample.text)) {
          if (sample.secret.includes(f.secret) || f.secret.includes(sample.secret))
            clashes.push(`${sample.kind} also found as ${pattern.id}`);
        }
      }
    }
    assert.deepEqual([...new Set(clashes)], []);
  });

  it("generic positives are left to the generic rule: provider patterns do not claim them", () => {
    for (const sample of positives.filter((p) => p.kind === "GENERIC")) {
      for (const pattern of allProviderPatterns) {
        const found = find(pattern, sample.text).filter((f) => f.secret === sample.secret);
        assert.deepEqual(found, [], `${pattern.id} on ${JSON.stringify(sample.text)}`);
      }
    }
  });
});

describe("provider patterns: tried only where their matches can begin", () => {
  const index = AnchorIndex.of(allProviderPatterns);
  const texts = [...positives, ...negatives].map((sample) => sample.text);

  /** The pattern's matches, tried where the index says they can begin, are those of a search of the whole text. */
  const assertSameMatches = (patterns: readonly ProviderPattern[], text: string) => {
    for (const pattern of patterns) {
      assert.deepEqual(
        [...matches(pattern, text, false, index.matchStarts(pattern, text))],
        [...matches(pattern, text, false)],
        `${pattern.id} in ${JSON.stringify(text.slice(0, 120))}`,
      );
    }
  };

  it("keyed ones, where their keywords begin words: in every corpus text and in all of them together", () => {
    const keyed = allProviderPatterns.filter((p) => startsAtKeyword(p.pattern));
    assert.equal(
      keyed.length,
      allProviderPatterns.filter((p) => p.keywords?.length).length,
      "every pattern with keywords is made by keyed()",
    );
    for (const text of [...texts, texts.join("\n"), texts.join(" ")]) assertSameMatches(keyed, text);
  });

  it("anchored ones, at their fixed distance before an anchor: in every corpus text and in all of them together", () => {
    const anchored = allProviderPatterns.filter((p) => !p.keywords?.length && anchorOffset(p.pattern, p.anchors) !== undefined);
    // Most prefixed tokens, and those with a fixed-width body before the anchor (Mailchimp's `…-us1`).
    assert.ok(anchored.length >= 150, `${anchored.length} anchored patterns`);
    assert.equal(anchorOffset(byId.get("MAILCHIMP_API_KEY")!.pattern, ["-us"]), 32);
    assert.equal(anchorOffset(byId.get("AIRTABLE_PAT")!.pattern, ["pat"]), 0);
    for (const text of [...texts, texts.join("\n"), texts.join(" ")]) assertSameMatches(anchored, text);
  });

  it("a pattern whose source does not show where its anchor is has no places", () => {
    assert.equal(anchorOffset(/(?<![A-Z])(?<secret>[a-z]{40})\s*AKIA[A-Z0-9]{16}/g, ["AKIA"]), undefined);
    assert.equal(anchorOffset(/[0-9]{8,10}:AA[A-Za-z0-9]{33}/g, [":AA"]), undefined);
    assert.equal(anchorOffset(/abc[0-9]{4}|xyz[0-9]{4}/g, ["abc"]), undefined, "a second alternative may begin a match");
    assert.equal(anchorOffset(/abc?d/g, ["abc"]), undefined, "the last character of a run before a quantifier may be missing");
    assert.equal(anchorOffset(/abc?d/g, ["ab"]), 0);
    assert.equal(anchorOffset(/(?:ab|cd)?x/g, ["ab", "cd"]), undefined, "an optional group");
    assert.equal(anchorOffset(/tok_[a-z]{8}/gi, ["tok_"]), undefined, "case-insensitive");
  });
});

describe("provider patterns: bounded work", () => {
  it("finish on long runs of anchors and near-miss bodies (no catastrophic backtracking)", () => {
    const anchors = [...new Set(allProviderPatterns.flatMap((p) => [...p.anchors, ...(p.keywords ?? [])]))];
    const inputs = [
      "a".repeat(200_000),
      "A1".repeat(100_000),
      anchors
        .map((anchor) => anchor + "Ab1-_".repeat(60))
        .join(" ")
        .repeat(2),
      ("postgres://u:" + "p".repeat(300)).repeat(200),
      ("Server=x;" + "k=v;".repeat(100)).repeat(100),
      ("mistral " + "aB3".repeat(40) + "\n").repeat(2000),
      ("eyJ" + "a".repeat(3000) + ".").repeat(50),
    ];
    for (const input of inputs) for (const pattern of allProviderPatterns) find(pattern, input);
  });
});
