"""Scoring the duty map against hand-labelled (body, duty) pairs (eval/duties_gold.jsonl)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from assistant.duties.duty_map import DutyMap
from assistant.duties.records import DutyRecord
from assistant.errors import InvalidInputError
from assistant.legal.bodies import normalize_body


def load_gold(path: Path) -> list[dict[str, Any]]:
    """Hand-labelled pairs: {"clause_id", "body", "duty"}; body null marks a clause with no pair."""
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as error:
            raise InvalidInputError(f"{path}:{number}: not valid JSON ({error.msg})") from error
    return rows


def evaluate_duty_map(duty_map: DutyMap, gold: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall of the map on the clauses the gold labels exhaustively, overall and per split.

    A labelled pair is found when a record of the same clause names the same department and its duty
    (or sentence) contains the labelled duty phrase. Precision counts the map's distinct (clause,
    department) pairs in the labelled clauses that match some labelled pair. Rows may carry a
    ``split`` ("dev": the rules were tuned on it; "test": labelled afterwards, never tuned on).
    """
    report = _scores(duty_map, gold)
    splits = sorted({row.get("split", "") for row in gold} - {""})
    if splits:
        report["splits"] = {split: _scores(duty_map, [row for row in gold if row.get("split") == split])
                            for split in splits}
    return report


def _scores(duty_map: DutyMap, gold: list[dict[str, Any]]) -> dict[str, Any]:
    clauses = {row["clause_id"] for row in gold}
    pairs = [(row["clause_id"], normalize_body(row["body"]).canonical, row["duty"]) for row in gold if row.get("body")]
    by_key: dict[tuple[str, str], list[DutyRecord]] = {}
    for record in duty_map.records:
        if record.clause_id in clauses:
            by_key.setdefault((record.clause_id, record.body), []).append(record)

    def found(clause_id: str, body: str, duty: str) -> bool:
        return any(duty in record.duty or duty in record.evidence for record in by_key.get((clause_id, body), []))

    gold_keys = {(clause_id, body) for clause_id, body, _ in pairs}
    hits = sum(found(*pair) for pair in pairs)
    correct = sum(key in gold_keys for key in by_key)
    return {
        "gold_pairs": len(pairs), "labelled_clauses": len(clauses), "extracted_pairs": len(by_key),
        "precision": round(correct / len(by_key), 3) if by_key else 0.0,
        "recall": round(hits / len(pairs), 3) if pairs else 0.0,
        "missed": [f"{clause_id} {body}：{duty}" for clause_id, body, duty in pairs if not found(clause_id, body, duty)],
        "spurious": [f"{key[0]} {records[0].body_text}：{records[0].duty[:40]}"
                     for key, records in by_key.items() if key not in gold_keys],
        "records_total": len(duty_map.records),
    }
