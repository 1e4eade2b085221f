// The audit report view. Everything shown comes from the state the extension
// posts (masked values only) and is written with textContent, never as HTML.
// The page keeps the state and the table settings with setState, so it shows
// them again at once when restored.
// @ts-check
(function () {
  // @ts-ignore acquireVsCodeApi is provided by the webview host
  const vscode = acquireVsCodeApi();
  const saved = vscode.getState() || {};
  /** @type {any} */
  let state = saved.state;
  const view = Object.assign({ sort: "severity", descending: false, filter: "", severity: "all" }, saved.view);
  const SEVERITY_ORDER = { error: 0, warning: 1, info: 2, hint: 3 };
  const COLUMNS = [
    { key: "severity", label: "Severity" },
    { key: "file", label: "File" },
    { key: "line", label: "Line" },
    { key: "kind", label: "Kind" },
    { key: "preview", label: "Preview" },
    { key: "checkId", label: "Check" },
  ];

  const root = /** @type {HTMLElement} */ (document.getElementById("report"));

  /** @param {string} tag @param {Record<string, string>} [attrs] @param {(Node|string)[]} [children] */
  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [name, value] of Object.entries(attrs || {})) node.setAttribute(name, value);
    for (const child of children || []) node.append(child);
    return node;
  }

  // The page's fixed parts, built once so that focus and typing survive updates.
  const status = el("p", { class: "status", role: "status", "aria-live": "polite" });
  const progress = /** @type {HTMLProgressElement} */ (
    el("progress", { class: "progress", max: "1", value: "0", "aria-label": "Audit progress" })
  );
  const summary = el("p", { class: "summary" });
  const coverage = el("p", { class: "coverage" });
  const problems = el("ul", { class: "problems" });
  const rerun = el("button", { type: "button", id: "rerun" }, ["Re-run audit"]);
  const exportSarif = el("button", { type: "button", id: "export-sarif", class: "secondary" }, ["Export SARIF"]);
  const exportMarkdown = el("button", { type: "button", id: "export-markdown", class: "secondary" }, ["Export Markdown"]);
  const bySeverity = el("tbody");
  const byKind = el("tbody");
  const filter = /** @type {HTMLInputElement} */ (
    el("input", { type: "search", id: "filter", placeholder: "Filter by file, kind, check or preview", "aria-label": "Filter findings" })
  );
  const severity = /** @type {HTMLSelectElement} */ (
    el("select", { id: "severity", "aria-label": "Severity" }, [
      el("option", { value: "all" }, ["All severities"]),
      el("option", { value: "error" }, ["Errors"]),
      el("option", { value: "warning" }, ["Warnings"]),
      el("option", { value: "info" }, ["Info"]),
    ])
  );
  const shownCount = el("span", { class: "count", "aria-live": "polite" });
  const headRow = el("tr");
  const rows = el("tbody", { id: "findings" });
  const table = el("table", { class: "findings", "aria-label": "Findings" }, [el("thead", {}, [headRow]), rows]);
  const empty = el("p", { class: "empty" });

  root.append(
    el("header", {}, [el("h1", {}, ["Agent Security audit"]), status, progress, summary, coverage, problems]),
    el("div", { class: "toolbar", role: "toolbar", "aria-label": "Report actions" }, [rerun, exportSarif, exportMarkdown]),
    el("section", { class: "totals", "aria-label": "Totals" }, [
      el("table", {}, [el("caption", {}, ["By severity"]), bySeverity]),
      el("table", {}, [el("caption", {}, ["By kind"]), byKind]),
    ]),
    el("div", { class: "filters" }, [filter, severity, shownCount]),
    table,
    empty,
  );

  const headers = COLUMNS.map((column) => {
    const button = el("button", { type: "button", class: "sort" }, [column.label]);
    button.addEventListener("click", () => {
      view.descending = view.sort === column.key ? !view.descending : false;
      view.sort = column.key;
      save();
      renderRows();
    });
    const th = el("th", { scope: "col", "data-key": column.key }, [button]);
    headRow.append(th);
    return th;
  });
  headRow.append(el("th", { scope: "col" }, [el("span", { class: "visually-hidden" }, ["Actions"])]));

  rerun.addEventListener("click", () => vscode.postMessage({ type: "rerun" }));
  exportSarif.addEventListener("click", () => vscode.postMessage({ type: "export", format: "sarif" }));
  exportMarkdown.addEventListener("click", () => vscode.postMessage({ type: "export", format: "markdown" }));
  filter.value = view.filter;
  severity.value = view.severity;
  filter.addEventListener("input", () => {
    view.filter = filter.value;
    save();
    renderRows();
  });
  severity.addEventListener("change", () => {
    view.severity = severity.value;
    save();
    renderRows();
  });
  // Up and down move between rows, as in a list.
  rows.addEventListener("keydown", (event) => {
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") return;
    const current = /** @type {HTMLElement} */ (event.target).closest("tr");
    const next = event.key === "ArrowDown" ? current?.nextElementSibling : current?.previousElementSibling;
    const target = next?.querySelector("button");
    if (target) {
      event.preventDefault();
      /** @type {HTMLElement} */ (target).focus();
    }
  });

  window.addEventListener("message", (event) => {
    if (event.data && event.data.type === "state") {
      state = event.data.state;
      save();
      render();
    }
  });

  function save() {
    vscode.setState({ state, view });
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  function render() {
    root.setAttribute("aria-busy", String(!state || state.status === "running"));
    if (!state) {
      status.textContent = "Starting the audit…";
      progress.hidden = true;
      return;
    }
    const p = state.progress;
    const running = state.status === "running";
    progress.hidden = !running;
    if (running && p) {
      progress.max = Math.max(1, p.total);
      progress.value = p.done;
    }
    status.textContent = running
      ? p
        ? p.phase === "listing"
          ? `Listing files… ${p.total} found${p.folder ? ` · ${p.folder}` : ""}`
          : `Auditing… ${p.done}/${p.total} files${p.folder ? ` · ${p.folder}` : ""}`
        : "Starting the audit…"
      : state.status === "cancelled"
        ? "Cancelled: the findings below are those made before the audit stopped."
        : state.status === "failed"
          ? "The audit failed; see the Agent Security output."
          : `Finished ${state.finishedAt ? new Date(state.finishedAt).toLocaleString() : ""}`;
    status.className = `status ${state.status}`;
    summary.textContent = state.summary ? `${state.summary}.` : "";
    coverage.textContent = state.coverage ? `${state.coverage}.` : "";
    problems.replaceChildren(...state.problems.map((text) => el("li", {}, [text])));
    rerun.toggleAttribute("disabled", running);
    bySeverity.replaceChildren(
      ...state.bySeverity.map(([name, n]) =>
        el("tr", {}, [el("th", { scope: "row" }, [el("span", { class: `badge ${name}` }, [name])]), el("td", {}, [String(n)])]),
      ),
    );
    byKind.replaceChildren(
      ...state.byKind.map(([name, n]) => el("tr", {}, [el("th", { scope: "row" }, [name]), el("td", {}, [String(n)])])),
    );
    renderRows();
  }

  function compare(a, b) {
    const key = view.sort;
    let order;
    if (key === "severity") order = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
    else if (key === "line") order = a.line - b.line;
    else order = String(a[key]).localeCompare(String(b[key]));
    // Ties keep the report's own order: file, then position.
    order = order || a.id - b.id;
    return view.descending ? -order : order;
  }

  function renderRows() {
    for (const th of headers) {
      const key = th.getAttribute("data-key");
      th.setAttribute("aria-sort", key === view.sort ? (view.descending ? "descending" : "ascending") : "none");
    }
    if (!state) return;
    const needle = view.filter.trim().toLowerCase();
    const shown = state.rows
      .filter((r) => view.severity === "all" || r.severity === view.severity)
      .filter((r) => !needle || [r.file, r.kind, r.checkId, r.preview].some((v) => v.toLowerCase().includes(needle)))
      .sort(compare);
    rows.replaceChildren(...shown.map(rowElement));
    table.hidden = shown.length === 0;
    empty.textContent =
      state.rows.length === 0
        ? state.status === "running"
          ? ""
          : "No findings."
        : shown.length === 0
          ? "No findings match the filter."
          : "";
    shownCount.textContent = state.rows.length === 0 ? "" : `${shown.length} of ${plural(state.rows.length, "finding")}`;
    vscode.postMessage({ type: "rendered", rows: state.rows.length, shown: shown.length });
  }

  function rowElement(row) {
    const open = el("button", { type: "button", class: "link", title: `Open ${row.file} at line ${row.line}` }, [row.file]);
    open.addEventListener("click", () => vscode.postMessage({ type: "open", id: row.id }));
    const fix = el("button", { type: "button", class: "secondary", title: "Apply the preferred quick fix" }, [row.fixed ? "Fixed" : "Fix"]);
    if (row.fixed) fix.setAttribute("disabled", "");
    fix.addEventListener("click", () => vscode.postMessage({ type: "fix", id: row.id }));
    const tr = el("tr", { "data-id": String(row.id), title: row.message }, [
      el("td", {}, [el("span", { class: `badge ${row.severity}` }, [row.severity])]),
      el("td", { class: "file" }, [open]),
      el("td", { class: "number" }, [String(row.line)]),
      el("td", {}, [row.kind]),
      el("td", { class: "preview", title: row.preview }, [el("code", {}, [row.preview])]),
      el("td", { class: "check" }, [row.checkId]),
      el("td", {}, [fix]),
    ]);
    return tr;
  }

  render();
  vscode.postMessage({ type: "ready" });
})();
