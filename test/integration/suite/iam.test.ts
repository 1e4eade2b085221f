import * as assert from "node:assert/strict";
import * as vscode from "vscode";
import * as YAML from "yaml";
import { parseHcl } from "../../../src/iam/hcl";
import { yamlParseOptions } from "../../../src/iam/tree";
import { applyCodeAction, closeAllEditors, fixtureUri, openFixture, quickFixes, waitForDiagnostics } from "./helpers";

/** The range of the `n`th occurrence of `value` in a document. */
function rangeOf(document: vscode.TextDocument, value: string, n = 0): vscode.Range {
  let offset = -1;
  for (let i = 0; i <= n; i++) offset = document.getText().indexOf(value, offset + 1);
  assert.ok(offset >= 0, `${value} not in ${document.fileName}`);
  return new vscode.Range(document.positionAt(offset), document.positionAt(offset + value.length));
}

/**
 * The wildcard checks these tests are about. The Access Analyzer checks also
 * report on these fixtures (`Action: "*"` passes every role, for one) and are
 * tested on their own.
 */
const WILDCARD_CHECKS = new Set([
  "iam-action-star",
  "iam-service-wildcard",
  "iam-partial-wildcard",
  "iam-not-action-allow",
  "iam-passrole-star-resource",
  "iam-unknown-action",
  "iam-redundant-action",
]);

function iamOnly(diagnostics: vscode.Diagnostic[]): vscode.Diagnostic[] {
  return diagnostics.filter((d) => typeof d.code === "string" && WILDCARD_CHECKS.has(d.code));
}

