"""Who-is-responsible questions ("道路运输安全归哪个部门管？", "安委会主任由谁担任？") answered from the duty map.

The answer lists the bodies, each with its clause cited, grouped by document (national first) and
region. When the map has nothing for the question, the caller falls back to ordinary retrieval.
"""

from __future__ import annotations

import re

from assistant.answer.citations import cite_first, status_warnings
from assistant.duties.duty_map import DutyMap
from assistant.duties.records import RELATION_NAMES, DutyRecord
from assistant.legal.bodies import mentioned_bodies
from assistant.models import Answer
from assistant.store.index import ClauseStore
from assistant.text.places import places_in

# "Which body …?" — answered for a topic (an industry, a task).
_WHO = re.compile(r"归哪|归谁|哪个部门|哪些部门|哪个单位|哪些单位|什么部门|哪个机构|哪些机构|谁负责|由谁|谁担任|谁来|谁管|谁牵头")
# "What does this body do?" — answered only when the question names a body.
_WHAT = re.compile(r"负责哪些|负责什么|管哪些|管什么|有哪些职责|职责是什么|哪些职责|什么职责|承担哪些|承担什么|由谁担任|谁担任")
_POST = re.compile(r"常务副主任|副主任|主任|副组长|组长|成员")
_POST_RELATION = {"常务副主任": "vice_chair", "副主任": "vice_chair", "副组长": "vice_chair", "主任": "chair",
                  "组长": "chair", "成员": "members"}
_TOPIC_TAIL = re.compile(r"(?:的|方面|领域|行业|工作|安全生产|安全监管|监督管理|安全|监管|管理|由|是|应当|应该|该|归|管)+$")
_POST_RANK = {"chair": 0, "vice_chair": 1, "members": 2, "supervises": 3, "lead": 4, "responsible": 5,
              "office": 6, "industry_manager": 7, "cooperates": 8, "supports": 9}
_DUTY_RANK = {"supervises": 0, "lead": 1, "responsible": 2, "industry_manager": 3, "office": 4, "chair": 5,
              "vice_chair": 6, "members": 7, "cooperates": 8, "supports": 9}


def find_duty_records(question: str, duty_map: DutyMap) -> list[DutyRecord]:
    """The records that answer a responsibility question, best first; empty when the map has none."""
    bodies = mentioned_bodies(question)
    posts = {_POST_RELATION[post] for post in _POST.findall(question)}
    if bodies and (posts or _WHAT.search(question)):
        records = duty_map.query(body=bodies[0].text).records
        if posts:
            records = [record for record in records if record.relation in posts]
        rank = _POST_RANK
    elif _WHO.search(question):
        topic = _topic(question)
        if len(topic) < 2:
            return []
        records = [record for record in duty_map.records if topic in record.duty or topic in record.evidence]
        if not places_in(question) and not any(record.doc_level == "national" for record in records):
            return []  # a subject asked with no place, known to the map only from local texts: search asks national law first
        rank = _DUTY_RANK
    else:
        return []
    places = places_in(question)
    if places:  # a question about 深圳 is not answered from 枞阳's documents
        records = [record for record in records
                   if any(place in (record.region or "") or place in record.title for place in places)]
    return sorted(records, key=lambda record: (rank[record.relation], record.doc_level != "national"))


def answer_duty_question(question: str, duty_map: DutyMap, store: ClauseStore, k: int) -> Answer | None:
    """A cited answer composed from the duty map, or None to let ordinary retrieval answer."""
    records = find_duty_records(question, duty_map)
    if not records:
        return None
    rank_of, citations = cite_first((record.clause_id for record in records), store, k)
    chosen = [record for record in records if record.clause_id in rank_of]
    return Answer(
        question=question, answer=_compose(chosen, rank_of), found=True, citations=citations,
        warnings=status_warnings(citations),
    )


def _topic(question: str) -> str:
    """What the question asks about: "道路运输安全归哪个部门管" → 道路运输; "谁负责特种设备安全监督管理" → 特种设备."""
    match = _WHO.search(question)
    cleaned = [re.sub(r"[？?。！!，,\s]|^(?:请问|我想知道|请告诉我)", "", part)
               for part in (question[: match.start()], question[match.end():])] if match else [question, ""]
    head = cleaned[0] if len(_TOPIC_TAIL.sub("", cleaned[0])) >= 2 else cleaned[1]
    head = re.sub(r"^(?:负责|管理|监管|主管|牵头|承担)+", "", head)
    return _TOPIC_TAIL.sub("", head)


def _compose(records: list[DutyRecord], rank_of: dict[str, int]) -> str:
    lines = ["根据条文中的职责分工（按文件列出，先国家后地方）："]
    groups: dict[str, list[DutyRecord]] = {}
    for record in sorted(records, key=lambda record: (record.doc_level != "national", record.region or "")):
        groups.setdefault(record.doc_id, []).append(record)
    notes: dict[str, str] = {}
    for doc_records in groups.values():
        first = doc_records[0]
        region = f"（{first.region}）" if first.region else ""
        lines.append(f"《{first.title}》{region}：")
        for record in doc_records:
            canonical = "" if record.body in record.body_text else f"〔即{record.body}〕"
            role = RELATION_NAMES[record.relation]
            lines.append(f"- {record.body_text}{canonical}（{role}）：{record.duty}"
                         f"（{record.clause_label}）[{rank_of[record.clause_id]}]")
            if record.alias_note:
                notes[record.body_text] = record.alias_note
    for form, note in notes.items():
        lines.append(f"注：条文用“{form}”，{note}。")
    return "\n".join(lines)

