import * as assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";
import { IAM_CHECK_IDS } from "../../src/iam/checkIds";
import { settingDefaults } from "../../src/shared/settingDefaults";
import { ROOT } from "../support/dist";

// package.json and the code must agree. src/commands.ts and src/settings.ts
// import `vscode`, which unit tests do not fake: they are read as source.

interface SettingSchema {
  type: string;
  default: unknown;
  scope: string;
  order?: number;
  properties?: Record<string, unknown>;
}
interface Category {
  id: string;
  title: string;
  order: number;
  properties: Record<string, SettingSchema>;
}

const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const categories: Category[] = manifest.contributes.configuration;
const properties: Record<string, SettingSchema> = Object.assign({}, ...categories.map((c) => c.properties));
const PREFIX = "agentSecurity.";

function sourceFile(rel: string): ts.SourceFile {
  return ts.createSourceFile(rel, readFileSync(path.join(ROOT, rel), "utf8"), ts.ScriptTarget.Latest, true);
}

function sources(dir = "src"): { rel: string; text: string }[] {
  return readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = `${dir}/${entry.name}`;
    if (entry.isDirectory()) return sources(rel);
    return rel.endsWith(".ts") ? [{ rel, text: readFileSync(path.join(ROOT, rel), "utf8") }] : [];
  });
}

/** COMMANDS in src/commands.ts as [path such as "audit.run", command id]. */
function commandTable(): [string, string][] {
  const file = sourceFile("src/commands.ts");
  const table: [string, string][] = [];
  const walk = (node: ts.ObjectLiteralExpression, prefix: string[]) => {
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property)) continue;
      const name = [...prefix, property.name.getText(file)];
      if (ts.isObjectLiteralExpression(property.initializer)) walk(property.initializer, name);
      else if (ts.isStringLiteral(property.initializer)) table.push([name.join("."), property.initializer.text]);
    }
  };
  ts.forEachChild(file, function visit(node) {
    if (ts.isVariableDeclaration(node) && node.name.getText(file) === "COMMANDS" && node.initializer) {
      const value = ts.isAsExpression(node.initializer) ? node.initializer.expression : node.initializer;
      if (ts.isObjectLiteralExpression(value)) walk(value, []);
    }
    ts.forEachChild(node, visit);
  });
  return table;
}

/** The keys of `interface Settings` and the entries of SETTING_SCOPES in src/settings.ts. */
function settingsModule(): { keys: string[]; scopes: Record<string, string> } {
  const file = sourceFile("src/settings.ts");
  const keys: string[] = [];
  const scopes: Record<string, string> = {};
  const nameOf = (name: ts.PropertyName) => (ts.isStringLiteral(name) || ts.isIdentifier(name) ? name.text : name.getText(file));
  ts.forEachChild(file, function visit(node) {
    if (ts.isInterfaceDeclaration(node) && node.name.text === "Settings") {
      for (const member of node.members) if (member.name) keys.push(nameOf(member.name));
    }
    if (
      ts.isVariableDeclaration(node) &&
      node.name.getText(file) === "SETTING_SCOPES" &&
      node.initializer &&
      ts.isObjectLiteralExpression(node.initializer)
    ) {
      for (const p of node.initializer.properties)
        if (ts.isPropertyAssignment(p) && ts.isStringLiteral(p.initializer)) scopes[nameOf(p.name)] = p.initializer.text;
    }
    ts.forEachChild(node, visit);
  });
  return { keys, scopes };
}

