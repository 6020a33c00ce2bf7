"""A real HTTP server speaking the OpenAI chat-completions and Anthropic messages protocols (JSON and SSE streams),
replaying recorded replies from tests/llm/fixtures/*.json.

A request is keyed by the question (the text under "## Question" in its first user message) and by its attempt
(how many assistant turns it carries: 0 for the first plan, 1 after one correction...), and must hold what the
recording expects of it: `expect` lists texts its last user message must contain (the tables a prompt must show,
the problem a correction must name). A request that matches no recording is answered 400, like a provider
refusing it, and kept in `mismatches`: the answer under test fails. Each attempt lists the replies to successive
deliveries of that same request, so "429, then success" is two entries: the SDK's retry gets the second.

A reply is either {"plan": {...}} (sent as JSON text), {"content": "raw text"}, or {"status": 429, "headers": {...}}
for an error; "delay_s" holds the reply back (timeouts); "chunk_delay_s" paces a stream's chunks; "usage" gives the
token counts reported. Requests are checked as the providers check them (authentication, required fields,
alternating roles). Every request received is kept in `requests`, and the time each streamed text chunk was
written in `chunks_sent`, for assertions.

Serve the recordings on their own, to point a real `conversql serve` at them (docs/llm.md):

    .venv/bin/python -m tests.llm.replay --port 8765
"""
from __future__ import annotations

import argparse
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def load_fixtures() -> dict[str, dict]:
    """Every recorded case by question."""
    cases: dict[str, dict] = {}
    for path in sorted(FIXTURES.glob("*.json")):
        for case in json.loads(path.read_text(encoding="utf-8")):
            if case["question"] in cases:
                raise ValueError(f"{path.name}: question recorded twice: {case['question']!r}")
            cases[case["question"]] = case
    return cases


def _text(content: str | list[dict]) -> str:
    """A message's text: a string (OpenAI) or text blocks (Anthropic)."""
    return content if isinstance(content, str) else "".join(b.get("text", "") for b in content)


def question_of(messages: list[dict]) -> str:
    first = next(m for m in messages if m["role"] == "user")
    return _text(first["content"]).rsplit("## Question\n", 1)[-1].strip()


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]

    @property
    def question(self) -> str:
        return question_of(self.body["messages"])

    @property
    def prompt_text(self) -> str:
        """Everything the model was shown: system text and every message."""
        system = self.body.get("system", "")
        if isinstance(system, list):
            system = "".join(b.get("text", "") for b in system)
        parts = [system] + [_text(m["content"]) for m in self.body["messages"]]
        return "\n".join(p for p in parts if p)


