// `npm run accuracy`: recall on the accuracy corpus's positives and the
// share of its hard negatives flagged, per kind and overall, BEFORE (bare
// secretlint with the recommended preset, what the scanner reported until
// Agent Security's own rules) and AFTER (the scanner as shipped), in one run.
// `--markdown` prints the summary table the README carries.
// Nothing here prints a value: the corpus's fakes are named by kind.
import { SecretScanner } from "../src/secrets/engine";
import { loadSecretlint } from "../src/secrets/secretlint";
import { kindName } from "../src/secrets/kinds";
import { PROVIDER_RULE_ID } from "../src/secrets/rules/ids";
import { negatives, positives } from "../test/fixtures/accuracy/corpus";

type Span = readonly [number, number];
type Scan = (text: string) => Promise<Span[]>;

const FILE = "/corpus/input.txt";

async function presetOnly(): Promise<Scan> {
  const secretlint = await loadSecretlint();
  const config = { rules: [{ id: "@secretlint/secretlint-rule-preset-recommend", rule: secretlint.presetRecommend }] };
  return async (text) => {
    const result = await secretlint.lintSource({
      source: { filePath: FILE, content: text, contentType: "text" },
      options: { config, noPhysicFilePath: true },
    });
    return result.messages.map((m) => m.range);
  };
}

async function shipped(): Promise<Scan> {
  const scanner = await SecretScanner.create();
  return async (text) => (await scanner.scan(text, FILE)).map((f) => [f.offset, f.offset + f.length] as const);
}

const overlaps = (spans: Span[], [from, to]: Span) => spans.some(([s, e]) => s < to && from < e);

interface Tally {
  found: number;
  total: number;
}

async function measure(scan: Scan) {
  const perKind = new Map<string, Tally>();
  for (const positive of positives) {
    const at = positive.text.indexOf(positive.secret);
    const hit = overlaps(await scan(positive.text), [at, at + positive.secret.length]);
    const tally = perKind.get(positive.kind) ?? { found: 0, total: 0 };
    tally.total++;
    if (hit) tally.found++;
    perKind.set(positive.kind, tally);
  }
  const flagged: string[] = [];
  for (const negative of negatives) if ((await scan(negative.text)).length > 0) flagged.push(negative.why);
  const found = [...perKind.values()].reduce((n, t) => n + t.found, 0);
  return { perKind, found, flagged };
}

const pct = (part: number, whole: number) => `${((100 * part) / Math.max(1, whole)).toFixed(1)}%`;

async function main() {
  const markdown = process.argv.includes("--markdown");
  const before = await measure(await presetOnly());
  const after = await measure(await shipped());
  const total = positives.length;
  const rows = [
    ["", "before (preset only)", "after"],
    ["recall", `${before.found}/${total} (${pct(before.found, total)})`, `${after.found}/${total} (${pct(after.found, total)})`],
    [
      "hard negatives flagged",
      `${before.flagged.length}/${negatives.length} (${pct(before.flagged.length, negatives.length)})`,
      `${after.flagged.length}/${negatives.length} (${pct(after.flagged.length, negatives.length)})`,
    ],
    ["kinds in the corpus", String(after.perKind.size), String(after.perKind.size)],
  ];
  if (markdown) {
    console.log(`| ${rows[0].join(" | ")} |\n|---|---|---|`);
    for (const row of rows.slice(1)) console.log(`| ${row.join(" | ")} |`);
    return;
  }
  console.log(`Accuracy corpus: ${total} positives of ${after.perKind.size} kinds, ${negatives.length} hard negatives\n`);
  console.log("kind".padEnd(58) + "before".padStart(8) + "after".padStart(8));
  for (const [kind, tally] of [...after.perKind].sort(([a], [b]) => a.localeCompare(b))) {
    const was = before.perKind.get(kind)!;
    const name = kind === "GENERIC" ? "generic credential assignments" : kindName(kind, PROVIDER_RULE_ID);
    const mark = tally.found < tally.total ? "  <" : "";
    console.log(
      `${`${kind} (${name})`.slice(0, 57).padEnd(58)}${`${was.found}/${was.total}`.padStart(8)}${`${tally.found}/${tally.total}`.padStart(8)}${mark}`,
    );
  }
  console.log("");
  for (const row of rows) console.log(row[0].padEnd(24) + row[1].padStart(24) + row[2].padStart(24));
  for (const [label, flagged] of [
    ["before", before.flagged],
    ["after", after.flagged],
  ] as const) {
    if (flagged.length) console.log(`\nhard negatives flagged ${label}:\n  ${flagged.join("\n  ")}`);
  }
}

void main();
