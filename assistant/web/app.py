"""The web app (Gradio, mounted at /ui): chat with citation cards, the clause viewer, and the library.

It calls the same LiveService as the HTTP API, in-process. Each area is one tab built by one function;
a new area (duty map, obligations, quiz) adds its tab function and one line in ``build_ui``.
"""

from __future__ import annotations

from typing import Any

import gradio as gr
from fastapi import FastAPI

from assistant.errors import AccessDeniedError, AssistantError, IndexNotReadyError, UnknownConversationError
from assistant.service.access import check_key
from assistant.service.live import LiveService
from assistant.web.html import CSS, NO_CLAUSE, OPEN_CARD_JS, citation_cards, clause_view
from assistant.web.library_tab import library_tab
from assistant.web.tabs import duty_tab, obligations_tab, quiz_tab
from assistant.web.views import VIEW_CSS

EXAMPLES = [
    "生产经营单位的主要负责人对安全生产负有哪些职责？",
    "发生生产安全事故后事故单位应当在多长时间内报告？",
    "工伤保险条例第十四条规定了哪些情形应当认定为工伤？",
]


def mount_ui(app: FastAPI, live: LiveService) -> None:
    """Mount the web app at /ui of ``app``; with a read key configured, it asks for that key (or the write key) first."""
    settings = live.settings
    keys = [key for key in (settings.read_api_key, settings.api_key) if key is not None]

    def knows_a_key(_user: str, password: str) -> bool:
        try:
            check_key(password, keys, "reading")
        except AccessDeniedError:
            return False
        return True

    gr.mount_gradio_app(app, build_ui(live), path="/ui", css=CSS + VIEW_CSS, footer_links=["api"],
                        max_file_size=settings.max_upload_bytes, run_history=False,
                        auth=knows_a_key if settings.read_api_key else None,
                        auth_message="请输入访问密钥（用户名任意）。")


def build_ui(live: LiveService) -> gr.Blocks:
    with gr.Blocks(title="安全生产法规问答助手") as blocks:
        gr.Markdown("## 安全生产法规问答助手\n答案摘自法规与政策原文，每句都注明出处；征求意见稿和已失效文件会特别标注。")
        with gr.Tabs(overflow_behavior="wrap"):  # every tab in reach at phone width, no "…" menu
            with gr.Tab("问答", id="ask"):
                _ask_tab(live)
            with gr.Tab("谁负责", id="duties"):
                duty_tab(live)
            with gr.Tab("企业义务", id="obligations"):
                obligations_tab(live, blocks)
            with gr.Tab("测验", id="quiz"):
                quiz_tab(live, blocks)
            with gr.Tab("文库", id="library"):
                library_tab(live, blocks)
    return blocks


def _ask_tab(live: LiveService) -> None:
    chat = gr.Chatbot(label="对话", height=360, elem_id="chat", buttons=["copy"])
    with gr.Row(equal_height=True):
        question = gr.Textbox(placeholder="输入问题，例如：生产经营单位的主要负责人对安全生产负有哪些职责？", show_label=False,
                              scale=5, elem_id="question", max_lines=4)
        send = gr.Button("提问", variant="primary", scale=1, min_width=72, elem_id="send")
    fresh = gr.Button("新对话", size="sm", elem_id="new-chat")
    gr.Examples(EXAMPLES, inputs=question, label="示例问题")
    cards = gr.HTML(elem_id="citations", js_on_load=OPEN_CARD_JS)
    clause = gr.HTML(NO_CLAUSE, elem_id="clause")
    current = gr.State(None)
    conversation = gr.State(None)
    with gr.Row():
        previous = gr.Button("上一条", size="sm", elem_id="previous-clause")
        following = gr.Button("下一条", size="sm", elem_id="next-clause")

    def ask(text: str, history: list[dict[str, Any]], conversation_id: str | None) -> tuple[Any, ...]:
        """One turn of the page's conversation; follow-ups (它的罚则是什么？) are read against the previous turn."""
        history = list(history or [])
        if not (text or "").strip():
            return history, gr.skip(), text, conversation_id
        history.append({"role": "user", "content": text})
        try:
            try:
                result = live.chat(conversation_id, text).to_json_dict()
            except UnknownConversationError:  # forgotten by the server (restart, LRU): start afresh
                result = live.chat(None, text).to_json_dict()
        except IndexNotReadyError:
            history.append({"role": "assistant", "content": "⚠ 索引正在加载，请稍候再提问。"})
            return history, "", text, conversation_id
        except AssistantError as error:
            history.append({"role": "assistant", "content": f"⚠ 无法回答：{error}"})
            return history, "", "", conversation_id
        understood = (f"（理解为：{result['resolved_question']}）\n\n"
                      if result["interpretation"] != "new" and result["resolved_question"] != text.strip() else "")
        reply = understood + result["answer"] + "".join(f"\n\n⚠ {warning}" for warning in result["warnings"])
        history.append({"role": "assistant", "content": reply})
        return history, citation_cards(result), "", result["conversation_id"]

    def start_over() -> tuple[Any, ...]:
        return [], "", NO_CLAUSE, None, None

    def open_card(event: gr.EventData) -> tuple[str, str | None]:
        return show(getattr(event, "clause_id", None))

    def show(clause_id: str | None) -> tuple[str, str | None]:
        if not clause_id:
            return NO_CLAUSE, None
        return clause_view(live.snapshot.library.clause(clause_id)), clause_id

    def step(clause_id: str | None, direction: str) -> tuple[str, str | None]:
        if not clause_id:
            return NO_CLAUSE, None
        neighbour = live.snapshot.library.clause(clause_id).get(direction)
        return show(neighbour["clause_id"]) if neighbour else show(clause_id)

    outputs = [chat, cards, question, conversation]
    send.click(ask, [question, chat, conversation], outputs)
    question.submit(ask, [question, chat, conversation], outputs)
    fresh.click(start_over, None, [chat, cards, clause, current, conversation])
    cards.click(open_card, None, [clause, current])
    previous.click(lambda clause_id: step(clause_id, "previous"), current, [clause, current])
    following.click(lambda clause_id: step(clause_id, "next"), current, [clause, current])
