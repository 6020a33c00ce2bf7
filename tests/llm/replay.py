"""A real HTTP server speaking the OpenAI chat-completions and Anthropic messages protocols (JSON and SSE streams),
replaying recorded replies from tests/llm/fixtures/*.json.

A request is keyed by the question (the text under "## Question" in its first user message) and by its attempt
(how many assistant turns it carries: 0 for the first plan, 1 after one correction...). Each attempt lists the
replies to successive deliveries of that same request, so "429, then success" is two entries: the SDK's retry
gets the second. A reply is either {"plan": {...}} (sent as JSON text), {"content": "raw text"}, or
{"status": 429, "headers": {...}} for an error; "delay_s" holds the reply back (timeouts); "usage" gives the
token counts reported. Every request received is kept in `requests` for assertions.
"""
from __future__ import annotations

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


def question_of(messages: list[dict]) -> str:
    first = next(m for m in messages if m["role"] == "user")
    text = first["content"] if isinstance(first["content"], str) else "".join(
        b.get("text", "") for b in first["content"])
    return text.rsplit("## Question\n", 1)[-1].strip()


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
        parts = [system] + [m["content"] if isinstance(m["content"], str) else json.dumps(m["content"])
                            for m in self.body["messages"]]
        return "\n".join(p for p in parts if p)


@dataclass
class ReplayServer:
    cases: dict[str, dict] = field(default_factory=load_fixtures)
    requests: list[Received] = field(default_factory=list)
    substitutions: dict[str, str] = field(default_factory=dict)   # "{TENANT_B}" -> a path known only at run time
    _served: dict[tuple[str, int], int] = field(default_factory=dict)

    def start(self) -> ReplayServer:
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

        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
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
        question = question_of(body["messages"])
        case = self.cases.get(question)
        if case is None:
            return self._send_json(h, 404, {"error": {"message": f"no recorded reply for {question!r}"}})
        attempt = sum(1 for m in body["messages"] if m["role"] == "assistant")
        attempts = case["attempts"]
        replies = attempts[min(attempt, len(attempts) - 1)]
        key = (question, attempt)
        n = self._served.get(key, 0)
        self._served[key] = n + 1
        reply = replies[min(n, len(replies) - 1)]
        if reply.get("delay_s"):
            time.sleep(reply["delay_s"])
        status = reply.get("status", 200)
        if status != 200:
            error = ({"type": "error", "error": {"type": "rate_limit_error" if status == 429 else "api_error",
                                                 "message": "recorded error"}} if anthropic else
                     {"error": {"message": "recorded error", "type": "server_error", "code": None}})
            return self._send_json(h, status, error, reply.get("headers", {}))
        text = reply["content"] if "content" in reply else json.dumps(reply["plan"])
        for name, value in self.substitutions.items():
            text = text.replace("{" + name + "}", value)
        usage = reply.get("usage", {"prompt": 500, "completion": 60})
        if anthropic:
            return self._anthropic(h, body, text, usage)
        return self._openai(h, body, text, usage)

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

    @staticmethod
    def _send_sse(h, events: list[tuple[str | None, str]]) -> None:
        h.send_response(200)
        h.send_header("content-type", "text/event-stream")
        h.send_header("cache-control", "no-cache")
        h.send_header("connection", "close")
        h.end_headers()
        for name, data in events:
            chunk = (f"event: {name}\n" if name else "") + f"data: {data}\n\n"
            h.wfile.write(chunk.encode())
            h.wfile.flush()
        h.close_connection = True

    @staticmethod
    def _pieces(text: str, n: int = 4) -> list[str]:
        size = max(1, len(text) // n + 1)
        return [text[i:i + size] for i in range(0, len(text), size)] or [""]

    def _openai(self, h, body: dict, text: str, usage: dict) -> None:
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
                                                          "finish_reason": None}]}))]
        events += [(None, json.dumps(chunk | {"choices": [{"index": 0, "delta": {"content": p},
                                                           "finish_reason": None}]})) for p in self._pieces(text)]
        events.append((None, json.dumps(chunk | {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]})))
        if (body.get("stream_options") or {}).get("include_usage"):
            events.append((None, json.dumps(chunk | {"choices": [], "usage": u})))
        events.append((None, "[DONE]"))
        self._send_sse(h, events)

    def _anthropic(self, h, body: dict, text: str, usage: dict) -> None:
        cached = usage.get("cached", 0)
        u = {"input_tokens": usage["prompt"] - cached, "output_tokens": usage["completion"],
             "cache_read_input_tokens": cached, "cache_creation_input_tokens": 0}
        message = {"id": "msg_replay", "type": "message", "role": "assistant", "model": body["model"],
                   "stop_reason": "end_turn", "stop_sequence": None}
        if not body.get("stream"):
            return self._send_json(h, 200, message | {"content": [{"type": "text", "text": text}], "usage": u})
        start = message | {"content": [], "stop_reason": None, "usage": u | {"output_tokens": 1}}
        events = [("message_start", json.dumps({"type": "message_start", "message": start})),
                  ("content_block_start", json.dumps({"type": "content_block_start", "index": 0,
                                                      "content_block": {"type": "text", "text": ""}})),
                  ("ping", json.dumps({"type": "ping"}))]
        events += [("content_block_delta", json.dumps({"type": "content_block_delta", "index": 0,
                                                       "delta": {"type": "text_delta", "text": p}}))
                   for p in self._pieces(text)]
        events += [("content_block_stop", json.dumps({"type": "content_block_stop", "index": 0})),
                   ("message_delta", json.dumps({"type": "message_delta",
                                                 "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                                                 "usage": {"output_tokens": usage["completion"]}})),
                   ("message_stop", json.dumps({"type": "message_stop"}))]
        self._send_sse(h, events)
