"""The web app in a real browser: ask and see citation cards, open a clause, upload as administrator."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.conftest import screenshot
from tests.live_server import API_KEY, Server
from tests.test_api import DUTY_QUESTION, UPLOADED_TEXT, UPLOADED_TITLE, WORK_SAFETY_LAW

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
TIMEOUT = 60_000


@pytest.fixture(params=[PHONE, DESKTOP], ids=["phone", "desktop"])
def page(browser, server: Server, request: pytest.FixtureRequest) -> Iterator:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=request.param, locale="zh-CN")
    opened = context.new_page()
    opened.set_default_timeout(TIMEOUT)
    opened.goto(f"{server.base_url}/ui/")
    opened.wait_for_selector("#question textarea")
    yield opened
    context.close()


def ask(page, question: str) -> None:  # type: ignore[no-untyped-def]
    page.fill("#question textarea", question)
    page.click("#send")
    page.wait_for_function("q => document.querySelector('#chat')?.innerText.includes(q)", arg=question[:10])
    page.wait_for_selector("#citations .card")


def test_ask_shows_citation_cards_and_opens_the_clause(page, request: pytest.FixtureRequest) -> None:  # type: ignore[no-untyped-def]
    ask(page, DUTY_QUESTION)
    cards = page.locator("#citations .card")
    assert cards.count() == 5
    titles = cards.locator(".title").all_inner_texts()
    assert f"《{WORK_SAFETY_LAW}》" in titles
    assert "现行有效" in cards.first.inner_text() and "全国人民代表大会常务委员会" in cards.first.inner_text()
    assert "[1]" in page.locator("#chat").inner_text()
    variant = request.node.callspec.id
    screenshot(page, f"ask-{variant}")

    label = cards.nth(4).locator(".label").inner_text()
    title = cards.nth(4).locator(".title").inner_text().strip("《》")
    cards.nth(4).click()
    clause = page.locator("#clause .clause")
    clause.wait_for()
    text = clause.inner_text()
    assert label in text and title in text and "上一条" in text and "下一条" in text and "第" in text
    page.click("#next-clause")
    page.wait_for_function("l => !document.querySelector('#clause .clause b').innerText.endsWith(l)", arg=label)
    screenshot(page, f"clause-{variant}")


def test_drafts_are_flagged(page) -> None:  # type: ignore[no-untyped-def]
    ask(page, "推进安全生产领域改革发展的实施意见征求意见稿提出了哪些目标？")
    badges = page.locator("#citations .badge").all_inner_texts()
    assert "征求意见稿" in badges or "已失效" in badges


def test_library_lists_documents_and_shows_a_clause_tree(page) -> None:  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="文库").click()
    page.wait_for_function("t => document.querySelector('#documents')?.innerText.includes(t)", arg=WORK_SAFETY_LAW)
    page.locator("#document-picker input").fill("安全生产法")
    page.get_by_role("option", name=WORK_SAFETY_LAW, exact=True).click()
    page.wait_for_selector("#document .tree details")
    chapters = page.locator("#document .tree summary").all_inner_texts()
    assert chapters[0].startswith("第一章") and len(chapters) == len(set(chapters))
    page.locator("#document .tree summary").first.click()
    assert "第一条" in page.locator("#document").inner_text()
    screenshot(page, "library")


def test_admin_uploads_a_document_and_it_is_answered(browser, server: Server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(viewport=PHONE, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(f"{server.base_url}/ui/")
    document = tmp_path / "民宿消防安全管理办法.txt"
    document.write_text(UPLOADED_TEXT, encoding="utf-8")

    page.get_by_role("tab", name="文库").click()
    page.get_by_text("管理员：添加文件").click()
    page.locator("#upload-file input[type=file]").set_input_files(str(document))
    page.wait_for_function("() => document.querySelector('#upload-file')?.innerText.includes('民宿')")
    page.fill("#api-key input", "wrong-key")
    page.click("#upload-button")
    page.wait_for_function("() => document.querySelector('#upload-result')?.innerText.includes('不正确')")
    page.fill("#api-key input", API_KEY)
    page.click("#upload-button")
    page.wait_for_function("t => document.querySelector('#upload-result')?.innerText.includes(t)", arg=UPLOADED_TITLE)
    screenshot(page, "upload")

    page.get_by_role("tab", name="问答").click()
    ask(page, "农村自建民宿的客房应当配备什么灭火器？")
    assert f"《{UPLOADED_TITLE}》" == page.locator("#citations .card .title").first.inner_text()
    screenshot(page, "uploaded-answer")
    context.close()
