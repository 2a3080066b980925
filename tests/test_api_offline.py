"""Offline and private by default: a real server, asked questions and made to serve its web page, never
tries to reach anything but loopback.

The server runs with a ``sitecustomize`` that installs an audit hook (sys.addaudithook) recording every
non-loopback ``socket.connect`` and every name lookup of a non-loopback host: in a sandbox without network a
call home fails at its DNS lookup and never gets to connect, so lookups count as attempts too. Gradio's own
switch (GRADIO_ANALYTICS_ENABLED) is removed from the server's environment: the product must turn it off itself.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.live_server import running_server
from tests.test_api import DUTY_QUESTION

RECORDER = '''
import ipaddress, json, os, sys

_LOG = os.environ.get("CONNECT_LOG")
_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def _local(host):
    if host is None:
        return True
    if isinstance(host, bytes):
        host = host.decode(errors="replace")
    host = str(host).strip("[]").split("%")[0]
    if host in _LOOPBACK_NAMES or host == "":
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


def _record(event, target):
    with open(_LOG, "a", encoding="utf-8") as log:
        log.write(json.dumps({"event": event, "target": repr(target)}) + "\\n")


def _hook(event, args):
    if event == "socket.connect":
        address = args[1]
        if isinstance(address, tuple) and not _local(address[0]):
            _record(event, address)
    elif event in ("socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex"):
        if not _local(args[0]):
            _record(event, args[0])


if _LOG:
    sys.addaudithook(_hook)
'''


def recorder_environment(folder: Path) -> tuple[dict[str, str | None], Path]:
    """Environment that makes a Python process record its outside connection attempts in the returned file."""
    hooks = folder / "hooks"
    hooks.mkdir(exist_ok=True)
    (hooks / "sitecustomize.py").write_text(RECORDER, encoding="utf-8")
    log = folder / "connections.jsonl"
    log.touch()
    path = os.pathsep.join(part for part in (str(hooks), os.environ.get("PYTHONPATH", "")) if part)
    return {"PYTHONPATH": path, "CONNECT_LOG": str(log), "GRADIO_ANALYTICS_ENABLED": None}, log


def attempts(log: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_the_recorder_catches_a_planted_call_out(tmp_path: Path) -> None:
    environment, log = recorder_environment(tmp_path)
    env = {**os.environ, **{name: value for name, value in environment.items() if value is not None}}
    planted = "import socket\ntry:\n    socket.create_connection(('example.com', 80), timeout=2)\nexcept OSError:\n    pass\n" \
              "try:\n    socket.create_connection(('127.0.0.1', 9), timeout=2)\nexcept OSError:\n    pass\n"
    subprocess.run([sys.executable, "-c", planted], env=env, check=True, timeout=60)
    recorded = attempts(log)
    assert any("example.com" in attempt["target"] for attempt in recorded)
    assert not any("127.0.0.1" in attempt["target"] for attempt in recorded)


def test_serving_questions_and_the_page_stays_on_loopback(tmp_path: Path) -> None:
    environment, log = recorder_environment(tmp_path)
    with running_server(tmp_path, environment) as server, httpx.Client(base_url=server.base_url, timeout=120) as client:
        assert client.post("/v1/ask", json={"question": DUTY_QUESTION}).json()["found"] is True
        completion = client.post("/v1/chat/completions", json={
            "model": "anquan-assistant", "messages": [{"role": "user", "content": DUTY_QUESTION}]})
        assert completion.status_code == 200
        page = client.get("/ui/", follow_redirects=True)
        assert page.status_code == 200
        loaded = page_resources(page.text)
        assert loaded, "the page loads its script and stylesheet"
        for resource in loaded:
            assert not re.match(r"https?://", resource) or resource.startswith(server.base_url), resource
            assert client.get(httpx.URL(str(page.url)).join(resource)).status_code == 200, resource
        assert client.get("/ui/config").status_code == 200
        assert client.get("/ui/theme.css").status_code == 200
        time.sleep(3)  # a call home from a background thread (Gradio's version check) would be under way by now
    assert attempts(log) == []


def page_resources(html: str) -> list[str]:
    """What a browser fetches on its own from the page: scripts, stylesheets, icons, images."""
    return re.findall(r'<(?:script|img)\b[^>]*\bsrc="([^"]+)"', html) + \
        re.findall(r'<link\b[^>]*\brel="(?:stylesheet|icon|preload|modulepreload)"[^>]*\bhref="([^"]+)"', html)


@pytest.mark.parametrize("html, expected", [
    ('<script type="module" src="./assets/a.js"></script><link rel="stylesheet" href="https://fonts.x/c.css">',
     ["./assets/a.js", "https://fonts.x/c.css"]),
])
def test_page_resources_are_read_from_the_html(html: str, expected: list[str]) -> None:
    assert page_resources(html) == expected
