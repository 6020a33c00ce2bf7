// The page: data sources, the conversation list, the thread and the question box, wired to the native API.
// Which conversation is open lives in the URL fragment (#/s/<id>), so a reload comes back to it.

import { api, apiKey, onUnauthorized, setApiKey, streamAnswer } from "./api.js";
import { AnswerCard, QuestionBubble, el } from "./answer.js";
import { openPinPanel, renderDashboards } from "./dashboards.js";

const $ = (id) => document.getElementById(id);
const currency = document.documentElement.dataset.currency || "USD";

const state = {
  source: null,        // the source picked for new conversations
  sessionId: null,     // the open conversation
  latestCard: null,    // only the newest answer can be re-charted (the API re-charts a session's last answer)
};

function announce(text) {
  $("status").textContent = text;
}

function showFormError(message) {
  const box = $("form-error");
  box.textContent = message;
  box.hidden = !message;
}

// --- sign-in ------------------------------------------------------------------------------------------------

let signingIn = null;

/** Show the sign-in form; `refused` says the key sent was not accepted (rather than missing). */
function askForKey(message, refused) {
  const dialog = $("signin");
  const error = $("signin-error");
  error.hidden = !refused;
  error.textContent = refused ? `That key was not accepted: ${message}` : "";
  if (!dialog.open) dialog.showModal();
  $("api-key").focus();
  if (!signingIn) signingIn = new Promise((resolve) => { dialog.addEventListener("close", resolve, { once: true }); });
  return signingIn;
}

onUnauthorized((message) => {
  const refused = Boolean(apiKey());
  setApiKey(null);
  $("sign-out").hidden = true;
  const first = !signingIn;
  const signedIn = askForKey(message, refused);
  if (first) signedIn.then(async () => { signingIn = null; await start(); $("question").focus(); });
});

$("signin-form").addEventListener("submit", (e) => {
  const key = $("api-key").value.trim();
  if (!key) {
    e.preventDefault();
    $("signin-error").textContent = "Enter an API key.";
    $("signin-error").hidden = false;
    return;
  }
  setApiKey(key);
  $("api-key").value = "";
  $("sign-out").hidden = false;
});

$("signin").addEventListener("cancel", (e) => e.preventDefault());   // the page is useless without a key

$("sign-out").addEventListener("click", () => {
  setApiKey(null);
  location.hash = "#/";
  location.reload();
});

// --- sources ------------------------------------------------------------------------------------------------

async function loadSources() {
  const { sources } = await api("GET", "/api/sources");
  const select = $("source-select");
  select.replaceChildren(...sources.map((s) => el("option", { value: s.name, text: s.name })));
  if (!state.source || !sources.some((s) => s.name === state.source)) state.source = sources[0]?.name ?? null;
  select.value = state.source ?? "";
  await describeSource(state.source);
}

async function describeSource(name) {
  $("tables").replaceChildren();
  $("examples").replaceChildren();
  $("welcome-examples").replaceChildren();
  if (!name) {
    $("source-help").textContent = "No data source is configured.";
    return;
  }
  const source = await api("GET", `/api/sources/${encodeURIComponent(name)}`);
  $("source-help").textContent = `${source.name} (${source.dialect}), ${source.tables.length} tables`;
  $("tables").replaceChildren(...source.tables.map((t) => el("li", {},
    el("details", {}, el("summary", {}, el("span", { class: "table-name", text: t.name }),
      t.row_count === null || t.row_count === undefined ? null
        : el("span", { class: "muted", text: ` ${t.row_count.toLocaleString()} rows` })),
    el("ul", { class: "columns" }, ...t.columns.map((c) =>
      el("li", {}, el("code", { text: c.name ?? String(c) }), c.type ? el("span", { class: "muted", text: ` ${c.type}` }) : null)))))));
  $("examples").replaceChildren(...source.example_questions.map((q) => el("li", {},
    el("button", { type: "button", class: "example", text: q, onclick: () => askExample(q) }))));
  // Also under the welcome text: on a phone the left column is folded away behind the Menu.
  $("welcome-examples").replaceChildren(...source.example_questions.map((q) => el("li", {},
    el("button", { type: "button", class: "welcome-example", text: q, onclick: () => askExample(q) }))));
}

$("source-select").addEventListener("change", async (e) => {
  state.source = e.target.value;
  openChat(null);              // a new conversation on the chosen source
  location.hash = "#/";
  try {
    await describeSource(state.source);
  } catch (err) {
    showFormError(err.message);
  }
});

// --- conversation list ----------------------------------------------------------------------------------------

async function loadSessions() {
  const { sessions } = await api("GET", "/api/sessions?limit=100");
  $("sessions-empty").hidden = sessions.length > 0;
  $("sessions").replaceChildren(...sessions.map(sessionItem));
}

