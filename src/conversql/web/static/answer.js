// One exchange in the thread: the question as asked (its words marked once answered) and the answer card with its
// progress, narrative, insights, chart, table and SQL.

import { cellFormatter, fileName, toCsv } from "./format.js";
import { highlightSql, markQuestion } from "./text.js";

const CHART_TYPES = {
  LINE_CHART: ["line", "Line"], AREA_CHART: ["area", "Area"], BAR_CHART: ["bar", "Bar"], PIE_CHART: ["pie", "Pie"],
  SCATTER_CHART: ["scatter", "Scatter"], NUMBER_CARD: ["number", "Number"], TABLE: ["table", "Table"],
};
const TABLE_ROW_LIMIT = 500;

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
}

function vegaReady() {
  if (window.vegaEmbed) return Promise.resolve();
  if (document.readyState === "complete") return Promise.reject(new Error("the chart scripts did not load"));
  return new Promise((resolve, reject) => window.addEventListener("load", () =>
    (window.vegaEmbed ? resolve() : reject(new Error("the chart scripts did not load"))), { once: true }));
}

// vl-convert bundles Vega-Lite 5 with Vega 6, a pair it draws with itself; vega-embed still warns on every chart
// that the compiled spec names Vega 5. Only that one message is dropped, once, for the whole page.
const VERSION_WARNING = "The compiled spec uses Vega v5";
const consoleWarn = console.warn.bind(console);
console.warn = (...args) => {
  if (typeof args[0] === "string" && args[0].startsWith(VERSION_WARNING)) return;
  consoleWarn(...args);
};

/** Draw a Vega-Lite `spec` into `container`; resolves to the Vega view (for image downloads). */
export async function drawChart(container, spec) {
  await vegaReady();
  const result = await window.vegaEmbed(container, spec, { actions: false, renderer: "svg", tooltip: true,
    logLevel: 1 });
  return result.view;
}

function download(name, blobOrUrl) {
  const url = typeof blobOrUrl === "string" ? blobOrUrl : URL.createObjectURL(blobOrUrl);
  const link = el("a", { href: url, download: name, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  if (typeof blobOrUrl !== "string") setTimeout(() => URL.revokeObjectURL(url), 10000);
}

async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // permission refused: fall back to a selection copy
    }
  }
  const area = el("textarea", { class: "visually-hidden", "aria-hidden": "true" });
  area.value = text;
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  return ok;
}

/** The user's question in the thread; `mark(answer)` shows which of its words were understood. */
export class QuestionBubble {
  constructor(question) {
    this.question = question;
    this.text = el("p", { class: "question-text", text: question });
    this.element = el("div", { class: "bubble user" }, el("span", { class: "visually-hidden", text: "You asked: " }),
      this.text);
  }

  mark(answer) {
    const unknown = answer.not_understood || [];
    this.text.replaceChildren(markQuestion(this.question, answer.understood, unknown));
    this.element.querySelector(".word-legend")?.remove();
    if (unknown.length) {
      this.element.append(el("p", { class: "word-legend" },
        "Not understood: ", el("span", { class: "unknown-list", text: unknown.join(", ") })));
    }
  }
}

/**
 * The answer card. `actions` are what the card may ask of the page: `recharts(type)` re-charts the session's
 * last answer, `ask(question)` asks an example question, `pin(card, button)` pins the chart to a dashboard (optional).
 */
export class AnswerCard {
  constructor({ currency, actions }) {
    this.currency = currency;
    this.actions = actions;
    this.answer = null;
    this.view = null;
    this.latest = true;
    this.steps = el("ol", { class: "steps", "aria-label": "Progress" });
    this.progress = el("div", { class: "progress", role: "status", "aria-live": "polite" },
      el("p", { class: "thinking", text: "Working on it…" }), this.steps);
    this.body = el("div", { class: "answer-body" });
    this.element = el("article", { class: "bubble answer", "aria-busy": "true" }, this.progress, this.body);
  }

