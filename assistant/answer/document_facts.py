"""A document's own facts as answer lines — 文号, issuer, dates, status — worded the same for a first question
(安全生产法是谁发布的？) and a follow-up (这个文件的文号是什么？). Each line cites clause [1] of the document."""

from __future__ import annotations

import re

from assistant.ingest.clauses import CLOSING_LABELS
from assistant.models import Clause, DocumentMeta
from assistant.search.about_document import SourceField
from assistant.text.dates import parse_date
from assistant.text.statuses import wording

NOT_STATED = "文件中未载明"


def fact_lines(meta: DocumentMeta, field: SourceField | None, clause_label: str | None = None,
               evidence: Clause | None = None) -> list[str]:
    """The line answering ``field``; for "document" (or no field), where the clause is from and every fact.
    An amended law keeps its first date in its text (本法自2002年11月1日起施行) while the version held took
    effect later: both are said, each with its source, rather than a date the cited clause contradicts."""
    name = f"《{meta.title}》"
    facts: dict[SourceField, str] = {
        "doc_number": f"{name}的文号：{meta.doc_number or NOT_STATED}[1]",
        "issuer": f"{name}的发布机关：{meta.issuer or NOT_STATED}[1]",
        "date": f"{name}的日期：{meta.date or NOT_STATED}[1]",
        "effective": f"{name}的施行日期：{meta.effective or NOT_STATED}[1]",
        "status": f"{name}的状态：{wording(meta.status).statement}"
                  + (f"（{meta.status_evidence}）" if meta.status_evidence else "") + "[1]",
    }
    if field is None or field == "document":
        where = f"上一条引用（{clause_label}）出自{name}[1]。" if clause_label else f"出自{name}[1]。"
        return [where, *(line for key, line in facts.items() if key != "effective")]
    if field == "effective" and evidence is not None and meta.effective:
        stated = parse_date(evidence.text)
        if stated and stated != meta.effective:
            return [f"{name}的施行日期：{meta.effective}（本库收录的版本）；"
                    f"{evidence.label}写明的是最初的施行日期：{evidence.text.removeprefix(evidence.label).strip()}[1]"]
    return [facts[field]]


_TAKES_EFFECT = re.compile(r"起施行|施行。|起生效|起执行")


def evidence_clause(clauses: list[Clause], field: SourceField) -> Clause | None:
    """The clause a fact is cited to: the one saying when the text takes effect; for its date, its 落款 or
    版记 (the signature, the printing record); for who issued it, the 落款 (the 版记 names the office that
    printed it, not the issuer); else the first clause (which names it)."""
    if field in ("effective", "date"):
        stating = [clause for clause in clauses if _TAKES_EFFECT.search(clause.text)]
        if stating:
            return stating[-1]
    if field in ("issuer", "date"):
        labels = CLOSING_LABELS if field == "date" else CLOSING_LABELS[:1]
        closing = [clause for clause in clauses if clause.label in labels]
        if closing:
            return closing[-1]
    return clauses[0] if clauses else None
