// The native API as the page uses it: JSON calls, the answer stream, and the API key for signed-in servers.

const KEY_STORAGE = "conversql.apiKey";

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

let unauthorizedHandler = null;

/** Called with the server's message whenever a request answers 401 (no key, or a key it does not accept). */
export function onUnauthorized(handler) {
  unauthorizedHandler = handler;
}

export function apiKey() {
  return sessionStorage.getItem(KEY_STORAGE);
}

export function setApiKey(key) {
  if (key) sessionStorage.setItem(KEY_STORAGE, key);
  else sessionStorage.removeItem(KEY_STORAGE);
}

function headers(extra = {}) {
  const out = { ...extra };
  const key = apiKey();
  if (key) out.Authorization = `Bearer ${key}`;
  return out;
}

async function failure(response) {
  let code = "http_" + response.status;
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  try {
    const body = await response.json();
    if (body && body.error) {
      code = body.error.code || code;
      message = body.error.message || message;
    } else if (body && typeof body.detail === "string") {
      message = body.detail;
    }
  } catch {
    // not JSON: keep the status line
  }
  if (response.status === 401 && unauthorizedHandler) unauthorizedHandler(message);
  return new ApiError(response.status, code, message);
}

async function send(method, path, init) {
  try {
    return await fetch(path, { method, ...init });
  } catch (e) {
    throw new ApiError(0, "network", `The server could not be reached (${e.message}).`);
  }
}

/** One JSON request; resolves to the parsed body (null for 204), rejects with an ApiError. */
export async function api(method, path, body) {
  const init = { headers: headers(body === undefined ? {} : { "Content-Type": "application/json" }) };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await send(method, path, init);
  if (!response.ok) throw await failure(response);
  return response.status === 204 ? null : response.json();
}

/** Split server-sent events out of `buffer`: the complete ones and what is left over for the next chunk. */
export function parseEvents(buffer) {
  const events = [];
  const blocks = buffer.split(/\r\n\r\n|\n\n|\r\r/);
  const rest = blocks.pop();
  for (const block of blocks) {
    let name = "message";
    const data = [];
    for (const line of block.split(/\r\n|\r|\n/)) {
      if (line.startsWith(":")) continue;                       // keep-alive comment
      const colon = line.indexOf(":");
      const field = colon < 0 ? line : line.slice(0, colon);
      const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
      if (field === "event") name = value;
      else if (field === "data") data.push(value);
    }
    if (data.length) events.push({ name, data: data.join("\n") });
  }
  return { events, rest };
}

/**
 * POST `body` to `path` asking for an event stream; `onStep` sees each pipeline step as it finishes.
 * Resolves to the answer; rejects with an ApiError on an HTTP error or an `error` event.
 */
export async function streamAnswer(path, body, onStep) {
  const response = await send("POST", path, {
    headers: headers({ "Content-Type": "application/json", Accept: "text/event-stream" }),
    body: JSON.stringify(body),
  });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let answer = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    const parsed = parseEvents(buffer);
    buffer = parsed.rest;
    for (const event of parsed.events) {
      const data = JSON.parse(event.data);
      if (event.name === "step") onStep(data);
      else if (event.name === "answer") answer = data;
      else if (event.name === "error") {
        const e = data.error || {};
        throw new ApiError(e.status || 500, e.code || "error", e.message || "The answer failed.");
      }
    }
  }
  if (!answer) throw new ApiError(0, "stream", "The answer stream ended before the answer arrived.");
  return answer;
}
