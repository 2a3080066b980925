"""HTML for the duty map, the obligations checklist and the quiz report; every row cited, corpus text escaped.

Rows that cite a clause are ``.card`` elements with ``data-clause-id``, so a click opens the clause
like the chat's citation cards.
"""

from __future__ import annotations

from html import escape

from assistant.duties.records import RELATION_NAMES, DutyResult
from assistant.obligations.catalogue import Checklist
from assistant.quiz import GradeReport, Quiz
from assistant.web.html import badge

STRENGTHS = {"required": ("必须", "bad"), "encouraged": ("鼓励", "muted")}
TYPES = {"fill_blank": "填空", "single_choice": "单选", "true_false": "判断"}
VIEW_CSS = """
.rows {display: flex; flex-direction: column; gap: 6px;}
.row-group h4 {margin: 10px 0 4px;}
.card .body {font-weight: 600;} .card .duty {margin-top: 2px;}
.card .cite {font-size: 0.85em; color: var(--body-text-color-subdued); margin-top: 3px;}
.topics details {margin: 4px 0;} .topics summary {cursor: pointer; font-weight: 600; padding: 4px 0;}
.score {font-size: 1.3em; font-weight: 700;} .right {color: #1f6b2e;} .wrong {color: #9b1c1c;}
"""


def _cite(title: str, label: str, status: str) -> str:
    return (f'<div class="cite">出处：《{escape(title)}》{escape(label)} {badge(status)} '
            '<span class="open">查看全文 ›</span></div>')


def duty_view(result: DutyResult) -> str:
    """The records grouped by document (national first), each body with its duty and its clause."""
    query = result.query
    asked = "、".join(value for value in (query.industry, query.body, query.region, query.doc) if value)
    note = f'<p class="warning">⚠ {escape(query.alias_note)}</p>' if query.alias_note else ""
    if not result.records:
        return f"{note}<p>语料中没有找到与“{escape(asked)}”有关的职责条文。</p>"
    shown = f"（按“{escape(query.canonical_body)}”查找各种写法）" if query.canonical_body else ""
    groups = []
    for records in result.by_document().values():
        first = records[0]
        place = "" if first.doc_level == "national" else f"（{escape(first.region or '')}）"
        rows = "".join(
            f'<div class="card" data-clause-id="{escape(record.clause_id)}">'
            f'<div class="body">{escape(record.body_text)} · {RELATION_NAMES[record.relation]}</div>'
            f'<div class="duty">{escape(record.duty)}</div>{_cite(record.title, record.clause_label, record.status)}</div>'
            for record in records
        )
        groups.append(f'<div class="row-group"><h4>《{escape(first.title)}》{place}</h4><div class="rows">{rows}</div></div>')
    return f"<p>“{escape(asked)}”：{len(result.records)} 条职责{shown}</p>{note}{''.join(groups)}"


def checklist_view(checklist: Checklist) -> str:
    """The obligations folded by topic (a long list stays short on a phone), each with its condition and citation."""
    notes = "".join(f'<p class="warning">⚠ {escape(note)}</p>' for note in checklist.notes)
    if not checklist.obligations:
        return f"{notes}<p>没有找到适用于该企业的义务条文。</p>"
    topics: dict[str, list[str]] = {}
    for item in checklist.obligations:
        strength, kind = STRENGTHS[item.strength]
        scope = "国家" if item.scope == "national" else escape(item.region or "地方")
        topics.setdefault(item.topic, []).append(
            f'<div class="card" data-clause-id="{escape(item.clause_id)}">'
            f'<div class="body"><span class="badge {kind}">{strength}</span> <span class="badge muted">{scope}</span></div>'
            f'<div class="duty">{escape(item.requirement)}</div>'
            f'<div class="cite">适用条件：{escape(item.condition)}</div>{_cite(item.title, item.clause_label, item.status)}</div>'
        )
    groups = "".join(
        f'<details class="topic"><summary>{escape(topic)}（{len(rows)} 项）</summary>'
        f'<div class="rows">{"".join(rows)}</div></details>'
        for topic, rows in topics.items()
    )
    industries = "、".join(checklist.industries) or "未指定"
    head = (f"<p>行业：{escape(industries)}；{'高危' if checklist.high_risk else '非高危'}；"
            f"共 {len(checklist.obligations)} 项义务，分 {len(topics)} 类（点开查看）。</p>")
    return f'{head}{notes}<div class="topics">{groups}</div>'


def quiz_intro(quiz: Quiz) -> str:
    warnings = "".join(f'<p class="warning">⚠ {escape(warning)}</p>' for warning in quiz.warnings)
    return f"<p>共 {len(quiz.questions)} 题（{escape(quiz.quiz_id)}）。作答后点“交卷”。</p>{warnings}"


def question_text(number: int, quiz: Quiz) -> str:
    """Markdown for one question: number, type and prompt (the prompt names the document and clause)."""
    question = quiz.questions[number]
    flags = "".join(f"\n\n⚠ {warning}" for warning in question.warnings)
    return f"**第 {number + 1} 题（{TYPES[question.type]}）** {question.prompt}{flags}"


def report_view(report: GradeReport) -> str:
    """The score, then every question: right or wrong, the expected answer, the clause's sentence and citation."""
    rows = []
    for number, result in enumerate(report.results, start=1):
        mark = '<span class="right">✓ 正确</span>' if result.correct else '<span class="wrong">✗ 错误</span>'
        given = escape(result.given) if result.given else "（未作答）"
        explanation = f'<div class="duty">{escape(result.explanation)}</div>' if result.explanation else ""
        source = result.source
        rows.append(
            f'<div class="card" data-clause-id="{escape(source.clause_id)}">'
            f'<div class="body">第 {number} 题 {mark}</div>'
            f'<div class="duty">你的答案：{given}；正确答案：{escape(result.expected)}</div>{explanation}'
            f'<div class="cite">依据：{escape(result.evidence)}</div>'
            f'{_cite(source.title, source.clause_label, source.status)}</div>'
        )
    score = f'<p class="score">得分：{report.correct}/{report.total}（{report.score:.0%}）</p>'
    return f'{score}<div class="rows">{"".join(rows)}</div>'
