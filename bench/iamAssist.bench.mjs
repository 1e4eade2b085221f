// Hover and completion in a 20,000-statement policy while typing, as the editor
// asks for them (src/iam/editor/index.ts): the question goes to the analysis worker
// (dist/scanWorker.js) with the document's text, and the worker parses it there
// (or reuses the parse of its last analysis of the same text). What matters is
// the time the extension host's thread is busy, since that is what holds up
// typing. Baseline: the parse and hover on the calling thread, as the editor
// did before (extractPolicies + iamHover), on the same texts in the same run.
//   AGENT_SECURITY_BENCH_IAM_RUNS=N   edits measured, the median is shown (default 9)
import { createRequire } from "node:module";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { bundleSupport } from "./support/bundle.mjs";
import { median } from "./support/startup.mjs";

const RUNS = Number(process.env.AGENT_SECURITY_BENCH_IAM_RUNS) || 9;
const STATEMENTS = 20_000;
const FILE = "/bench/policies/large.json";
const BUDGET_MS = 60_000;
/** Aim: the host's share of a hover at most 0.05× of parsing on its thread. */
const TARGET = 0.05;

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

async function loadSources() {
  return createRequire(import.meta.url)(await bundleSupport("iamAssist"));
}

function policy(n) {
  const statements = [];
  for (let i = 0; i < n; i++) {
    statements.push(
      `    {"Sid": "S${i}", "Effect": "Allow", "Action": ["s3:GetObject", "s3:Put*"], "Resource": "arn:aws:s3:::bucket-${i}/*", "Condition": {"StringEquals": {"aws:PrincipalTag/team": "t${i}"}}}`,
    );
  }
  return `{\n  "Version": "2012-10-17",\n  "Statement": [\n${statements.join(",\n")}\n  ]\n}\n`;
}

export async function run() {
  const { AnalysisWorker, iamHover, loadIamCatalog } = await loadSources();
  const catalogFile = path.join(root, "dist", "iam-catalog.json");
  const catalog = await loadIamCatalog(catalogFile);
  const worker = new AnalysisWorker(path.join(root, "dist", "scanWorker.js"), { iamCatalogFile: catalogFile });
  try {
    const text = policy(STATEMENTS);
    /** The text after typing one more letter of a Sid near the middle, and an offset inside `s3:Put*` on that line. */
    const typed = (i) => {
      const at = text.indexOf('"Sid": "S', Math.floor(text.length / 2) + i * 997) + 9;
      const edited = text.slice(0, at) + "x" + text.slice(at);
      return { edited, hoverAt: edited.indexOf("s3:Put*", at) + 3 };
    };
    const ask = async (edited, query) => {
      const started = performance.now();
      const pending = worker.iamAssist({ filePath: FILE, languageId: "json", text: edited, query }, BUDGET_MS);
      const hostMs = performance.now() - started;
      const answer = await pending;
      return { answer, hostMs, ms: performance.now() - started };
    };
    await worker.iam({ root: "", filePath: FILE, text }, BUDGET_MS);
    const samples = { inProcess: [], hoverHost: [], hoverTrip: [], cachedTrip: [], completeHost: [] };
    for (let i = 0; i < RUNS; i++) {
      const { edited, hoverAt } = typed(i);
      let started = performance.now();
      const local = iamHover(edited, hoverAt, catalog, FILE, "json");
      samples.inProcess.push(performance.now() - started);
      if (!local) throw new Error("no hover in process");
      const hover = await ask(edited, { kind: "hover", offset: hoverAt });
      if (hover.answer?.markdown !== local.markdown) throw new Error("the worker's hover differs");
      samples.hoverHost.push(hover.hostMs);
      samples.hoverTrip.push(hover.ms);
      // Completion on the same text right after: the worker's parse is reused.
      const completion = await ask(edited, { kind: "complete", offset: hoverAt + 3 });
      if (!completion.answer?.items.length) throw new Error("no completion");
      samples.cachedTrip.push(completion.ms);
      samples.completeHost.push(completion.hostMs);
    }
    const ms = (key) => median(samples[key]);
    const vs = (key) => ms(key) / ms("inProcess");
    const aim = `${vs("hoverHost") <= TARGET ? "ok" : "over"} (≤${TARGET}×)`;
    const row = (name, key, rowAim = "") => [name, `${ms(key).toFixed(2)} ms`, `${vs(key).toFixed(3)}×`, rowAim];
    return [
      {
        title: `IAM hover and completion in a ${STATEMENTS.toLocaleString("en-US")}-statement policy after typing (median of ${RUNS})`,
        columns: ["path", "median", "vs parse + hover in process", "aim"],
        rows: [
          row("parse + hover on the calling thread (baseline: the editor before)", "inProcess"),
          row("hover through the worker: extension host's thread", "hoverHost", aim),
          row("hover through the worker: round trip (the worker parses the new text)", "hoverTrip"),
          row("completion right after, same text: round trip (parse reused)", "cachedTrip"),
          row("completion: extension host's thread", "completeHost"),
        ],
        notes: [`${(text.length / 1024 / 1024).toFixed(1)} MB of JSON; each edit types one character into a Sid near the middle`],
        summary: [
          [
            `IAM hover, ${STATEMENTS.toLocaleString("en-US")} statements, extension host's thread`,
            `${ms("hoverHost").toFixed(2)} ms`,
            `parse + hover in process ${ms("inProcess").toFixed(0)} ms: ${vs("hoverHost").toFixed(3)}×`,
            aim,
          ],
        ],
      },
    ];
  } finally {
    worker.dispose();
  }
}
