// A generated workspace for the audit benchmark: thousands of source files in
// several languages, a few planted fake secrets and IAM policies, large files,
// minified bundles, one file over the size limit, binary files, and folders
// that .gitignore and node_modules rules leave out. Deterministic: the same
// seed gives the same tree, byte for byte.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";

const VERSION = "audit-bench-workspace/3";

/** mulberry32: small, fast and good enough to vary generated text. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  "account address amount batch buffer cache client config context cursor customer data delta entry event field filter handler index item key layer limit list loader manager message metric node order owner page parser payload policy queue record region report request resource result route schema session signal source state status stream target task tenant token total update user value window worker".split(
    " ",
  );

const FOLDERS = ["api", "components", "hooks", "lib", "models", "services", "store", "utils"];

export function generateWorkspace(dir, { files = 5000, seed = 7 } = {}) {
  const marker = path.join(dir, ".bench-workspace");
  const stamp = `${VERSION} files=${files} seed=${seed}`;
  if (existsSync(marker) && readFileSync(marker, "utf8") === stamp) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const rnd = random(seed);
  const pick = (list) => list[Math.floor(rnd() * list.length)];
  const ident = () => pick(WORDS) + pick(WORDS).replace(/^./, (c) => c.toUpperCase());
  const alnum = (n, chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789") =>
    Array.from({ length: n }, () => chars[Math.floor(rnd() * chars.length)]).join("");
  const write = (rel, content) => {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  };

  const tsFunction = () => {
    const name = ident();
    const lines = [`export async function ${name}(${ident()}: string, ${ident()}: number): Promise<number> {`];
    for (let i = 0, n = 3 + Math.floor(rnd() * 12); i < n; i++) {
      lines.push(`  const ${ident()}${i} = await load${pick(WORDS)}(${JSON.stringify(pick(WORDS))}, ${Math.floor(rnd() * 1000)});`);
    }
    lines.push(`  return ${Math.floor(rnd() * 100)};`, "}", "");
    return lines.join("\n");
  };
  const pyFunction = () => {
    const lines = [`def ${pick(WORDS)}_${pick(WORDS)}(${pick(WORDS)}, ${pick(WORDS)}=None):`];
    for (let i = 0, n = 3 + Math.floor(rnd() * 10); i < n; i++)
      lines.push(`    ${pick(WORDS)}_${i} = fetch_${pick(WORDS)}("${pick(WORDS)}", ${Math.floor(rnd() * 500)})`);
    lines.push(`    return ${pick(WORDS)}_0`, "", "");
    return lines.join("\n");
  };
  const body = (make, min, max) => Array.from({ length: min + Math.floor(rnd() * (max - min)) }, make).join("\n");
  const kinds = [
    ["ts", () => `import { load${pick(WORDS)} } from "./${pick(WORDS)}";\n\n${body(tsFunction, 2, 20)}`],
    ["js", () => body(tsFunction, 2, 15).replace(/: (string|number|Promise<number>)/g, "")],
    ["py", () => `import os\n\n\n${body(pyFunction, 2, 15)}`],
    [
      "json",
      () =>
        JSON.stringify(
          Object.fromEntries(
            Array.from({ length: 5 + Math.floor(rnd() * 60) }, () => [ident(), pick([rnd(), pick(WORDS), [1, 2, 3], { on: true }])]),
          ),
          null,
          2,
        ),
    ],
    [
      "yaml",
      () =>
        Array.from({ length: 5 + Math.floor(rnd() * 80) }, () => `${ident()}: ${pick(WORDS)}-${Math.floor(rnd() * 99)}`).join("\n") + "\n",
    ],
    [
      "md",
      () =>
        Array.from({ length: 5 + Math.floor(rnd() * 40) }, () => Array.from({ length: 12 }, () => pick(WORDS)).join(" ") + ".").join(
          "\n\n",
        ) + "\n",
    ],
  ];

  const sources = [];
  for (let i = 0; i < files; i++) {
    const [ext, make] = kinds[i % kinds.length];
    // About fifteen files a folder, as in real repositories.
    const rel = `packages/${WORDS[i % 40]}/src/${pick(FOLDERS)}/${pick(WORDS)}-${i}.${ext}`;
    sources.push(rel);
    write(rel, make());
  }

  // Planted fake secrets: format-valid, random, and nowhere else.
  const secrets = [
    ["config/github.ts", `export const githubToken = "ghp_${alnum(36)}";\n`],
    ["config/slack.py", `SLACK_TOKEN = "xoxb-${alnum(12, "0123456789")}-${alnum(13, "0123456789")}-${alnum(24)}"\n`],
    ["deploy/.env", `AWS_ACCESS_KEY_ID=AKIA${alnum(16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")}\nAWS_SECRET_ACCESS_KEY=${alnum(40)}\n`],
    ["deploy/database.yaml", `url: "postgres://admin:${alnum(14)}@db.example.com:5432/app"\n`],
    ["services/billing/stripe.js", `const stripe = require("stripe")("sk_live_${alnum(32)}");\n`],
    ["services/api/openai.ts", `const key = "sk-proj-${alnum(48)}T3BlbkFJ${alnum(48)}";\n`],
  ];
  for (const [rel, content] of secrets) write(rel, content);
  // IAM policies with wildcards, for the IAM analyzer.
  for (let i = 0; i < 8; i++) {
    const policy = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: [pick(["s3:*", "s3:Get*", "dynamodb:*", "iam:*", "*"])], Resource: "*" }],
    };
    write(`infra/iam/policy-${i}.json`, JSON.stringify(policy, null, 2) + "\n");
  }
  // Large files and minified bundles (one long line each); one over the 2 MB limit.
  write(
    "data/events.csv",
    Array.from({ length: 20000 }, (_, i) => `${i},${pick(WORDS)},${Math.floor(rnd() * 1e6)},${pick(WORDS)}`).join("\n"),
  );
  for (let i = 0; i < 3; i++)
    write(
      `web/dist-min/bundle-${i}.min.js`,
      Array.from({ length: 12000 }, () => `function ${ident()}(a,b){return a+b*${Math.floor(rnd() * 99)}}`).join(";"),
    );
  write(
    "data/huge-dump.sql",
    Array.from({ length: 60000 }, (_, i) => `INSERT INTO ${pick(WORDS)} VALUES (${i}, '${pick(WORDS)}');`).join("\n"),
  );
  // Binary files.
  for (let i = 0; i < 30; i++)
    write(
      `assets/img-${i}.png`,
      Buffer.from(
        Array.from({ length: 4096 }, (_, j) => (j < 8 ? [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a][j] : Math.floor(rnd() * 256))),
      ),
    );
  // Left out by both tools: a .gitignore'd build folder and node_modules.
  write(".gitignore", "build/\n*.tmp\n");
  for (let i = 0; i < 300; i++) write(`build/out-${i}.js`, tsFunction());
  for (let i = 0; i < 300; i++) write(`node_modules/${pick(WORDS)}-${i}/index.js`, tsFunction());
  // secretlint's CLI needs a configuration; ours uses the same preset by default.
  write(".secretlintrc.json", JSON.stringify({ rules: [{ id: "@secretlint/secretlint-rule-preset-recommend" }] }, null, 2) + "\n");
  // secretlint has no size limit: so that both tools read the same files, the one over the audit's limit is left out by both.
  write(".secretlintignore", "data/huge-dump.sql\n");
  writeFileSync(marker, stamp);
  return dir;
}