function sessionItem(s) {
  const title = s.title || "Untitled conversation";
  const item = el("li", { class: "session", "data-session-id": s.session_id });
  const view = () => item.replaceChildren(
    el("a", { href: `#/s/${s.session_id}`, class: "session-link", "aria-current": s.session_id === state.sessionId ? "page" : null,
      title, text: title }),
    el("span", { class: "session-actions" },
      // Small marks rather than words, so the titles keep the room; the labels say what they do.
      el("button", { type: "button", class: "rename", "aria-label": `Rename “${title}”`, title: "Rename", text: "✎",
        onclick: rename }),
      el("button", { type: "button", class: "delete", "aria-label": `Delete “${title}”`, title: "Delete", text: "✕",
        onclick: confirmDelete })));
  function rename() {
    const input = el("input", { type: "text", value: s.title, "aria-label": "New title", maxlength: "200" });
    const form = el("form", { class: "rename-form", onsubmit: async (e) => {
      e.preventDefault();
      const newTitle = input.value.trim();
      if (!newTitle) { input.setCustomValidity("A title cannot be empty"); input.reportValidity(); return; }
      try {
        await api("PATCH", `/api/sessions/${s.session_id}`, { title: newTitle });
        announce(`Renamed to ${newTitle}`);
        await loadSessions();
        document.querySelector(`[data-session-id="${s.session_id}"] .session-link`)?.focus();
      } catch (err) { showFormError(err.message); }
    } }, input, el("button", { type: "submit", text: "Save" }),
      el("button", { type: "button", text: "Cancel", onclick: () => { view(); item.querySelector(".rename").focus(); } }));
    input.addEventListener("keydown", (e) => { if (e.key === "Escape") { view(); item.querySelector(".rename").focus(); } });
    input.addEventListener("input", () => input.setCustomValidity(""));
    item.replaceChildren(form);
    input.focus();
    input.select();
  }
  function confirmDelete() {
    item.replaceChildren(el("span", { class: "confirm", text: `Delete “${title}”?` }),
      el("span", { class: "session-actions" },
        el("button", { type: "button", class: "confirm-delete danger", text: "Delete", onclick: async () => {
          try {
            await api("DELETE", `/api/sessions/${s.session_id}`);
            announce(`Deleted ${title}`);
            if (state.sessionId === s.session_id) { location.hash = "#/"; }
            await loadSessions();
            $("new-chat").focus();
          } catch (err) { showFormError(err.message); }
        } }),
        el("button", { type: "button", class: "keep", text: "Keep", onclick: () => { view(); item.querySelector(".delete").focus(); } })));
    item.querySelector(".confirm-delete").focus();
  }
  view();
  return item;
}

// --- the thread -------------------------------------------------------------------------------------------------

function cardActions() {
  return {
    recharts: (type) => recharts(type),
    ask: (q) => askExample(q),
    pin: (card, button) => openPinPanel(card, button, async () => {
      if (!card.messageId) throw new Error("This answer is not stored yet; try again in a moment.");
      return { sessionId: card.sessionId, messageId: card.messageId };
    }),
  };
}

function newExchange(question) {
  const bubble = new QuestionBubble(question);
  const card = new AnswerCard({ currency, actions: cardActions() });
  card.sessionId = state.sessionId;
  $("thread").append(bubble.element, card.element);
  if (state.latestCard) state.latestCard.setLatest(false);
  state.latestCard = card;
  $("welcome").hidden = true;
  return { bubble, card };
}

/** The id of the newest message of a session: the answer just stored (asked before the next question starts). */
async function lastMessageId(sessionId) {
  const session = await api("GET", `/api/sessions/${sessionId}`);
  const { messages } = await api("GET", `/api/sessions/${sessionId}/history?limit=1&offset=${Math.max(0, session.message_count - 1)}`);
  return messages.length ? messages[0].message_id : null;
}

async function recharts(type) {
  const answer = await api("POST", `/api/sessions/${state.sessionId}/visualize`, { chart_type: type });
  announce(`Chart changed to ${type}`);
  return answer;
}

