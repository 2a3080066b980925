"""The users' jobs in a real browser: a follow-up in the chat, the duty map, the obligations checklist, a quiz."""

from __future__ import annotations

import httpx
import pytest

from tests.e2e.conftest import screenshot
from tests.e2e.test_web_app import ask, page  # noqa: F401  (the phone/desktop page fixture)
from tests.live_server import Server
from tests.test_api import WORK_SAFETY_LAW


def test_chat_follow_up_and_new_conversation(page, request: pytest.FixtureRequest) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    ask(page, "安全生产法第二十一条规定了什么？")
    assert page.locator("#citations .card .label").first.inner_text() == "第二十一条"
    page.fill("#question textarea", "它的罚则是什么？")
    page.click("#send")
    page.wait_for_function("() => document.querySelector('#chat')?.innerText.includes('理解为')")
    page.wait_for_function("() => [...document.querySelectorAll('#citations .card .label')]"
                           ".some(label => label.innerText.startsWith('第九十'))")
    assert "罚" in page.locator("#chat").inner_text().split("理解为")[1]
    screenshot(page, f"chat-follow-up-{request.node.callspec.id}")
    page.click("#new-chat")
    page.wait_for_function("() => !document.querySelector('#chat')?.innerText.includes('理解为')")
    assert page.locator("#citations .card").count() == 0


def test_duty_tab_shows_cited_bodies_and_opens_the_clause(page, request: pytest.FixtureRequest) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="谁负责").click()
    page.fill("#duty-body textarea", "公安局")
    page.fill("#duty-region textarea", "枞阳")
    page.click("#duty-search")
    page.wait_for_selector("#duty-result .card")
    first = page.locator("#duty-result .card").first
    assert "公安" in first.locator(".body").inner_text()
    assert "出处：《" in first.inner_text() and "枞阳" in page.locator("#duty-result").inner_text()
    first.click()
    page.wait_for_selector("#duty-clause .clause")
    assert "公安" in page.locator("#duty-clause .clause .text").inner_text()
    screenshot(page, f"duties-{request.node.callspec.id}")


def test_obligations_tab_lists_cited_conditions_and_offers_downloads(page, request: pytest.FixtureRequest) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    page.get_by_role("tab", name="企业义务").click()
    page.locator("#ob-industry input").fill("危险化学品")
    page.locator("#ob-industry input").press("Enter")
    page.fill("#ob-employees input", "350")
    page.click("#ob-make")
    page.wait_for_selector("#ob-result details")
    page.locator("#ob-result summary", has_text="安全生产管理机构").click()
    text = page.locator("#ob-result").inner_text()
    assert "第二十四条第一款" in text and "适用条件" in text and WORK_SAFETY_LAW in text
    page.locator("#ob-csv").wait_for(state="visible")
    assert page.locator("#ob-md").is_visible()
    with page.expect_download() as download:
        page.click("#ob-csv")
    assert download.value.suggested_filename.endswith(".csv")
    screenshot(page, f"obligations-{request.node.callspec.id}")


def test_quiz_is_answered_in_the_page_and_graded(page, server: Server, request: pytest.FixtureRequest) -> None:  # noqa: F811  # type: ignore[no-untyped-def]
    quiz = httpx.post(f"{server.base_url}/v1/quiz", json={"n": 5, "seed": 1}, timeout=60).json()  # what the page asks for
    page.get_by_role("tab", name="测验").click()
    page.click("#quiz-generate")
    page.wait_for_selector("#quiz-q1 .quiz-choice, #quiz-q1 .quiz-blank")
    for number, question in enumerate(quiz["questions"], start=1):  # the first answered wrong, the others right
        slot = page.locator(f"#quiz-q{number}")
        assert question["prompt"][:12] in slot.inner_text()
        if question["type"] == "fill_blank":
            slot.locator(".quiz-blank textarea, .quiz-blank input").first.fill(question["answer"] if number > 1 else "不知道")
            continue
        labels = {o["label"]: f"{o['label']}. {o['text']}" for o in question["options"]} or {"对": "对", "错": "错"}
        wrong = next(label for label in labels if label != question["answer"])
        slot.get_by_label(labels[question["answer"] if number > 1 else wrong], exact=True).check()
    assert not page.locator("#quiz-q6").is_visible()
    page.click("#quiz-grade")
    page.wait_for_selector("#quiz-report .score")
    assert "得分：4/5" in page.locator("#quiz-report .score").inner_text()
    assert "✗ 错误" in page.locator("#quiz-report .card").first.inner_text()
    cards = page.locator("#quiz-report .card")
    assert cards.count() == 5 and all("出处：《" in text and "依据：" in text for text in cards.all_inner_texts())
    screenshot(page, f"quiz-{request.node.callspec.id}")
