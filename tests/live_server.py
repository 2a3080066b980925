"""A real `python -m assistant serve` on a free loopback port, over a private copy of the corpus and index."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
API_KEY = "test-admin-key-123"
MAX_UPLOAD_BYTES = 64 * 1024


@dataclass
class Server:
    base_url: str
    corpus_dir: Path
    log_path: Path
    process: subprocess.Popen[bytes]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def private_copy(folder: Path) -> tuple[Path, Path]:
    """A copy of the corpus, and an index folder holding the built index and the embedding cache."""
    corpus = folder / "corpus"
    shutil.copytree(ROOT / "corpus", corpus)
    index = folder / "index"
    for part in ("cache", "store"):
        if (ROOT / "index" / part).exists():
            shutil.copytree(ROOT / "index" / part, index / part)
    return corpus, index


@contextmanager
def running_server(folder: Path, environment: dict[str, str | None] | None = None, **settings: str) -> Iterator[Server]:
    """Start the server on a private copy of the corpus and index in ``folder``; see ``serving``."""
    corpus, index = private_copy(folder)
    with serving(corpus, index, folder / "server.log", environment, **settings) as server:
        yield server


@contextmanager
def serving(corpus: Path, index: Path, log_path: Path, environment: dict[str, str | None] | None = None,
            **settings: str) -> Iterator[Server]:
    """Start the server on these folders, wait until /healthz answers 200 (at most 5 minutes), stop it afterwards.

    The log is appended to, so a server restarted on the same folders keeps one log. ``environment`` sets
    (or, with None, removes) variables of the server's environment.
    """
    port = free_port()
    env = dict(os.environ, ASSISTANT_CORPUS_DIR=str(corpus), ASSISTANT_INDEX_DIR=str(index),
               ASSISTANT_API_KEY=API_KEY, ASSISTANT_MAX_UPLOAD_BYTES=str(MAX_UPLOAD_BYTES), GRADIO_ANALYTICS_ENABLED="False")
    env.update({f"ASSISTANT_{name.upper()}": value for name, value in settings.items()})
    for name, value in (environment or {}).items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    with log_path.open("a") as log:
        process = subprocess.Popen([sys.executable, "-m", "assistant", "serve", "--port", str(port)],
                                   cwd=log_path.parent, env=env, stdout=log, stderr=subprocess.STDOUT)
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()}")
            try:
                if httpx.get(f"{base_url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"server not healthy after 300 s:\n{log_path.read_text()}")
            time.sleep(0.3)
        yield Server(base_url=base_url, corpus_dir=corpus, log_path=log_path, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()


def read_events(client: httpx.Client, path: str, body: dict[str, object]) -> tuple[httpx.Response, list[tuple[str, object]]]:
    """POST to a server-sent-events endpoint and collect its (event name, JSON data) pairs in order."""
    events: list[tuple[str, object]] = []
    with client.stream("POST", path, json=body) as response:
        name = None
        for line in response.iter_lines():
            if line.startswith("event: "):
                name = line.removeprefix("event: ")
            elif line.startswith("data: "):
                events.append((name or "message", json.loads(line.removeprefix("data: "))))
    return response, events


def upload(client: httpx.Client, name: str, data: bytes, key: str | None = API_KEY, bearer: bool = False) -> httpx.Response:
    """POST one file to /v1/documents, with the API key as X-API-Key (or as a bearer token)."""
    headers = {} if key is None else ({"Authorization": f"Bearer {key}"} if bearer else {"X-API-Key": key})
    return client.post("/v1/documents", files={"file": (name, data, "text/plain")}, headers=headers)
