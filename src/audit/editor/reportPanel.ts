import { randomBytes } from "node:crypto";
import * as vscode from "vscode";
import type { ReportState } from "./reportState";

export const REPORT_VIEW_TYPE = "agentSecurity.auditReport";

/** What the report's buttons and rows ask of the extension. */
export type ReportRequest =
  | { type: "ready" }
  | { type: "rerun" }
  | { type: "export"; format: "sarif" | "markdown" }
  | { type: "open"; id: number }
  | { type: "fix"; id: number }
  | { type: "rendered"; rows: number; shown: number };

/** What the webview last said it drew: for tests, alongside the state posted to it. */
export interface RenderedReport {
  rows: number;
  shown: number;
}

/**
 * The audit report: one webview panel, kept alive while hidden, that shows
 * the latest state posted to it. The page also keeps that state with
 * `setState`, so a panel restored after a reload shows it again at once.
 */
export class ReportPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private state: ReportState | undefined;
  private rendered: RenderedReport | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly onRequest: (request: ReportRequest) => void,
  ) {
    this.disposables.push(
      vscode.window.registerWebviewPanelSerializer(REPORT_VIEW_TYPE, {
        deserializeWebviewPanel: async (panel, saved: unknown) => {
          if (!this.state && isReportState(saved)) this.state = saved;
          this.attach(panel);
        },
      }),
    );
  }

  /** Opens the panel (or brings it forward) and shows `state`. */
  show(state: ReportState, preserveFocus = false): void {
    this.state = state;
    if (!this.panel) {
      const panel = vscode.window.createWebviewPanel(
        REPORT_VIEW_TYPE,
        "Agent Security Audit",
        { viewColumn: vscode.ViewColumn.Active, preserveFocus },
        {
          enableScripts: true,
          retainContextWhenHidden: true,
          localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "media", "report")],
        },
      );
      this.attach(panel);
    } else {
      if (!this.panel.visible) this.panel.reveal(undefined, preserveFocus);
      this.post();
    }
  }

  /** Updates the panel if it is open, without bringing it forward. */
  update(state: ReportState): void {
    this.state = state;
    this.post();
  }

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** The state last posted and what the page reported drawing: safe to hand to tests (masked values only). */
  snapshot(): { state: ReportState | undefined; rendered: RenderedReport | undefined; open: boolean } {
    return { state: this.state, rendered: this.rendered, open: this.isOpen };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.extensionUri, "media", "report", "shield.svg");
    panel.webview.options = {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "media", "report")],
    };
    panel.webview.html = this.html(panel.webview);
    panel.webview.onDidReceiveMessage(
      (message: ReportRequest) => {
        if (message.type === "ready") this.post();
        else if (message.type === "rendered") this.rendered = { rows: message.rows, shown: message.shown };
        else this.onRequest(message);
      },
      undefined,
      this.disposables,
    );
    panel.onDidDispose(
      () => {
        this.panel = undefined;
        this.rendered = undefined;
      },
      undefined,
      this.disposables,
    );
  }

  private post(): void {
    if (this.panel && this.state) void this.panel.webview.postMessage({ type: "state", state: this.state });
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString("base64");
    const asset = (name: string) => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, "media", "report", name)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
    ].join("; ");
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset("report.css")}">
<title>Agent Security Audit</title>
</head>
<body>
<main id="report" aria-busy="true"></main>
<script nonce="${nonce}" src="${asset("report.js")}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function isReportState(value: unknown): value is ReportState {
  return (
    !!value && typeof value === "object" && Array.isArray((value as ReportState).rows) && typeof (value as ReportState).status === "string"
  );
}