@dataclass
class ReplayServer:
    cases: dict[str, dict] = field(default_factory=load_fixtures)
    requests: list[Received] = field(default_factory=list)
    substitutions: dict[str, str] = field(default_factory=dict)   # "{TENANT_B}" -> a path known only at run time
    mismatches: list[str] = field(default_factory=list)           # why requests matched no recording
    chunks_sent: list[tuple[str, float]] = field(default_factory=list)   # (question, perf_counter) per text chunk
    _served: dict[tuple[str, int], int] = field(default_factory=dict)

    def start(self, port: int = 0) -> ReplayServer:
        replay = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args):      # quiet test output
                pass

            def do_POST(self):
                length = int(self.headers.get("content-length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                replay.requests.append(Received(self.path, {k.lower(): v for k, v in self.headers.items()}, body))
                replay.handle(self, body)

        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._httpd.daemon_threads = True
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._httpd.server_address[1]}"

    def for_question(self, question: str) -> list[Received]:
        return [r for r in self.requests if r.question == question]

    # --- replies ------------------------------------------------------------------------------------------------
    def handle(self, h: BaseHTTPRequestHandler, body: dict) -> None:
        anthropic = h.path.rstrip("/").endswith("/messages")
        refusal = self._refusal(h, body, anthropic)
        if refusal is not None:
            status, message = refusal
            self.mismatches.append(message)
            return self._send_error(h, status, message, anthropic)
        question = question_of(body["messages"])
        case = self.cases.get(question)
        if case is None:
            self.mismatches.append(f"no recorded reply for {question!r}")
            return self._send_error(h, 400, f"no recorded reply for {question!r}", anthropic)
        attempt = sum(1 for m in body["messages"] if m["role"] == "assistant")
        attempts = case["attempts"]
        replies = attempts[min(attempt, len(attempts) - 1)]
        key = (question, attempt)
        n = self._served.get(key, 0)
        reply = replies[min(n, len(replies) - 1)]
        last = _text(body["messages"][-1]["content"])
        missing = [e for e in reply.get("expect", []) if e not in last]
        if missing:
            message = f"{question!r}, attempt {attempt}: the request does not hold {missing}"
            self.mismatches.append(message)
            return self._send_error(h, 400, message, anthropic)
        self._served[key] = n + 1
        if reply.get("delay_s"):
            time.sleep(reply["delay_s"])
        status = reply.get("status", 200)
        if status != 200:
            return self._send_error(h, status, "recorded error", anthropic, reply.get("headers", {}))
        text = reply["content"] if "content" in reply else json.dumps(reply["plan"])
        for name, value in self.substitutions.items():
            text = text.replace("{" + name + "}", value)
        usage = reply.get("usage", {"prompt": 500, "completion": 60})
        pace = (question, reply.get("chunk_delay_s", 0.0))
        if anthropic:
            return self._anthropic(h, body, text, usage, pace)
        return self._openai(h, body, text, usage, pace)

    @staticmethod
    def _refusal(h: BaseHTTPRequestHandler, body: dict, anthropic: bool) -> tuple[int, str] | None:
        """What the provider would refuse before any model runs: a missing key, a missing field, a bad turn order."""
        headers = {k.lower(): v for k, v in h.headers.items()}
        if anthropic:
            if not h.path.rstrip("/").endswith("/v1/messages"):
                return 404, f"no such endpoint {h.path}"
            if not headers.get("x-api-key") and not headers.get("authorization"):
                return 401, "x-api-key header is required"
            if not headers.get("anthropic-version"):
                return 400, "anthropic-version header is required"
            if not isinstance(body.get("max_tokens"), int):
                return 400, "max_tokens: field required"
            roles = [m["role"] for m in body.get("messages", [])]
            if not roles or roles[0] != "user" or any(a == b for a, b in zip(roles, roles[1:])):
                return 400, f"messages must alternate user and assistant, starting with user: {roles}"
        else:
            if not h.path.rstrip("/").endswith("/v1/chat/completions"):
                return 404, f"no such endpoint {h.path}"
            if not headers.get("authorization", "").startswith("Bearer "):
                return 401, "missing bearer token"
            if not body.get("messages"):
                return 400, "messages: field required"
        if not body.get("model"):
            return 400, "model: field required"
        return None

    @staticmethod
    def _send_json(h, status: int, data: dict, headers: dict | None = None) -> None:
        raw = json.dumps(data).encode()
        h.send_response(status)
        h.send_header("content-type", "application/json")
        h.send_header("content-length", str(len(raw)))
        for k, v in (headers or {}).items():
            h.send_header(k, str(v))
        h.end_headers()
        h.wfile.write(raw)

    def _send_error(self, h, status: int, message: str, anthropic: bool, headers: dict | None = None) -> None:
        kind = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                429: "rate_limit_error"}.get(status, "api_error")
        error = ({"type": "error", "error": {"type": kind, "message": message}} if anthropic else
                 {"error": {"message": message, "type": kind, "code": None}})
        self._send_json(h, status, error, headers)

    def _send_sse(self, h, events: list[tuple[str | None, str, bool]], pace: tuple[str, float]) -> None:
        """Events in order; those carrying text are paced by the recording's chunk delay and their times noted."""
        question, delay = pace
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        h.send_header("cache-control", "no-cache")
        h.send_header("connection", "close")
        h.end_headers()
        h.close_connection = True
        for name, data, carries_text in events:
            if carries_text and delay:
                time.sleep(delay)
            chunk = (f"event: {name}\n" if name else "") + f"data: {data}\n\n"
            try:
                h.wfile.write(chunk.encode())
                h.wfile.flush()
            except (BrokenPipeError, ConnectionResetError):     # the client gave up (a timeout under test)
                return
            if carries_text:
                self.chunks_sent.append((question, time.perf_counter()))

    @staticmethod
    def _pieces(text: str, n: int = 4) -> list[str]:
        size = max(1, len(text) // n + 1)
        return [text[i:i + size] for i in range(0, len(text), size)] or [""]

    def _openai(self, h, body: dict, text: str, usage: dict, pace: tuple[str, float]) -> None:
        u = {"prompt_tokens": usage["prompt"], "completion_tokens": usage["completion"],
             "total_tokens": usage["prompt"] + usage["completion"],
             "prompt_tokens_details": {"cached_tokens": usage.get("cached", 0)}}
        base = {"id": "chatcmpl-replay", "created": int(time.time()), "model": body["model"]}
        if not body.get("stream"):
            return self._send_json(h, 200, base | {
                "object": "chat.completion", "usage": u,
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": text}}]})
        chunk = base | {"object": "chat.completion.chunk"}
        events = [(None, json.dumps(chunk | {"choices": [{"index": 0, "delta": {"role": "assistant", "content": ""},
                                                          "finish_reason": None}]}), False)]
        events += [(None, json.dumps(chunk | {"choices": [{"index": 0, "delta": {"content": p},
                                                           "finish_reason": None}]}), True) for p in self._pieces(text)]
        events.append((None, json.dumps(chunk | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}),
                       False))
        if (body.get("stream_options") or {}).get("include_usage"):
            events.append((None, json.dumps(chunk | {"choices": [], "usage": u}), False))
        events.append((None, "[DONE]", False))
        self._send_sse(h, events, pace)

    def _anthropic(self, h, body: dict, text: str, usage: dict, pace: tuple[str, float]) -> None:
        cached = usage.get("cached", 0)
        u = {"input_tokens": usage["prompt"] - cached, "output_tokens": usage["completion"],
             "cache_read_input_tokens": cached, "cache_creation_input_tokens": 0}
        message = {"id": "msg_replay", "type": "message", "role": "assistant", "model": body["model"],
                   "stop_reason": "end_turn", "stop_sequence": None}
        if not body.get("stream"):
            return self._send_json(h, 200, message | {"content": [{"type": "text", "text": text}], "usage": u})
        start = message | {"content": [], "stop_reason": None, "usage": u | {"output_tokens": 1}}
        events = [("message_start", json.dumps({"type": "message_start", "message": start}), False),
                  ("content_block_start", json.dumps({"type": "content_block_start", "index": 0,
                                                      "content_block": {"type": "text", "text": ""}}), False),
                  ("ping", json.dumps({"type": "ping"}), False)]
        events += [("content_block_delta", json.dumps({"type": "content_block_delta", "index": 0,
                                                       "delta": {"type": "text_delta", "text": p}}), True)
                   for p in self._pieces(text)]
        events += [("content_block_stop", json.dumps({"type": "content_block_stop", "index": 0}), False),
                   ("message_delta", json.dumps({"type": "message_delta",
                                                 "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                                 "usage": {"output_tokens": usage["completion"]}}), False),
                   ("message_stop", json.dumps({"type": "message_stop"}), False)]
        self._send_sse(h, events, pace)


def main(argv: list[str] | None = None) -> int:
    """Serve the recordings until interrupted: OpenAI-compatible at <url>/v1, Anthropic at <url>."""
    ap = argparse.ArgumentParser(description="Replay recorded model replies (tests/llm/fixtures) over HTTP.")
    ap.add_argument("--port", type=int, default=8765)
    args = ap.parse_args(argv)
    server = ReplayServer().start(args.port)
    print(f"replaying {len(server.cases)} recorded questions at {server.url} "
          f"(OpenAI-compatible: {server.url}/v1; Anthropic: {server.url})", flush=True)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        return 0
    finally:
        server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
