// Dashboards: pin an answer's chart from the thread, and the dashboards page that draws the pins.
// The page reads a dashboard from the server every time it is opened; each pin is the answer stored when pinned.

import { api } from "./api.js";
import { AnswerCard, drawChart, el } from "./answer.js";

const $ = (id) => document.getElementById(id);

async function listDashboards() {
  return (await api("GET", "/api/dashboards?limit=100")).dashboards;
}

/**
 * The card's pin panel: choose a dashboard (or name a new one) and pin the card's answer, drawn as it is now.
 * `target` is { sessionId, messageId } of the answer's assistant message.
 */
export async function openPinPanel(card, button, target) {
  const existing = card.element.querySelector(".pin-panel");
  if (existing) { existing.querySelector("select, input")?.focus(); return; }
  const status = el("p", { class: "pin-status", role: "status" });
  const select = el("select", { "aria-label": "Dashboard" });
  const name = el("input", { type: "text", "aria-label": "New dashboard name", placeholder: "New dashboard name",
    maxlength: "200" });
  const panel = el("form", { class: "pin-panel" }, select, name,
    el("button", { type: "submit", class: "primary", text: "Pin" }),
    el("button", { type: "button", text: "Cancel", onclick: () => { panel.remove(); button.focus(); } }), status);
  button.after(panel);
  let boards = [];
  try {
    boards = await listDashboards();
  } catch (e) {
    status.textContent = e.message;
  }
  select.replaceChildren(...boards.map((d) => el("option", { value: d.dashboard_id, text: d.name })),
    el("option", { value: "", text: "New dashboard…" }));
  const showName = () => { name.hidden = select.value !== ""; };
  select.addEventListener("change", showName);
  showName();
  (boards.length ? select : name).focus();
  panel.addEventListener("keydown", (e) => { if (e.key === "Escape") { panel.remove(); button.focus(); } });
  panel.addEventListener("submit", async (e) => {
    e.preventDefault();
    status.classList.remove("answer-error");
    try {
      let id = select.value;
      let label = select.selectedOptions[0]?.textContent;
      if (!id) {
        if (!name.value.trim()) { status.textContent = "Name the new dashboard."; status.classList.add("answer-error"); name.focus(); return; }
        const board = await api("POST", "/api/dashboards", { name: name.value.trim() });
        id = board.dashboard_id;
        label = board.name;
      }
      const { sessionId, messageId } = await target();
      await api("POST", `/api/dashboards/${id}/pins`, {
        session_id: sessionId, message_id: messageId,
        chart_type: card.answer.visualization ? card.answer.visualization.type : "table",
      });
      panel.replaceChildren(el("p", { class: "pin-status", role: "status" }, `Pinned to ${label}. `,
        el("a", { href: `#/dashboards/${id}`, text: "Open the dashboard" })));
      panel.querySelector("a").focus();
    } catch (err) {
      status.textContent = err.message;
      status.classList.add("answer-error");
    }
  });
}

function tile(pin, boardId, reload) {
  const answer = pin.answer;
  const body = el("div", { class: "tile-body" });
  const remove = el("button", { type: "button", class: "unpin", text: "Remove", "aria-label": `Remove “${pin.title}”`,
    onclick: async () => {
      try {
        await api("DELETE", `/api/dashboards/${boardId}/pins/${pin.pin_id}`);
        await reload();
      } catch (e) { body.append(el("p", { class: "answer-error", role: "alert", text: e.message })); }
    } });
  const node = el("article", { class: "tile", "data-pin-id": pin.pin_id },
    el("div", { class: "tile-head" }, el("h3", { text: pin.title || answer.title }), remove), body);
  if (answer.error) {   // refreshed but could not run again: the pinned rows are shown, with the reason
    body.append(el("p", { class: "answer-error", role: "status", text: `Not refreshed: ${answer.error}` }));
  }
  if (answer.vega_lite && pin.chart_type !== "table") {
    const chart = el("div", { class: "chart", role: "img", "aria-label": `Chart: ${pin.title || answer.title}` });
    body.append(chart);
    drawChart(chart, answer.vega_lite).then(() => { node.dataset.chart = "drawn"; },
      (e) => chart.replaceChildren(el("p", { class: "answer-error", text: `The chart could not be drawn: ${e.message}` })));
  } else {
    body.append(new AnswerCard({ currency: document.documentElement.dataset.currency, actions: {} }).table(answer));
  }
  return node;
}