  step(step) {
    const mark = step.status === "error" ? "✗" : step.status === "skipped" ? "–" : "✓";
    const detail = (step.detail || "").split("\n")[0];
    this.steps.append(el("li", { class: `step step-${step.status}`, "data-step": step.name },
      el("span", { class: "step-mark", "aria-hidden": "true", text: mark }),
      el("span", { class: "step-name", text: step.name }),
      el("span", { class: "step-time", text: `${Number(step.duration_ms || 0).toFixed(1)} ms` }),
      detail ? el("span", { class: "step-detail", text: detail.length > 90 ? detail.slice(0, 90) + "…" : detail }) : null));
  }

  fail(message) {
    this.element.setAttribute("aria-busy", "false");
    this.progress.querySelector(".thinking")?.remove();
    this.body.replaceChildren(el("p", { class: "answer-error", role: "alert", text: message }));
  }

  setLatest(latest) {
    this.latest = latest;
    for (const b of this.element.querySelectorAll(".chart-types button")) {
      b.disabled = !latest;
      b.title = latest ? "" : "Only the latest answer of a conversation can be re-charted";
    }
  }

  /** Show `answer` (a new answer, or the same result re-charted). */
  show(answer) {
    this.answer = answer;
    this.view = null;
    this.drawn = Promise.resolve();     // settles once the chart is drawn (or could not be)
    this.element.setAttribute("aria-busy", "false");
    this.progress.querySelector(".thinking")?.remove();
    if (answer.steps && answer.steps.length) {
      if (!this.steps.children.length) answer.steps.forEach((s) => this.step(s));
      const total = answer.steps.reduce((t, s) => t + (s.duration_ms || 0), 0);
      const count = answer.steps.length;
      const summary = el("summary", { text: `${count} step${count === 1 ? "" : "s"}, ${total.toFixed(0)} ms` });
      this.progress.replaceChildren(el("details", { class: "steps-summary" }, summary, this.steps));
    } else if (!this.steps.children.length) {
      this.progress.replaceChildren();
    }
    const parts = [];
    if (answer.title && !answer.error) parts.push(el("h3", { class: "answer-title", text: answer.title }));
    parts.push(el("p", { class: answer.error ? "narrative answer-error" : "narrative", text: answer.response }));
    if (answer.insights && answer.insights.length) {
      parts.push(el("ul", { class: "insights", "aria-label": "Insights" },
        ...answer.insights.map((i) => el("li", { text: i }))));
    }
    if (answer.example_questions && answer.example_questions.length) {
      parts.push(el("div", { class: "suggestions" }, el("p", { text: "You could ask:" }),
        el("ul", {}, ...answer.example_questions.map((q) =>
          el("li", {}, el("button", { type: "button", class: "link", text: q, onclick: () => this.actions.ask(q) }))))));
    }
    if (answer.columns && answer.columns.length) {
      parts.push(this.toolbar(answer));
      if (answer.vega_lite && answer.visualization && answer.visualization.type !== "table") {
        const chart = el("div", { class: `chart chart-${answer.visualization.type}`, role: "img",
          "aria-label": `Chart: ${answer.title || "answer"}` });
        parts.push(chart);
        this.drawn = drawChart(chart, answer.vega_lite).then(
          (view) => { this.view = view; this.element.dataset.chart = "drawn"; },
          (e) => chart.replaceChildren(el("p", { class: "answer-error", text: `The chart could not be drawn: ${e.message}` })));
      }
      parts.push(this.table(answer));
    }
    if (answer.sql) parts.push(this.sql(answer.sql));
    this.body.replaceChildren(...parts);
    this.setLatest(this.latest);
  }