function openChat(sessionId) {
  state.sessionId = sessionId;
  state.latestCard = null;
  $("thread").replaceChildren();
  $("welcome").hidden = false;
  showFormError("");
  for (const link of document.querySelectorAll(".session-link")) {
    if (link.closest("[data-session-id]").dataset.sessionId === sessionId) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function loadConversation(sessionId) {
  openChat(sessionId);
  let session;
  try {
    session = await api("GET", `/api/sessions/${sessionId}`);
  } catch (e) {
    showFormError(e.status === 404 ? "That conversation no longer exists." : e.message);
    state.sessionId = null;
    return;
  }
  if (session.source !== state.source) {
    state.source = session.source;
    $("source-select").value = session.source;
    describeSource(session.source).catch((e) => showFormError(e.message));
  }
  const messages = [];
  for (let total = Infinity; messages.length < total;) {        // the API pages its history 200 at a time
    const page = await api("GET", `/api/sessions/${sessionId}/history?limit=200&offset=${messages.length}`);
    messages.push(...page.messages);
    total = page.messages.length ? page.total_count : messages.length;
  }
  let pending = null;
  const cards = [];
  for (const m of messages) {
    if (m.role === "user") {
      pending = m.content;
    } else if (m.answer && (m.metadata || {}).kind === "visualize" && state.latestCard) {
      state.latestCard.show(m.answer);          // a re-chart redraws the answer it re-charts
    } else if (m.answer) {
      const { bubble, card } = newExchange(pending ?? m.answer.question);
      card.messageId = m.message_id;
      card.show(m.answer);
      bubble.mark(m.answer);
      cards.push(card);
      pending = null;
    }
  }
  // Show the latest exchange, again once the charts above it have taken their height.
  const latest = () => [...$("thread").querySelectorAll(".bubble.user")].pop()?.scrollIntoView({ block: "start" });
  latest();
  announce(`Opened ${session.title || "conversation"}`);
  await Promise.all(cards.map((c) => c.drawn));
  if (state.sessionId === sessionId) latest();
}

let asking = Promise.resolve();

/** Ask `question` once the previous question is answered: questions sent meanwhile wait their turn. */
function ask(question) {
  question = question.trim();
  if (!question) {
    showFormError("Type a question first.");
    $("question").focus();
    return asking;
  }
  showFormError("");
  if ($("question").value.trim() === question) $("question").value = "";
  asking = asking.then(() => answer(question));
  return asking;
}

async function answer(question) {
  try {
    if (!state.sessionId) {
      const session = await api("POST", "/api/sessions", { source: state.source, title: question.slice(0, 80) });
      state.sessionId = session.session_id;
      history.replaceState(null, "", `#/s/${session.session_id}`);
      loadSessions().catch(() => {});        // list it now; the order is refreshed again after the answer
    }
    const { bubble, card } = newExchange(question);
    bubble.element.scrollIntoView({ block: "start" });
    try {
      const reply = await streamAnswer(`/api/sessions/${state.sessionId}/messages?stream=true`, { question },
        (step) => card.step(step));
      card.messageId = await lastMessageId(state.sessionId);     // stored before the stream ended: for pins
      card.show(reply);
      bubble.mark(reply);
      // The answer grows below the question: bring the question to the top so the answer starts in view.
      if (card === state.latestCard) bubble.element.scrollIntoView({ block: "start" });
      announce(reply.error ? "The question was not answered" : `Answered: ${reply.title || question}`);
    } catch (e) {
      card.fail(e.message);
      showFormError(e.message);
      if (e.status === 422 && !$("question").value) $("question").value = question;
    }
    await loadSessions();
  } catch (e) {
    showFormError(e.message);
  } finally {
    if (!views.chat.hidden) $("question").focus();
  }
}

function askExample(question) {
  closeMenuOnPhone();
  if (views.chat.hidden) {          // from another page: back to the chat, without a hashchange round trip
    history.pushState(null, "", "#/");
    showView("chat");
    openChat(null);
  }
  ask(question);
}

$("ask-form").addEventListener("submit", (e) => {
  e.preventDefault();
  ask($("question").value);
});

$("question").addEventListener("keydown", (e) => {
  if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    ask($("question").value);
  }
});

$("question").addEventListener("input", () => { if (!$("form-error").hidden) showFormError(""); });

$("new-chat").addEventListener("click", () => {
  location.hash = "#/";
  openChat(null);
  closeMenuOnPhone();
  $("question").focus();
});

// --- layout: the menu on narrow screens ---------------------------------------------------------------------

function closeMenuOnPhone() {
  document.body.classList.remove("menu-open");
  $("menu-toggle").setAttribute("aria-expanded", "false");
}

$("menu-toggle").addEventListener("click", () => {
  const open = document.body.classList.toggle("menu-open");
  $("menu-toggle").setAttribute("aria-expanded", String(open));
  if (open) $("new-chat").focus();
});

// --- routing -----------------------------------------------------------------------------------------------

const views = { chat: $("chat-view"), dashboards: $("dashboards-view") };
const pages = { dashboards: renderDashboards };    // pages besides the chat: name -> async render(id)

function showView(name) {
  if (views[name].hidden) window.scrollTo(0, 0);         // another page starts at its top, not at the chat's place
  for (const [key, view] of Object.entries(views)) view.hidden = key !== name;
  for (const link of document.querySelectorAll(".topnav a")) {
    if (link.id === `nav-${name}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

async function route() {
  const hash = location.hash || "#/";
  const [, page, id] = hash.match(/^#\/([a-z]*)\/?([^/]*)/) || [];
  closeMenuOnPhone();
  if (pages[page]) {
    showView(page);
    await pages[page](id || null);
    return;
  }
  showView("chat");
  if (page === "s" && id) {
    if (id !== state.sessionId || !$("thread").children.length) await loadConversation(id);
  } else if (state.sessionId) {
    openChat(null);
  }
}

window.addEventListener("hashchange", () => route().catch((e) => showFormError(e.message)));

async function start() {
  $("sign-out").hidden = !apiKey();
  try {
    await loadSources();
    await loadSessions();
    await route();
  } catch (e) {
    if (e.status !== 401) showFormError(e.message);
  }
  document.body.dataset.ready = "true";
}

start();
