"""Follow-up accuracy on two-turn conversations (eval/conversations.jsonl).

Each conversation has a first question and a follow-up; the follow-up is correct when every one of
its evidence items (an exact substring of a clause that answers it, or a list of alternatives, any
of which does) is in the top-5 citations — a comparison has one item per side. The
same follow-ups asked without their first turn give the baseline that context has to beat.
"""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.chat.session import ChatSession
from assistant.errors import InvalidInputError

if TYPE_CHECKING:  # types only: the service (or the API) may import this module
    from assistant.service.assistant import Assistant

DEPTH = 5


@dataclass(frozen=True)
class Conversation:
    """A first question, a follow-up, and what the follow-up's answer must cite."""

    id: str
    kind: str
    turns: tuple[str, str]
    doc_ids: tuple[str, ...]
    evidence: tuple[tuple[str, ...], ...]

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Conversation:
        turns = data.get("turns")
        if not isinstance(turns, list) or len(turns) != 2 or not data.get("evidence"):
            raise InvalidInputError(f"conversation {data.get('id')}: needs two turns and evidence")
        return cls(id=str(data["id"]), kind=data.get("kind", "follow-up"), turns=(turns[0], turns[1]),
                   doc_ids=tuple(data.get("doc_ids", ())),
                   evidence=tuple((item,) if isinstance(item, str) else tuple(item) for item in data["evidence"]))


def load_conversations(path: Path) -> list[Conversation]:
    with path.open(encoding="utf-8") as handle:
        return [Conversation.from_dict(json.loads(line)) for line in handle if line.strip()]


def _cites_all(evidence: tuple[tuple[str, ...], ...], texts: list[str]) -> bool:
    """Every evidence item (a span, or alternative spans that each answer it) is in the top citations."""
    return all(any(span in text for span in item for text in texts[:DEPTH]) for item in evidence)


def evaluate_conversations(assistant: Assistant, conversations: list[Conversation]) -> dict[str, Any]:
    """Follow-up evidence@5 and document@1 with context, evidence@5 without it, by kind, and the misses."""
    rows: list[dict[str, Any]] = []
    for conversation in conversations:
        session = ChatSession(assistant)
        session.turn(conversation.turns[0])
        answer = session.turn(conversation.turns[1])
        alone = assistant.ask(conversation.turns[1])
        texts = [citation.text for citation in answer.citations]
        rows.append({
            "id": conversation.id, "kind": conversation.kind, "follow_up": conversation.turns[1],
            "resolved_question": answer.resolved_question, "interpretation": answer.interpretation,
            "evidence_at_5": _cites_all(conversation.evidence, texts),
            "doc_at_1": bool(answer.citations) and answer.citations[0].doc_id in conversation.doc_ids,
            "without_context_evidence_at_5": _cites_all(conversation.evidence, [c.text for c in alone.citations]),
        })
    by_kind: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_kind[row["kind"]].append(row)
    return {
        "conversations": len(rows),
        "followup_evidence_at_5": _rate(rows, "evidence_at_5"),
        "followup_doc_at_1": _rate(rows, "doc_at_1"),
        "without_context_evidence_at_5": _rate(rows, "without_context_evidence_at_5"),
        "by_kind": {kind: {"n": len(group), "evidence_at_5": _rate(group, "evidence_at_5")}
                    for kind, group in sorted(by_kind.items())},
        "misses": [row for row in rows if not row["evidence_at_5"]],
    }


def _rate(rows: list[dict[str, Any]], key: str) -> float:
    return round(sum(1 for row in rows if row[key]) / len(rows), 3) if rows else 0.0


def print_conversation_report(assistant: Assistant, path: Path) -> int:
    """The `chat --evaluate` command: the figures, then each miss with how it was understood."""
    report = evaluate_conversations(assistant, load_conversations(path))
    print(f"{report['conversations']} two-turn conversations ({path})")
    print(f"follow-up evidence@5: {report['followup_evidence_at_5']:.3f}  "
          f"(the follow-up asked alone: {report['without_context_evidence_at_5']:.3f})")
    print(f"follow-up document@1: {report['followup_doc_at_1']:.3f}")
    for kind, figures in report["by_kind"].items():
        print(f"  {kind}: {figures['evidence_at_5']:.3f} (n={figures['n']})")
    for miss in report["misses"]:
        print(f"  miss {miss['id']}: {miss['follow_up']} → {miss['resolved_question']} ({miss['interpretation']})")
    return 0