/** The dashboards page: the list, a form for a new one, and the open dashboard's pins drawn as tiles. */
export async function renderDashboards(openId) {
  const root = $("dashboards");
  const error = el("p", { class: "form-error", role: "alert", hidden: true });
  const showError = (message) => { error.textContent = message; error.hidden = !message; };
  const name = el("input", { type: "text", "aria-label": "New dashboard name", placeholder: "New dashboard name",
    maxlength: "200" });
  const create = el("form", { class: "new-dashboard", onsubmit: async (e) => {
    e.preventDefault();
    if (!name.value.trim()) { showError("Name the new dashboard."); name.focus(); return; }
    try {
      const board = await api("POST", "/api/dashboards", { name: name.value.trim() });
      location.hash = `#/dashboards/${board.dashboard_id}`;
    } catch (err) { showError(err.message); }
  } }, name, el("button", { type: "submit", text: "Create dashboard" }));
  const list = el("ul", { class: "dashboard-list" });
  const view = el("section", { class: "dashboard", "aria-live": "polite" });
  root.replaceChildren(create, error, list, view);

  let boards;
  try {
    boards = await listDashboards();
  } catch (e) { showError(e.message); return; }
  if (!boards.length) {
    view.replaceChildren(el("p", { class: "muted",
      text: "No dashboards yet. Pin a chart from a conversation with “Pin to dashboard”, or create one here." }));
    return;
  }
  const id = openId || boards[0].dashboard_id;
  const entry = (name, pins) => `${name} (${pins})`;
  list.replaceChildren(...boards.map((d) => el("li", {}, el("a", {
    href: `#/dashboards/${d.dashboard_id}`, "aria-current": d.dashboard_id === id ? "page" : null,
    text: entry(d.name, d.pin_count) }))));

  async function load() {
    let board;
    try {
      board = await api("GET", `/api/dashboards/${id}?refresh=true`);   // today's rows, not the pinned ones
    } catch (e) {
      view.replaceChildren(el("p", { class: "answer-error", text: e.status === 404 ? "That dashboard no longer exists." : e.message }));
      return;
    }
    const actions = el("span", { class: "dashboard-actions" });
    const remove = el("button", { type: "button", class: "delete-dashboard", text: "Delete dashboard",
      onclick: askToDelete });
    actions.append(remove);
    actions.addEventListener("keydown", (e) => { if (e.key === "Escape" && !actions.contains(remove)) keep(); });
    function keep() {
      actions.replaceChildren(remove);
      remove.focus();
    }
    function askToDelete() {          // deleting takes every pin with it: ask once first
      const yes = el("button", { type: "button", class: "confirm-delete-dashboard danger", text: "Delete",
        onclick: async () => {
          try {
            await api("DELETE", `/api/dashboards/${id}`);
            location.hash = "#/dashboards";
            if (!openId) renderDashboards(null);
          } catch (e) { showError(e.message); }
        } });
      const no = el("button", { type: "button", class: "keep-dashboard", text: "Keep", onclick: keep });
      actions.replaceChildren(el("span", { class: "confirm-text", text: `Delete “${board.name}”`
        + (board.pins.length ? ` and its ${board.pins.length === 1 ? "pin" : `${board.pins.length} pins`}?` : "?") }),
        yes, no);
      yes.focus();
    }
    const link = list.querySelector("a[aria-current=page]");
    if (link) link.textContent = entry(board.name, board.pins.length);     // a pin may have gone meanwhile
    const loaded = new Date().toLocaleTimeString();
    view.replaceChildren(...[
      el("div", { class: "dashboard-head" }, el("h3", { class: "dashboard-name", text: board.name }), actions),
      board.description ? el("p", { text: board.description }) : null,
      el("p", { class: "muted loaded-at", text: `${board.pins.length} pinned, loaded at ${loaded}` }),
      board.pins.length
        ? el("div", { class: "tiles" }, ...board.pins.map((p) => tile(p, id, unpinned)))
        : el("p", { class: "muted", text: "Nothing pinned yet." }),
    ].filter(Boolean));
  }
  async function unpinned() {     // the removed tile took the focus with it: hand it to the next one
    await load();
    (view.querySelector(".unpin") || view.querySelector(".delete-dashboard"))?.focus();
  }
  await load();
}