describe("package.json and the code agree", () => {
  const code = sources();

  describe("commands", () => {
    const table = commandTable();

    it("use one naming scheme, agentSecurity.<feature>.<verb>, with the feature as the table's group", () => {
      assert.ok(table.length > 0);
      for (const [key, id] of table) assert.equal(id, `${PREFIX}${key}`);
    });

    it("are contributed exactly as the table lists them", () => {
      const contributed = manifest.contributes.commands.map((c: { command: string }) => c.command).sort();
      assert.deepEqual(contributed, table.map(([, id]) => id).sort());
      for (const entry of Object.values<{ command: string }[]>(manifest.contributes.menus).flat()) {
        assert.ok(
          table.some(([, id]) => id === entry.command),
          `menu entry for unknown command ${entry.command}`,
        );
      }
    });

    it("are each registered once, through the wrapper in src/commands.ts", () => {
      const registrations = code.flatMap(({ text }) => [...text.matchAll(/\bregisterCommand\(\s*COMMANDS\.([\w.]+)/g)].map((m) => m[1]));
      assert.deepEqual(registrations.sort(), table.map(([key]) => key).sort());
      const direct = code
        .filter(({ rel, text }) => rel !== "src/commands.ts" && /vscode\.commands\.registerCommand\(/.test(text))
        .map(({ rel }) => rel);
      assert.deepEqual(direct, [], "commands registered without the wrapper");
    });

    it("are named in code through the table only", () => {
      for (const { rel, text } of code.filter(({ rel }) => rel !== "src/commands.ts")) {
        for (const [, id] of table) assert.ok(!text.includes(`"${id}"`), `${rel} spells out ${id}`);
      }
    });
  });

  describe("settings", () => {
    const { keys, scopes } = settingsModule();

    it("are all typed in src/settings.ts with the scope package.json declares", () => {
      assert.deepEqual(keys.map((k) => PREFIX + k).sort(), Object.keys(properties).sort());
      for (const key of keys) assert.equal(scopes[key], properties[PREFIX + key].scope, `scope of ${key}`);
    });

    it("are read through src/settings.ts only, each by some code, with no default repeated", () => {
      const elsewhere = code
        .filter(({ rel, text }) => rel !== "src/settings.ts" && /getConfiguration\(\s*["']agentSecurity["']/.test(text))
        .map(({ rel }) => rel);
      assert.deepEqual(elsewhere, []);
      const read = new Set(code.flatMap(({ text }) => [...text.matchAll(/\bsetting\(\s*"([\w.]+)"/g)].map((m) => m[1])));
      for (const key of keys) assert.ok(read.has(key), `agentSecurity.${key} is never read`);
      assert.doesNotMatch(
        readFileSync(path.join(ROOT, "src/settings.ts"), "utf8"),
        /\.get<[^>]+>\([^)]*,/,
        "settings.ts passes a default to get()",
      );
    });

    it("give the command line the defaults package.json declares", () => {
      const defaults = settingDefaults();
      assert.deepEqual(defaults.exclude, properties["agentSecurity.exclude"].default);
      assert.equal(defaults.maxFileSizeKB, properties["agentSecurity.maxFileSizeKB"].default);
      assert.equal(defaults.scanTimeoutMs, properties["agentSecurity.scanTimeoutMs"].default);
    });

    it("iam.severity takes exactly the IAM check ids", () => {
      assert.deepEqual(Object.keys(properties["agentSecurity.iam.severity"].properties ?? {}).sort(), [...IAM_CHECK_IDS].sort());
    });

    it("are grouped in titled categories, in order", () => {
      assert.deepEqual(
        categories.map((c) => c.order),
        categories.map((_, i) => i + 1),
      );
      for (const category of categories) {
        assert.match(category.title, /^Agent Security: \S/);
        assert.ok(Object.keys(category.properties).length > 0);
        assert.deepEqual(
          Object.values(category.properties).map((p) => p.order),
          Object.keys(category.properties).map((_, i) => i + 1),
        );
      }
    });
  });

  describe("marketplace", () => {
    it("has an icon of at least 128×128 pixels, a banner, links and a changelog", () => {
      const png = readFileSync(path.join(ROOT, manifest.icon));
      assert.equal(png.subarray(1, 4).toString("latin1"), "PNG");
      assert.ok(png.readUInt32BE(16) >= 128 && png.readUInt32BE(20) >= 128, "icon smaller than 128 px");
      assert.ok(manifest.galleryBanner?.color && manifest.repository?.url && manifest.bugs?.url && manifest.homepage);
      assert.ok(readFileSync(path.join(ROOT, "CHANGELOG.md"), "utf8").startsWith("# Changelog"));
      assert.match(readFileSync(path.join(ROOT, ".vscodeignore"), "utf8"), /^!CHANGELOG\.md$/m);
    });
  });
});