/** `line:col code` of the IAM diagnostics, sorted, for compact assertions. */
function summary(diagnostics: vscode.Diagnostic[]): string[] {
  return iamOnly(diagnostics)
    .map(
      (d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${d.code} ${vscode.DiagnosticSeverity[d.severity]}`,
    )
    .sort();
}

async function revert(document: vscode.TextDocument): Promise<void> {
  await vscode.window.showTextDocument(document);
  await vscode.commands.executeCommand("workbench.action.files.revert");
}

async function fixNamed(document: vscode.TextDocument, range: vscode.Range, title: RegExp): Promise<vscode.CodeAction> {
  const fixes = await quickFixes(document.uri, range);
  const fix = fixes.find((a) => title.test(a.title));
  assert.ok(fix, `no fix matching ${title} among ${JSON.stringify(fixes.map((a) => a.title))}`);
  return fix;
}

describe("IAM policies in the editor", () => {
  afterEach(closeAllEditors);

  it("CloudFormation YAML with !Sub tags: diagnostics at the exact action strings", async () => {
    const { document } = await openFixture("iam/template.yaml");
    const diagnostics = await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
    assert.deepEqual(summary(diagnostics), ["23:20-24 iam-service-wildcard Warning", "26:24-34 iam-service-wildcard Warning"]);
    const s3 = iamOnly(diagnostics).find((d) => d.range.isEqual(rangeOf(document, "s3:*")))!;
    assert.match(s3.message, /^"s3:\*" grants all \d+ actions of Amazon S3: \d+ Write, \d+ Permissions management/);
    assert.equal(s3.source, "Agent Security");
  });

  it("YAML: restricts s3:* to read-only as a block sequence, and the diagnostic goes", async () => {
    const { document } = await openFixture("iam/template.yaml");
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
    const target = rangeOf(document, "s3:*");
    const fix = await fixNamed(document, target, /^Restrict s3:\* to read-only \(\d+ List \+ Read actions\)$/);
    assert.equal(fix.isPreferred, true);
    await applyCodeAction(fix);
    const after = await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 1);
    assert.deepEqual(
      summary(after).map((s) => s.split(" ")[1]),
      ["iam-service-wildcard"],
    );
    const text = document.getText();
    assert.ok(!text.includes("- s3:*"));
    assert.match(text, /\n {16}Action:\n( {18}- s3:[A-Za-z]+\n)+ {16}Resource: !Sub/);
    assert.match(text, /\n {18}- s3:GetObject\n/);
    assert.doesNotMatch(text, /\n {18}- s3:PutObject\n/);
    const docs = YAML.parseAllDocuments(text, yamlParseOptions()) as YAML.Document.Parsed[];
    assert.deepEqual(
      docs.flatMap((d) => d.errors),
      [],
    );
    await revert(document);
  });

  it("YAML: ignores dynamodb:* with a comment the analyzer honours", async () => {
    const { document } = await openFixture("iam/template.yaml");
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
    const target = rangeOf(document, "dynamodb:*");
    await applyCodeAction(await fixNamed(document, target, /^Ignore iam-service-wildcard here/));
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 1);
    assert.equal(document.lineAt(target.start.line).text, "                # agent-security-ignore iam-service-wildcard -- reviewed");
    await revert(document);
  });

  it("hover on an action shows its expansion by access level", async () => {
    const { document } = await openFixture("iam/template.yaml");
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
    const target = rangeOf(document, "dynamodb:*");
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      "vscode.executeHoverProvider",
      document.uri,
      target.start.translate(0, 3),
    );
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === "string" ? c : "value" in c ? c.value : ""))
      .join("\n");
    assert.match(text, /\*\*dynamodb:\\\*\*\* grants \*\*\d+\*\* actions of Amazon DynamoDB/);
    for (const level of ["List", "Read", "Write", "Permissions management", "Tagging"])
      assert.match(text, new RegExp(`- \\*\\*${level}\\*\\* \\(\\d+\\)`));
  });

  it("Terraform: diagnostics in a policy document block and in jsonencode", async () => {
    const { document } = await openFixture("iam/main.tf");
    const diagnostics = await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 3);
    assert.deepEqual(summary(diagnostics), [
      "13:18-23 iam-service-wildcard Warning",
      "2:18-31 iam-partial-wildcard Information",
      "2:35-47 iam-passrole-star-resource Warning",
    ]);
  });

  it("Terraform: Replace with explicit actions… applies the chosen actions as an HCL list", async () => {
    const { document } = await openFixture("iam/main.tf");
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 3);
    const target = rangeOf(document, "sqs:*");
    const fix = await fixNamed(document, target, /^Replace sqs:\* with explicit actions…$/);
    assert.equal(fix.edit, undefined, "the choice comes first");
    assert.equal(fix.command?.command, "agentSecurity.iam.replaceWithActions");
    // The command takes the chosen actions as an argument in place of the QuickPick.
    const applied = await vscode.commands.executeCommand<boolean>(fix.command.command, ...(fix.command.arguments ?? []), [
      "sqs:SendMessage",
      "sqs:ReceiveMessage",
    ]);
    assert.equal(applied, true);
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
    assert.equal(
      document.getText(new vscode.Range(13, 0, 17, 0)),
      '      Action   = [\n        "sqs:SendMessage",\n        "sqs:ReceiveMessage"\n      ]\n',
    );
    assert.deepEqual(parseHcl(document.getText()).errors, []);
    // One undoable edit.
    await vscode.commands.executeCommand("undo");
    assert.match(document.lineAt(13).text, /Action {3}= "sqs:\*"/);
    await revert(document);
  });

  it("Terraform: restricts a partial wildcard in a list and keeps the list's style", async () => {
    const { document } = await openFixture("iam/main.tf");
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 3);
    const applied = await vscode.commands.executeCommand<boolean>(
      "agentSecurity.iam.replaceWithActions",
      document.uri,
      document.offsetAt(rangeOf(document, "ec2:Describe*").start),
      ["ec2:DescribeInstances", "ec2:DescribeImages"],
    );
    assert.equal(applied, true);
    assert.equal(document.lineAt(2).text, '    actions   = ["ec2:DescribeInstances", "ec2:DescribeImages", "iam:PassRole"]');
    const pass = rangeOf(document, "iam:PassRole");
    const expected = [
      `2:${pass.start.character}-${pass.end.character} iam-passrole-star-resource Warning`,
      "13:18-23 iam-service-wildcard Warning",
    ].sort();
    await waitForDiagnostics(document.uri, (ds) => summary(ds).join() === expected.join());
    await revert(document);
  });

  it("JSON policy: a typo and Action *, fixed by the catalogue's spelling", async () => {
    const { document } = await openFixture("iam/policy.json");
    const diagnostics = await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
    assert.deepEqual(summary(diagnostics), ["10:17-18 iam-action-star Error", "5:18-30 iam-unknown-action Error"]);
    const star = iamOnly(diagnostics).find((d) => d.code === "iam-action-star")!;
    assert.match(star.message, /full administrator access/);
    const typo = rangeOf(document, "s3:GetObjekt");
    const rename = await fixNamed(document, typo, /^Change to s3:GetObject$/);
    await applyCodeAction(rename);
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 1);
    assert.equal(document.lineAt(5).text, '      "Action": ["s3:GetObject", "s3:ListBucket"],');
    JSON.parse(document.getText());
    await revert(document);
  });

  it("JSON policy: ignores Action * through the project file", async () => {
    // Leave the project file as it was for the other suites.
    const projectUri = fixtureUri(".agent-security.json");
    const before = await vscode.workspace.fs.readFile(projectUri).then(
      (bytes) => bytes,
      () => undefined,
    );
    try {
      await ignoreStarInProjectFile();
    } finally {
      // Through the open model, as the fix wrote it: writing or deleting the
      // file behind VS Code's back races with the model. An empty project file
      // is as good as none.
      const project = await vscode.workspace.openTextDocument(projectUri);
      const restore = new vscode.WorkspaceEdit();
      restore.replace(projectUri, new vscode.Range(0, 0, project.lineCount, 0), before ? new TextDecoder().decode(before) : "{}\n");
      await vscode.workspace.applyEdit(restore);
      await project.save();
    }
  });

  async function ignoreStarInProjectFile(): Promise<void> {
    const { document } = await openFixture("iam/policy.json");
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
    const statement = rangeOf(document, '"Action": "*"');
    const target = new vscode.Range(statement.end.translate(0, -2), statement.end.translate(0, -1));
    assert.equal(document.getText(target), "*");
    await applyCodeAction(await fixNamed(document, target, /^Ignore iam-action-star for \* in this file \(\.agent-security\.json\)$/));
    await waitForDiagnostics(document.uri, (ds) => summary(ds).length === 1 && summary(ds)[0].includes("iam-unknown-action"));
    const project = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(fixtureUri(".agent-security.json"))).toString("utf8"));
    const entry = project.ignore.find((s: { check: string }) => s.check === "iam-action-star");
    assert.equal(entry.file, "iam/policy.json");
    assert.match(entry.fingerprint, /^sha256:[0-9a-f]{32}$/);
  }

  it("agentSecurity.iam.severity changes or turns off a check", async () => {
    const { document } = await openFixture("iam/template.yaml");
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
    const settings = vscode.workspace.getConfiguration("agentSecurity");
    await settings.update("iam.severity", { "iam-service-wildcard": "error" }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitForDiagnostics(
        document.uri,
        (ds) => iamOnly(ds).length === 2 && iamOnly(ds).every((d) => d.severity === vscode.DiagnosticSeverity.Error),
      );
      await settings.update("iam.severity", { "iam-service-wildcard": "off" }, vscode.ConfigurationTarget.Workspace);
      await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 0);
    } finally {
      await settings.update("iam.severity", undefined, vscode.ConfigurationTarget.Workspace);
    }
    await waitForDiagnostics(document.uri, (ds) => iamOnly(ds).length === 2);
  });

  it("leaves files without policies alone", async () => {
    const document = await vscode.workspace.openTextDocument({
      language: "json",
      content: '{"name": "x", "Statement": "prose about an Action"}',
    });
    await vscode.window.showTextDocument(document);
    await new Promise((r) => setTimeout(r, 800));
    assert.deepEqual(iamOnly(vscode.languages.getDiagnostics(document.uri)), []);
  });
});

describe("IAM completion and the NotAction fix", () => {
  afterEach(closeAllEditors);

  /** The items of every completion provider at a position, as the suggest widget gets them. */
  async function completionsAt(
    document: vscode.TextDocument,
    position: vscode.Position,
    trigger?: string,
  ): Promise<vscode.CompletionItem[]> {
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      "vscode.executeCompletionItemProvider",
      document.uri,
      position,
      trigger,
    );
    return list?.items ?? [];
  }

  const label = (item: vscode.CompletionItem) => (typeof item.label === "string" ? item.label : item.label.label);

  it("completes an action name with its access level and description, replacing what was typed", async () => {
    const { document } = await openFixture("iam/completion.json");
    const typed = rangeOf(document, "s3:Get");
    const items = await completionsAt(document, typed.end, ":");
    const get = items.find((i) => label(i) === "s3:GetObject");
    assert.ok(get, `s3:GetObject among ${items.length} items`);
    assert.equal(get.detail, "Read · Grants permission to retrieve objects from Amazon S3");
    assert.equal(get.kind, vscode.CompletionItemKind.Function);
    const range = get.range as { inserting: vscode.Range; replacing: vscode.Range };
    assert.ok(range.inserting.isEqual(typed), "replaces the typed s3:Get");
    assert.ok(items.some((i) => label(i) === "s3:PutObject" && /^Write · /.test(i.detail ?? "")));
    // Applied as the suggest widget does: the typed text becomes the action.
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, range.replacing, get.insertText as string);
    await vscode.workspace.applyEdit(edit);
    assert.match(document.lineAt(typed.start.line).text, /"Action": \["s3:PutObject", "s3:GetObject"\],/);
    await revert(document);
  });

  it("completes condition keys of the statement's actions and global keys", async () => {
    const { document } = await openFixture("iam/completion.json");
    const typed = rangeOf(document, "s3:x");
    const items = await completionsAt(document, typed.end);
    const acl = items.find((i) => label(i) === "s3:x-amz-acl");
    assert.ok(acl, "a condition key of s3:PutObject");
    assert.match(acl.detail ?? "", /^String · /);
    assert.equal(acl.kind, vscode.CompletionItemKind.Property);
    assert.ok(
      items.some((i) => label(i) === "aws:SourceIp"),
      "a global key",
    );
    assert.ok(!items.some((i) => label(i) === "ec2:InstanceType"), "not a key of these actions");
    const operators = await completionsAt(document, rangeOf(document, "StringEquals").start.translate(0, 3));
    assert.ok(operators.some((i) => label(i) === "StringLike" && i.kind === vscode.CompletionItemKind.Operator));
  });

  it("NotAction fix: the QuickPick's preselected List and Read actions replace NotAction", async () => {
    const { document } = await openFixture("iam/not-action.json");
    const diagnostics = await waitForDiagnostics(document.uri, (ds) => ds.some((d) => d.code === "iam-not-action-allow"));
    const notAction = diagnostics.find((d) => d.code === "iam-not-action-allow")!;
    const fix = await fixNamed(document, notAction.range, /^Replace NotAction with explicit actions…$/);
    assert.equal(fix.edit, undefined, "the choice comes first");
    assert.equal(fix.command?.command, "agentSecurity.iam.replaceNotAction");
    // Run the command as the light bulb does, and answer its QuickPick as a
    // user pressing Enter would: the preselected (ticked) items are accepted.
    let settled = false;
    const applied = Promise.resolve(vscode.commands.executeCommand<boolean>(fix.command.command, ...(fix.command.arguments ?? []))).finally(
      () => {
        settled = true;
      },
    );
    for (let attempt = 0; !settled && attempt < 100; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 300));
      if (!settled) await vscode.commands.executeCommand("workbench.action.acceptSelectedQuickOpenItem");
    }
    assert.equal(await applied, true);
    await waitForDiagnostics(document.uri, (ds) => !ds.some((d) => d.code === "iam-not-action-allow"));
    const policy = JSON.parse(document.getText());
    const statement = policy.Statement[0];
    assert.equal(statement.NotAction, undefined);
    assert.ok(Array.isArray(statement.Action));
    assert.ok(
      statement.Action.includes("sqs:ReceiveMessage") && statement.Action.includes("sqs:GetQueueAttributes"),
      JSON.stringify(statement.Action),
    );
    assert.ok(!statement.Action.includes("sqs:SendMessage"), "Write actions were not ticked");
    assert.ok(!statement.Action.some((a: string) => a === "sqs:DeleteQueue" || a.startsWith("sqs:Purge")), "excluded actions stay out");
    assert.match(document.getText(), /\n {6}"Action": \[\n {8}"sqs:/);
    // One undoable edit.
    await vscode.commands.executeCommand("undo");
    assert.match(document.getText(), /"NotAction": \["sqs:DeleteQueue", "sqs:Purge\*"\]/);
    await revert(document);
  });
});
