"""The users' jobs scored on their own hand-made sets: duty map, quiz validity, chat follow-ups."""

from __future__ import annotations

from pathlib import Path

from assistant.duties.gold import evaluate_duty_map, load_gold
from assistant.evaluation.conversations import evaluate_conversations, load_conversations
from assistant.quiz.validity import quiz_validity
from assistant.service.assistant import Assistant


def job_figures(assistant: Assistant, eval_folder: Path) -> list[str]:
    """One line a figure, for the terminal and for eval/report.md; a set that is missing is skipped."""
    lines = []
    gold = eval_folder / "duties_gold.jsonl"
    if assistant.duties is not None and gold.exists():
        duty = evaluate_duty_map(assistant.duties, load_gold(gold))
        splits = ", ".join(f"{name} P {s['precision']:.3f} R {s['recall']:.3f}" for name, s in duty.get("splits", {}).items())
        lines.append(f"duty map ({duty['gold_pairs']} hand-labelled pairs): precision {duty['precision']:.3f}, "
                     f"recall {duty['recall']:.3f}" + (f" ({splits})" if splits else ""))
    quiz = quiz_validity(assistant.index.store)
    lines.append(f"quiz validity ({quiz['questions']} generated questions): {quiz['validity']:.3f} "
                 f"(answer in cited clause {quiz['answer_in_clause']:.3f}, distractors absent {quiz['distractors_absent']:.3f})")
    conversations = eval_folder / "conversations.jsonl"
    if conversations.exists():
        chat = evaluate_conversations(assistant, load_conversations(conversations))
        lines.append(f"chat follow-ups ({chat['conversations']} two-turn conversations): evidence@5 "
                     f"{chat['followup_evidence_at_5']:.3f} (asked alone {chat['without_context_evidence_at_5']:.3f}), "
                     f"document@1 {chat['followup_doc_at_1']:.3f}")
    return lines