  toolbar(answer) {
    const current = answer.visualization ? answer.visualization.type : null;
    const seen = new Set();
    const buttons = [];
    for (const rec of answer.chart_recommendations || []) {
      const known = CHART_TYPES[rec.chart_type];
      if (!known || seen.has(known[0])) continue;
      seen.add(known[0]);
      const [type, label] = known;
      buttons.push(el("button", {
        type: "button", "data-chart-type": type, "aria-pressed": String(type === current), text: label,
        onclick: (e) => this.recharts(type, e.currentTarget),
      }));
    }
    const group = el("div", { class: "chart-types", role: "group", "aria-label": "Chart type" }, ...buttons);
    const downloads = el("div", { class: "downloads", role: "group", "aria-label": "Downloads" },
      el("button", { type: "button", "data-download": "png", text: "PNG", title: "Download the chart as PNG",
        onclick: () => this.image("png") }),
      el("button", { type: "button", "data-download": "svg", text: "SVG", title: "Download the chart as SVG",
        onclick: () => this.image("svg") }),
      el("button", { type: "button", "data-download": "csv", text: "CSV", title: "Download the data as CSV",
        onclick: () => download(fileName(this.answer.title, "csv"),
          new Blob([toCsv(this.answer.columns, this.answer.rows)], { type: "text/csv" })) }));
    const tools = [group, downloads];
    if (this.actions.pin) {
      tools.push(el("button", { type: "button", class: "pin", text: "Pin to dashboard",
        onclick: (e) => this.actions.pin(this, e.currentTarget) }));
    }
    return el("div", { class: "toolbar" }, ...tools);
  }

  async recharts(type, button) {
    if (!this.latest || button.getAttribute("aria-pressed") === "true") return;
    const buttons = this.element.querySelectorAll(".chart-types button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      const answer = await this.actions.recharts(type);
      this.show(answer);
      this.element.querySelector(`.chart-types button[data-chart-type="${type}"]`)?.focus();
    } catch (e) {
      buttons.forEach((b) => { b.disabled = false; });
      this.body.querySelector(".toolbar").after(el("p", { class: "answer-error", role: "alert", text: e.message }));
    }
  }

  async image(kind) {
    if (!this.view) return;
    const url = await this.view.toImageURL(kind, kind === "png" ? 2 : 1);
    download(fileName(this.answer.title, kind), url);
  }

  table(answer) {
    const formatters = answer.columns.map((c, i) => cellFormatter(answer.column_types[c], (answer.column_units || {})[c],
      answer.rows.map((r) => r[i]), this.currency, c));
    const numeric = answer.columns.map((c) => answer.column_types[c] === "numeric");
    const head = el("tr", {}, ...answer.columns.map((c, i) =>
      el("th", { scope: "col", class: numeric[i] ? "num" : null, "data-type": answer.column_types[c], text: c })));
    const shown = answer.rows.slice(0, TABLE_ROW_LIMIT);
    const body = shown.map((row) => el("tr", {}, ...row.map((v, i) => el("td", {
      class: [numeric[i] ? "num" : "", v === null ? "null" : ""].join(" ").trim() || null,
      text: v === null ? "—" : formatters[i](v),
    }))));
    const caption = el("caption", { text: `${answer.row_count.toLocaleString()} row${answer.row_count === 1 ? "" : "s"}`
      + (shown.length < answer.rows.length ? `, first ${shown.length} shown (CSV has all)` : "")
      + (answer.truncated ? " (truncated by the server's row cap)" : "") });
    const table = el("table", { class: "data" }, caption, el("thead", {}, head), el("tbody", {}, ...body));
    return el("details", { class: "table-details", open: true },
      el("summary", { text: "Table" }),
      el("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": "Result table" }, table));
  }

  sql(sql) {
    const status = el("span", { class: "copy-status", role: "status" });
    const copy = el("button", { type: "button", class: "copy-sql", text: "Copy SQL", onclick: async () => {
      status.textContent = (await copyText(sql)) ? "Copied" : "Copy failed: select the text instead";
    } });
    return el("details", { class: "sql-details" }, el("summary", { text: "SQL" }),
      el("pre", { class: "sql" }, el("code", {}, highlightSql(sql))), el("div", { class: "sql-tools" }, copy, status));
  }
}
