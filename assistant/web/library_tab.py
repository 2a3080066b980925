"""The web app's library tab: every document with its place, version date, status and the reason for it,
its clause tree on a pick, and, for whoever holds the API key, adding, removing and replacing documents.

Each change calls the same LiveService as the HTTP API; a failed one leaves the library as it was, and
the page says so in Chinese.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.errors import AccessDeniedError, AssistantError
from assistant.ingest.decode import SUPPORTED_SUFFIXES
from assistant.service.access import check_key
from assistant.service.live import LiveService
from assistant.text.statuses import wording
from assistant.web.html import document_view

HEADERS = ["文件编号", "标题", "地区", "版本日期", "效力", "效力依据", "条数"]
SUFFIXES = sorted(SUPPORTED_SUFFIXES)


def library_tab(live: LiveService, blocks: gr.Blocks) -> None:
    table = gr.Dataframe(headers=HEADERS, interactive=False, wrap=True, elem_id="documents")
    choose = gr.Dropdown(label="选择文件查看条文结构", choices=[], elem_id="document-picker")
    document = gr.HTML(elem_id="document")
    with gr.Accordion("管理员：添加文件、删除或替换所选文件（需要 API 密钥）", open=False, elem_id="upload-panel"):
        key = gr.Textbox(label="API 密钥", type="password", elem_id="api-key")
        upload = gr.File(label="文件（" + " ".join(SUFFIXES) + "）", file_types=SUFFIXES, elem_id="upload-file")
        add = gr.Button("添加到文库并更新索引", variant="primary", elem_id="upload-button")
        with gr.Row():
            remove = gr.Button("删除所选文件", variant="stop", elem_id="remove-button")
            replace = gr.Button("用上传的文件替换所选文件", elem_id="replace-button")
        outcome = gr.Markdown(elem_id="upload-result")

    def refresh() -> tuple[Any, Any]:
        if not live.ready:
            return [], gr.Dropdown(choices=[], label="索引正在加载，请稍后刷新页面")
        documents = live.snapshot.library.documents()
        rows = [[d["doc_id"], d["title"], d["place"] or "", d["version_date"] or "", wording(d["status"]).label,
                 d["status_evidence"] or "", d["clause_count"]] for d in documents]
        return rows, gr.Dropdown(choices=[(d["title"], d["doc_id"]) for d in documents], label="选择文件查看条文结构")

    def open_document(doc_id: str | None) -> str:
        return document_view(live.snapshot.library.document(doc_id)) if doc_id else ""

    def changed(change: Callable[..., str]) -> Callable[..., tuple[str, Any, Any]]:
        def run(*values: Any) -> tuple[str, Any, Any]:
            message = change(live, *values)
            rows, choices = refresh()
            return message, rows, choices
        return run

    blocks.load(refresh, None, [table, choose])
    choose.change(open_document, choose, document)
    add.click(changed(_add), [upload, key], [outcome, table, choose])
    remove.click(changed(_remove), [choose, key], [outcome, table, choose])
    replace.click(changed(_replace), [choose, upload, key], [outcome, table, choose])


def _refused(live: LiveService, given_key: str, operation: str) -> str | None:
    """Why the key does not allow ``operation`` (checked in constant time), in Chinese; None when it does."""
    if live.settings.api_key is None:
        return "⚠ 服务器没有配置管理员密钥（ASSISTANT_API_KEY），不能通过网页修改文库。"
    try:
        check_key(given_key or None, [live.settings.api_key], operation)
    except AccessDeniedError as error:
        return "⚠ 请输入管理员 API 密钥。" if error.missing else "⚠ API 密钥不正确。"
    return None


def _file(live: LiveService, path: str | None) -> Path | str:
    if not path:
        return "⚠ 请先选择要上传的文件。"
    file = Path(path)
    if file.stat().st_size > live.settings.max_upload_bytes:
        return f"⚠ 文件超过 {live.settings.max_upload_bytes} 字节的上限。"
    return file


def _add(live: LiveService, path: str | None, given_key: str) -> str:
    """Check the key, add the file, and say what happened."""
    refused = _refused(live, given_key, "adding documents")
    file = _file(live, path)
    if refused or isinstance(file, str):
        return refused or str(file)
    try:
        report = live.add_document(file.name, file.read_bytes())
    except AssistantError as error:
        return f"⚠ 文件未添加，文库保持不变：{error}"
    if not report.added:
        return "文库中已有相同内容的文件，未重复添加。"
    stored = {relative for _, relative in report.added}
    titles = [d["title"] for d in live.snapshot.library.documents() if d["source_file"] in stored]
    return "已添加并更新索引：" + "、".join(f"《{title}》" for title in titles) + "。现在可以在“问答”中提问。"


def _remove(live: LiveService, doc_id: str | None, given_key: str) -> str:
    refused = _refused(live, given_key, "removing documents")
    if refused or not doc_id:
        return refused or "⚠ 请先在上方选择要删除的文件。"
    try:
        report = live.remove_documents([doc_id])
        if report.failed:
            raise report.failed[0]
    except AssistantError as error:
        return f"⚠ 文件未删除，文库保持不变：{error}"
    return f"已删除 {doc_id} 并更新索引；引用或废止它的文件的效力已重新判断。"


def _replace(live: LiveService, doc_id: str | None, path: str | None, given_key: str) -> str:
    refused = _refused(live, given_key, "replacing documents")
    file = _file(live, path)
    if refused or not doc_id or isinstance(file, str):
        return refused or ("⚠ 请先在上方选择要替换的文件。" if not doc_id else str(file))
    try:
        report = live.replace_document(doc_id, file.name, file.read_bytes())
    except AssistantError as error:
        return f"⚠ 文件未替换，文库保持不变：{error}"
    if report.unchanged:
        return "上传的文件与原文件完全相同，未作修改。"
    title = next((d["title"] for d in live.snapshot.library.documents() if d["doc_id"] == doc_id), doc_id)
    return f"已用新文本替换《{title}》（{doc_id}）并更新索引。"
