"""A real HTTP server for tests where the transport matters: uvicorn on a free localhost port, in a thread."""
from __future__ import annotations

import threading
import time

import uvicorn


class LiveServer:
    """uvicorn serving an app on a free localhost port, in a background thread; `start()` returns its base URL.

    >>> with LiveServer(app) as url: httpx.get(url + "/health")
    """

    def __init__(self, app, *, start_timeout_s: float = 30.0):
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning",
                                                    lifespan="on", timeout_graceful_shutdown=2))
        self.thread = threading.Thread(target=self.server.run, name="uvicorn-under-test", daemon=True)
        self.start_timeout_s = start_timeout_s

    def start(self) -> str:
        self.thread.start()
        deadline = time.monotonic() + self.start_timeout_s
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        port = self.server.servers[0].sockets[0].getsockname()[1]
        return f"http://127.0.0.1:{port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def __enter__(self) -> str:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
