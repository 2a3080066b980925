"""HTML fragments for the web app: citation cards, a clause with its neighbours, a document's clause tree.

Everything taken from the corpus is escaped; nothing is shown that the index does not hold.
"""

from __future__ import annotations

from html import escape
from typing import Any

from assistant.text.statuses import wording

NO_CLAUSE = "<p>点一张引用卡片，查看条文全文、章节位置和前后条文。</p>"
# A click anywhere on a citation card sends its clause id to the server (delegated: cards are re-rendered).
OPEN_CARD_JS = """
element.addEventListener('click', (event) => {
  const card = event.target.closest('.card');
  if (!card) return;
  element.querySelectorAll('.card.selected').forEach((other) => other.classList.remove('selected'));
  card.classList.add('selected');
  trigger('click', {clause_id: card.dataset.clauseId});
});
"""

LEVELS = {"national": "国家", "provincial": "省级", "city": "市级", "county": "县级"}

CSS = """
.cards {display: flex; flex-direction: column; gap: 8px;}
.card {border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 10px;
       background: var(--background-fill-secondary); cursor: pointer;}
.card:hover, .card.selected {border-color: var(--color-accent);} .card .open {font-size: 0.8em; color: var(--color-accent);}
.card .head {display: flex; gap: 6px; align-items: baseline; flex-wrap: wrap;}
.card .rank {font-weight: 700; color: var(--color-accent);}
.card .title {font-weight: 600;}
.card .meta {font-size: 0.85em; color: var(--body-text-color-subdued); margin-top: 2px;}
.card .snippet {font-size: 0.9em; margin-top: 4px;}
.badge {font-size: 0.75em; padding: 1px 6px; border-radius: 10px; white-space: nowrap;}
.badge.ok {background: #e3f4e6; color: #1f6b2e;} .badge.warn {background: #fff1d6; color: #8a5a00;}
.badge.bad {background: #fde2e1; color: #9b1c1c;} .badge.muted {background: #ececec; color: #555;}
.clause .path {font-size: 0.85em; color: var(--body-text-color-subdued);}
.clause .text {white-space: pre-wrap; line-height: 1.7; margin: 6px 0;}
.clause .neighbour {font-size: 0.85em; color: var(--body-text-color-subdued); white-space: pre-wrap; margin-top: 6px;}
.warning {color: #8a5a00; font-size: 0.9em;}
.tree details {margin-left: 10px;} .tree summary {cursor: pointer; font-weight: 600;}
.tree .item {margin: 4px 0 4px 10px; font-size: 0.92em;}
@media (max-width: 480px) { .card, .clause {font-size: 15px;} }
"""


def badge(status: str) -> str:
    row = wording(status)
    return f'<span class="badge {row.tone}">{row.label}</span>'


def _facts(item: dict[str, Any]) -> str:
    """文号 · issuer · date, each only when the document states it."""
    parts = [item.get("doc_number"), item.get("issuer"), item.get("date")]
    return " · ".join(escape(part) for part in parts if part) or "文号、发布机关、日期未标注"


def citation_cards(result: dict[str, Any]) -> str:
    """One card per citation: rank, title, status badge, 文号 · issuer · date, clause label, a snippet."""
    if not result["citations"]:
        return "<p>没有可引用的条文。</p>"
    heading = "引用条文" if result["found"] else "最接近的条文（仅供参考，不能作为依据）"
    cards = []
    for citation in result["citations"]:
        snippet = citation["text"] if len(citation["text"]) <= 90 else citation["text"][:90] + "……"
        cards.append(
            f'<div class="card" data-doc-id="{escape(citation["doc_id"])}" data-clause-id="{escape(citation["clause_id"])}">'
            f'<div class="head"><span class="rank">[{citation["rank"]}]</span>'
            f'<span class="title">《{escape(citation["title"])}》</span>'
            f'<span class="label">{escape(citation["clause_label"])}</span>{badge(citation["status"])}</div>'
            f'<div class="meta">{_facts(citation)}</div>'
            f'<div class="snippet">{escape(snippet)}</div><div class="open">查看全文 ›</div></div>'
        )
    warnings = "".join(f'<p class="warning">⚠ {escape(warning)}</p>' for warning in result["warnings"])
    return f'<h4>{heading}</h4>{warnings}<div class="cards">{"".join(cards)}</div>'


def clause_view(clause: dict[str, Any]) -> str:
    """A clause, whole: document, status, heading path, text with its parts, and its neighbours."""
    document = clause["document"]
    path = " › ".join(escape(heading) for heading in clause["heading_path"])
    neighbours = []
    for key, name in (("previous", "上一条"), ("next", "下一条")):
        other = clause.get(key)
        if other:
            neighbours.append(f'<div class="neighbour"><b>{name} {escape(other["label"])}</b>：{escape(other["text"])}</div>')
    status_note = f'<p class="warning">⚠ {escape(document["status_warning"])}</p>' if document.get("status_warning") else ""
    return (
        f'<div class="clause" data-clause-id="{escape(clause["clause_id"])}">'
        f'<div><b>《{escape(document["title"])}》{escape(clause["label"])}</b> {badge(document["status"])}</div>'
        f'<div class="meta">{_facts(document)}</div>{status_note}'
        f'<div class="path">{path or "（无章节标题）"}</div>'
        f'<div class="text">{escape(clause["text"])}</div>{"".join(neighbours)}</div>'
    )


def document_view(document: dict[str, Any]) -> str:
    """A document's metadata and its clause tree (chapters fold open), every clause in full."""
    texts = {clause["clause_id"]: clause for clause in document["clauses"]}

    def node_html(node: dict[str, Any]) -> str:
        items = "".join(
            f'<div class="item"><b>{escape(item["label"])}</b> {escape(texts[item["clause_id"]]["text"])}</div>'
            for item in node["clauses"]
        )
        children = "".join(node_html(child) for child in node["children"])
        if node["heading"] is None:
            return items + children
        return f'<details><summary>{escape(node["heading"])}</summary>{items}{children}</details>'

    facts = [("文号", document["doc_number"]), ("发布机关", document["issuer"]), ("日期", document["date"]),
             ("施行", document["effective"]), ("层级", LEVELS.get(document["level"] or "", document["level"])),
             ("地区", document["region"]),
             ("效力依据", document["status_evidence"]), ("来源", document["source"])]
    rows = "".join(f"<div><b>{name}</b>：{escape(value)}</div>" for name, value in facts if value)
    status_note = f'<p class="warning">⚠ {escape(document["status_warning"])}</p>' if document.get("status_warning") else ""
    tree = "".join(node_html(node) for node in document["tree"])
    return (f'<h3>《{escape(document["title"])}》 {badge(document["status"])}</h3>{status_note}{rows}'
            f'<p>共 {document["clause_count"]} 条</p><div class="tree">{tree}</div>')
