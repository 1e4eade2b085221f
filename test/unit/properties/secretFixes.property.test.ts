import * as assert from "node:assert/strict";
import fc from "fast-check";
import { applyEdits } from "../../../src/shared/text";
import {
  assertDisjoint,
  assertFindingGone,
  fixFor,
  parseYaml,
  pythonProblems,
  syntaxErrors,
  typeScriptProblems,
  type Fixed,
} from "../../support/fixHarness";
import * as programs from "../../support/plantedPrograms";
import type { Program } from "../../support/plantedPrograms";

/** Seeded and bounded: the same cases on every run, a few seconds in all. */
const RUNS = { seed: 20240501, numRuns: 25 };

interface Output {
  program: Program;
  title: string;
  text: string;
}

/**
 * Runs every fix on a program: edits disjoint, the secret reported once less
 * afterwards (a suppression in the project file edits nothing and is left
 * out). Returns each fix's output for the caller's parser.
 */
async function fixAll(program: Program): Promise<{ fixed: Fixed; outputs: Output[] }> {
  const fixed = await fixFor(program.text, program.file);
  assert.ok(fixed.fixes.length > 0, "no fix offered");
  const outputs: Output[] = [];
  for (const fix of fixed.fixes) {
    assertDisjoint(fix);
    if (fix.edits.length === 0) {
      assert.ok(fix.suppression, `${fix.title} changes nothing`);
      continue;
    }
    const text = applyEdits(program.text, fix.edits);
    await assertFindingGone(program.text, text, program.file, fixed.finding);
    outputs.push({ program, title: fix.title, text });
  }
  return { fixed, outputs };
}

function describeFailure(output: Output, problems: unknown): string {
  return `${output.title} on ${output.program.file}:\n--- input\n${output.program.text}\n--- output\n${output.text}\n--- problems\n${JSON.stringify(problems)}`;
}

/** A property over one format whose outputs a parser checks one at a time. */
function eachProgram(arbitrary: fc.Arbitrary<Program>, problemsOf: (text: string, file: string) => Promise<unknown[]> | unknown[]) {
  return fc.assert(
    fc.asyncProperty(arbitrary, async (program) => {
      assert.deepEqual(await problemsOf(program.text, program.file), [], `the generated input does not parse:\n${program.text}`);
      for (const output of (await fixAll(program)).outputs) {
        const problems = await problemsOf(output.text, output.program.file);
        assert.deepEqual(problems, [], describeFailure(output, problems));
      }
    }),
    RUNS,
  );
}

function yamlProblems(text: string): string[] {
  try {
    parseYaml(text);
    return [];
  } catch (error) {
    return [String(error)];
  }
}

function jsonProblems(text: string): string[] {
  try {
    JSON.parse(text);
    return [];
  } catch (error) {
    return [String(error)];
  }
}

/** `KEY=value` lines, comments and blank lines only. */
function dotenvProblems(text: string): string[] {
  return text.split(/\r?\n/).filter((line) => !/^(\s*#.*|[A-Za-z_][\w.]*=.*|\s*)$/.test(line));
}

describe("secret fixes, on generated programs with a planted secret", function () {
  this.timeout(120_000);

  it("TypeScript and JavaScript: every fix compiles and removes the secret", async () => {
    // One TypeScript Program for all outputs: creating one per case would take a second each.
    const files: Record<string, string> = {};
    const outputs = new Map<string, Output>();
    for (const [i, program] of fc.sample(programs.typescript, RUNS).entries()) {
      const ext = program.file.slice(program.file.lastIndexOf("."));
      files[`/in/case${i}${ext}`] = program.text;
      for (const [j, output] of (await fixAll(program)).outputs.entries()) {
        const name = `/out/case${i}_${j}${ext}`;
        files[name] = output.text;
        outputs.set(name, output);
      }
    }
    const problems = typeScriptProblems(files);
    for (const [name, list] of Object.entries(problems)) {
      if (name.startsWith("/in/")) assert.deepEqual(list, [], `generated input ${name} does not compile:\n${files[name]}`);
      else assert.deepEqual(list, [], describeFailure(outputs.get(name)!, list));
    }
  });

  it("Python: every fix compiles and removes the secret", async () => {
    const files: Record<string, string> = {};
    const outputs = new Map<string, Output>();
    for (const [i, program] of fc.sample(programs.python, RUNS).entries()) {
      files[`in${i}`] = program.text;
      for (const [j, output] of (await fixAll(program)).outputs.entries()) {
        files[`out${i}_${j}`] = output.text;
        outputs.set(`out${i}_${j}`, output);
      }
    }
    for (const [name, problem] of Object.entries(pythonProblems(files))) {
      if (name.startsWith("in")) assert.equal(problem, "", `generated input does not compile:\n${files[name]}`);
      else assert.equal(problem, "", describeFailure(outputs.get(name)!, problem));
    }
  });

  it("Go: every fix parses and removes the secret", () => eachProgram(programs.go, (text) => syntaxErrors("go", text)));
  it("Java: every fix parses and removes the secret", () => eachProgram(programs.java, (text) => syntaxErrors("java", text)));
  it("C#: every fix parses and removes the secret", () => eachProgram(programs.csharp, (text) => syntaxErrors("csharp", text)));
  it("Terraform: every fix parses and removes the secret", () => eachProgram(programs.terraform, (text) => syntaxErrors("hcl", text)));
  it("YAML: every fix parses and removes the secret", () => eachProgram(programs.yaml, yamlProblems));
  it("JSON: every fix parses and removes the secret", () => eachProgram(programs.json, jsonProblems));
  it(".env: every fix keeps KEY=value lines and removes the secret", () => eachProgram(programs.dotenv, dotenvProblems));
});
