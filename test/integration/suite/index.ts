// Entry point of the integration suite inside the VS Code extension host, for
// both launchers (code-server: runCodeServer.mjs; desktop: runElectron.mjs).
// Bundled with mocha and all *.test.ts files by test/integration/buildSuite.mjs.
import Mocha from "mocha";
import { findSourceMap } from "node:module";
import { fileURLToPath } from "node:url";
import { format } from "node:util";
import { testFiles } from "./testFiles";

// The code-server launcher receives the extension host's console mixed with
// the workbench's own log, so it passes a marker for the lines of the test
// report. (console itself cannot be wrapped: the extension host pins its methods.)
const marker = process.env.AGENT_SECURITY_IT_LOG_MARKER ?? "";
const report = (...args: unknown[]) => console.log(marker + mapStack(format(...args)));

// The extension host installs its own Error.prepareStackTrace, which turns off
// Node's source-mapped stack traces; map positions in the bundle by hand so
// failures point at the .ts test files (index.js turned source maps on).
function mapStack(text: string): string {
  return text.replace(/([^\s()]+\.js):(\d+):(\d+)/g, (all, file: string, line: string, col: string) => {
    const entry = findSourceMap(file)?.findEntry(Number(line) - 1, Number(col) - 1);
    if (!entry || !("originalSource" in entry)) return all;
    const source = entry.originalSource.startsWith("file:") ? fileURLToPath(entry.originalSource) : entry.originalSource;
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

export async function run(): Promise<void> {
  Mocha.reporters.Base.consoleLog = report;
  // spec writes through console.log, which the extension host forwards to the
  // launcher (codeAutomationLog / stdout); no colours, they would end up as escapes.
  const mocha = new Mocha({ ui: "bdd", timeout: 60_000, color: false, reporter: "spec" });
  if (process.env.AGENT_SECURITY_IT_GREP) mocha.grep(process.env.AGENT_SECURITY_IT_GREP);
  const { EVENT_FILE_PRE_REQUIRE, EVENT_FILE_REQUIRE, EVENT_FILE_POST_REQUIRE } = Mocha.Suite.constants;
  // What mocha.loadFiles() does for files on disk, for the bundled ones.
  for (const [file, load] of testFiles) {
    mocha.suite.emit(EVENT_FILE_PRE_REQUIRE, globalThis, file, mocha);
    try {
      mocha.suite.emit(EVENT_FILE_REQUIRE, load(), file, mocha);
    } catch (e) {
      report(`failed to load ${file}: ${e instanceof Error ? e.stack : e}`);
      throw e;
    }
    mocha.suite.emit(EVENT_FILE_POST_REQUIRE, globalThis, file, mocha);
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const { passes = 0, pending = 0 } = runner.stats ?? {};
      // One line the launchers parse for their summary.
      report(`integration-summary ${JSON.stringify({ passes, failures, pending, files: testFiles.length })}`);
      if (failures > 0) reject(new Error(`${failures} integration test(s) failed`));
      else resolve();
    });
  });
}
