"""The web page in a real browser asks only its own server: no outside fonts, scripts, images or beacons."""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.e2e.test_web_app import DESKTOP, TIMEOUT, ask
from tests.live_server import Server
from tests.test_api import DUTY_QUESTION

LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


def test_the_page_requests_only_loopback_urls(browser, server: Server) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    requested: list[str] = []
    context.on("request", lambda request: requested.append(request.url))
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{server.base_url}/ui/")
    page.wait_for_selector("#question textarea")
    ask(page, DUTY_QUESTION)
    page.wait_for_timeout(3000)  # Gradio keeps a stream open, so "networkidle" never comes: late requests land here
    context.close()
    outside = [url for url in requested
               if urlsplit(url).scheme in ("http", "https", "ws", "wss") and urlsplit(url).hostname not in LOOPBACK]
    assert requested and not outside, outside
