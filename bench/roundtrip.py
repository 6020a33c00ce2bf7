"""The whole HTTP round trip against a real server: `conversql serve` as a child process on 127.0.0.1.

Each question goes to a session of its own, so none is read as a follow-up of the one before (the engine answers
it on its own, as in the in-process benchmark); creating the session is timed separately.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

import httpx

from stats import process_peak_rss_mb, summarize, timed

HOST = "127.0.0.1"
START_TIMEOUT_S = 120
REQUEST_TIMEOUT_S = 120


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def api_round_trip(demo_path: Path, today: date, questions: list[str], repeat: int) -> dict[str, Any]:
    """Start the server on the demo file, time session creation and POST .../messages, stop the server."""
    workdir = Path(tempfile.mkdtemp(prefix="conversql-bench-"))
    port = free_port()
    env = os.environ | {"CONVERSQL_DEMO_PATH": str(demo_path), "CONVERSQL_TODAY": today.isoformat(),
                        "CONVERSQL_STORE_URL": f"sqlite:///{workdir / 'chat.db'}"}
    env.pop("CONVERSQL_SOURCES", None)
    log = open(workdir / "server.log", "w")
    cli = Path(sys.executable).with_name("conversql")
    # cwd is the scratch directory so that no .env of the checkout changes what is measured
    server = subprocess.Popen([str(cli), "serve", "--demo", "--host", HOST, "--port", str(port)], cwd=workdir,
                              env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f"http://{HOST}:{port}"
        with httpx.Client(base_url=base, timeout=REQUEST_TIMEOUT_S) as client:
            startup_ms = _wait_until_up(client, server)
            return {"startup_ms": round(startup_ms, 1), **_measure(client, questions, repeat),
                    "server_peak_rss_mb": process_peak_rss_mb(server.pid)}
    except Exception:
        log.flush()
        sys.stderr.write((workdir / "server.log").read_text()[-3000:])
        raise
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=15)
        log.close()
        shutil.rmtree(workdir, ignore_errors=True)


def _wait_until_up(client: httpx.Client, server: subprocess.Popen) -> float:
    started = time.perf_counter()
    deadline = started + START_TIMEOUT_S
    while time.perf_counter() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with code {server.returncode} before it was up")
        try:
            if client.get("/health").status_code == 200:
                return (time.perf_counter() - started) * 1000
        except httpx.TransportError:
            pass
        time.sleep(0.05)
    raise TimeoutError(f"the server was not up after {START_TIMEOUT_S} s")


def _measure(client: httpx.Client, questions: list[str], repeat: int) -> dict[str, Any]:
    # A first pass, reported apart: the server's first answers pay for lazy imports, as in-process ones do.
    cold: list[float] = []
    for q in questions:
        session_id, _ = _new_session(client)
        response, ms = timed(lambda: client.post(f"/api/sessions/{session_id}/messages", json={"question": q}))
        cold.append(ms)
    sessions: list[float] = []
    messages: list[float] = []
    engine_ms: list[float] = []
    statuses: dict[int, int] = {}
    sizes: list[float] = []
    for _ in range(repeat):
        for q in questions:
            session_id, t_session = _new_session(client)
            sessions.append(t_session)
            response, ms = timed(lambda: client.post(f"/api/sessions/{session_id}/messages", json={"question": q}))
            statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
            messages.append(ms)
            sizes.append(len(response.content) / 1024)
            if response.status_code == 200:
                engine_ms.append(response.json().get("execution_time_ms", 0.0))
    return {"create_session": summarize(sessions), "message": summarize(messages), "cold": summarize(cold),
            "engine_inside_message": summarize(engine_ms), "response_kb": summarize(sizes),
            "status_codes": statuses, "first_message_ms": round(cold[0], 1),
            "questions": len(questions), "repeat": repeat}


def _new_session(client: httpx.Client) -> tuple[str, float]:
    response, ms = timed(lambda: client.post("/api/sessions", json={"source": "demo"}))
    response.raise_for_status()
    return response.json()["session_id"], ms
