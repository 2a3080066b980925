"""Duty extraction: which body supervises which industry or owns which task, read from a clause's sentences.

Built from sentence shapes, not from a per-document table: a body at the head of a sentence
(``交通运输主管部门负责…``), a list of bodies with a role (``县公安局、住建局…等负有安全生产监督管理职责的
部门，…``), task lines (``责任单位：…``), committee posts (``主任由…担任``). Cheap: built at index load.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from assistant.duties.records import DutyRecord, Relation
from assistant.legal.bodies import (
    BODY_SUFFIX,
    aliases,
    is_generic,
    normalize_body,
    plausible_item,
    plausible_name,
    split_names,
    strip_level,
)
from assistant.models import Clause, DocumentMeta

_SENTENCES = re.compile(r"[^。；！？\n]+[。；！？]?")
_NUMBERING = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]+[)）]|\d+\s*[.、．]|[一二三四五六七八九十]+[、是]|第[^条]+条)\s*")
_TASK_LINE = re.compile(
    r"^(责任单位|责任部门|牵头单位|牵头部门|主办单位|配合单位|协办单位|参与单位|配合部门)[:：]\s*(.+?)[。；]?$"
)
_POST = re.compile(r"(常务副主任|副主任|主任|副组长|组长|成员)由([^，。；]{2,30}?)(担任|兼任|组成)")
_POST_REVERSED = re.compile(r"([^，。；]{2,30}?)(?:兼任|担任)([^，。；]{0,12}?)(常务副主任|副主任|主任|副组长|组长)")
_COMMITTEE = re.compile(
    r"(?:县|市|省|镇|各级|本级|同级)?"
    r"(?:安全生产委员会办公室|安全生产委员会|安全生产专业委员会|专业委员会|安委会办公室|安委会|安委办|领导小组|指挥部|联席会议)"
)
_LIST = re.compile(
    r"(?P<list>(?:[\u4e00-\u9fff]{1,14}、)+[\u4e00-\u9fff]{1,14}?)等"
    r"(?P<role>(?:负有[^，。；]{0,16}?职责的|[^，。；、]{0,6}?主管|党委和政府其他|其他)?(?:有关|相关)?(?:部门|机关|机构|单位))"
    r"(?P<rest>[^。；]*)"
)
# A list inside a sentence names bodies with a duty only after a joint-work verb or before one.
_JOINT_BEFORE = re.compile(r"(?:会同|组织|协调|强化|加强|建立|推动|由|组织和协调)$")
_JOINT_AFTER = re.compile(r"^(?:的?协调联动|联动|协同|配合|共同|参加|组成)")
_LIST_LEAD = re.compile(r"(?:强化|建立|加强|推动|会同|组织|协调|督促|明确|落实|完善|健全|支持|依托|要求|由|与|同|对|向|把|将)")
_NOT_BODY_ROLE = re.compile(r"企业|生产经营|用人|社会|服务|中介|技术|群团|经营")
_SUBJECT = re.compile(
    r"^(?P<body>[\u4e00-\u9fff、]{0,48}?" + BODY_SUFFIX + r")"
    r"(?P<rest>(?:依照|依法|依据|按照|在各自|在职责|要|应当|应(?!急)|必须|负责|承担|对|牵头|会同|统一|组织|领导|主管|履行|设在|核发|"
    r"可以|加强|确定|指导|监督)[^。；]*)"
)
_BY_BODY = re.compile(
    r"由(?P<body>[\u4e00-\u9fff]{2,24}?" + BODY_SUFFIX + r")(?:按照[^，。；]{0,12}?)?(?P<verb>负责|牵头|组织|决定|统一|会同|确定)"
)
# "明晰安全生产监管部门综合监管责任", "落实安监部门综合监管职责": a body named with its kind of supervision.
_SUPERVISION_KIND = re.compile(
    r"(?P<body>[\u4e00-\u9fff]{2,16}?" + BODY_SUFFIX + r")"
    r"(?P<duty>(?:安全生产)?(?:综合监管|行业监管|直接监管|属地监管)(?:职责|责任))"
)
# "县级以上人民政府负责特种设备安全监督管理的部门…": the subject is the department, not the government.
_LONGER_BODY = re.compile(r"^负责[^，。；]{0,20}?的(?:部门|机构)")
_LEADING = re.compile(r"^(?:同时|其中|此外|另外|并且|并|要|各级党委和政府要|按照[^，]*，)")



def extract_clause(meta: DocumentMeta, clause: Clause) -> Iterator[DutyRecord]:
    """Every (body, duty) pair one clause states, unit by unit (款/项 when the clause has them)."""
    units = [(part.label, part.text) for part in clause.parts] or [(clause.label, clause.text)]
    title = _item_title(clause.text)
    for label, text in units:
        for raw in _SENTENCES.findall(text):
            sentence = _LEADING.sub("", _NUMBERING.sub("", raw.strip()))
            if not sentence:
                continue
            for name, relation, duty in _pairs(sentence, title):
                parsed = normalize_body(name)
                yield DutyRecord(
                    body=parsed.canonical, body_text=name, body_level=parsed.level or meta.level,
                    alias_note=parsed.note, relation=relation, duty=_clean(duty), evidence=raw.strip(),
                    doc_id=meta.doc_id, title=meta.title, doc_level=meta.level, region=meta.region,
                    status=meta.status, clause_id=clause.clause_id, clause_label=label,
                )


def _pairs(sentence: str, title: str) -> Iterator[tuple[str, Relation, str]]:
    task = _TASK_LINE.match(sentence)
    if task:
        kind = task.group(1)
        relation: Relation = "lead" if "牵头" in kind else "cooperates" if kind[:2] in ("配合", "协办", "参与") else "responsible"
        for name in split_names(task.group(2)):
            if plausible_name(name) and not is_generic(name):
                yield name, relation, title
        return
    yield from _posts(sentence)
    listed = False
    for match in _LIST.finditer(sentence):
        role, rest = match.group("role"), match.group("rest").lstrip("，,")
        if _NOT_BODY_ROLE.search(role):
            continue
        first, _, others = match.group("list").partition("、")
        listing = _strip_lead(first) + "、" + others
        names = split_names(listing)
        if not names or not all(plausible_item(name) for name in names):
            continue
        at_start = match.start() == 0 and listing == match.group("list")
        lead = sentence[: match.start()] + match.group("list")[: len(match.group("list")) - len(listing)]
        if not at_start and not (_JOINT_BEFORE.search(lead) or _JOINT_AFTER.match(rest)):
            continue
        if role.endswith("单位") and not all(re.search(BODY_SUFFIX + "$", name) or name in aliases() for name in names):
            continue
        relation = _list_relation(role, rest) if at_start else _inline_relation(lead, rest)
        duty = rest if at_start and len(rest) >= 6 else sentence
        for name in names:
            if not is_generic(name):
                listed = True
                yield _as_department(name), relation, duty
    if listed:
        return
    subjects = list(_subjects(sentence))
    yield from subjects
    named = {name for name, _, _ in subjects}
    for match in _SUPERVISION_KIND.finditer(sentence):
        name = re.sub(r"^.*?(?:明晰|明确|落实|强化|履行|承担|和|及)", "", match.group("body"))
        if plausible_name(name) and not is_generic(name) and name not in named:
            yield name, "supervises", match.group("duty")
    for match in _BY_BODY.finditer(sentence):
        name = match.group("body")
        if is_generic(name) and "的" in name:  # 有关行政区域共同的上一级人民政府 → 上一级人民政府
            name = name.rsplit("的", 1)[1]
        if plausible_name(name) and not is_generic(name) and name not in named:
            relation = "lead" if match.group("verb") == "牵头" else "responsible"
            yield name, relation, sentence


def _subjects(sentence: str) -> Iterator[tuple[str, Relation, str]]:
    """Bodies heading the sentence, or heading a later comma part when their name carries a level."""
    parts = sentence.split("，")
    for index in range(len(parts)):
        text = _LEADING.sub("", "，".join(parts[index:]))
        subject = _SUBJECT.match(text)
        if not subject:
            continue
        body, rest = subject.group("body"), subject.group("rest")
        longer = _LONGER_BODY.match(rest)
        if longer:  # 县级以上人民政府负责特种设备安全监督管理的部门: the department is the subject
            body, rest = body + longer.group(0), rest[longer.end():]
        if rest.startswith(("兼任", "担任")):
            continue
        names = split_names(body) if "、" in body or "及其" in body else [body]
        if not all(re.search(BODY_SUFFIX + "$", name) and plausible_name(name) for name in names):
            continue
        for name in names:
            if is_generic(name) or (index and strip_level(name)[0] == name):
                continue  # mid-sentence, only a name with its level (县级以上人民政府, 市人民政府) is trusted
            yield name, _subject_relation(rest), rest


def _strip_lead(first: str) -> str:
    """The first name of a list without the verb before it: "推动组织" → "组织", "强化安监" → "安监"."""
    for lead in reversed(list(_LIST_LEAD.finditer(first))):
        if first[lead.end():]:
            return first[lead.end():]
    return first


def _posts(sentence: str) -> Iterator[tuple[str, Relation, str]]:
    for match in _POST.finditer(sentence):
        committee = _last_committee(sentence[: match.start()])
        if committee:
            yield committee, _post_relation(match.group(1)), f"{match.group(1)}由{match.group(2)}{match.group(3)}"
    for match in _POST_REVERSED.finditer(sentence):
        committee = _last_committee(match.group(2)) or _last_committee(sentence[: match.start()])
        holder = re.sub(r"^.*?(?:由|明确|，)", "", match.group(1))
        if committee and "由" not in match.group(1)[-3:]:
            yield committee, _post_relation(match.group(3)), f"{match.group(3)}由{holder}担任"


def _last_committee(text: str) -> str | None:
    found = list(_COMMITTEE.finditer(text))
    return found[-1].group(0) if found else None


def _post_relation(post: str) -> Relation:
    if post == "成员":
        return "members"
    return "vice_chair" if "副" in post else "chair"


def _list_relation(role: str, rest: str) -> Relation:
    if "负有" in role and ("监督管理" in role or "监管" in role):
        return "supervises"
    if "主管" in role:
        return "industry_manager"
    if re.search(r"监督管理|监管", rest[:60]):
        return "supervises"
    if "支持" in rest or "保障" in rest:
        return "supports"
    if re.search(r"联动|配合|协调|协同|衔接", rest[:20]):
        return "cooperates"
    return "responsible"


def _inline_relation(lead: str, rest: str) -> Relation:
    if lead.endswith("由"):
        return "lead"
    return "supports" if re.match(r"^(?:在职责范围内)?(?:为安全生产工作)?(?:提供)?支持", rest) else "cooperates"


def _subject_relation(rest: str) -> Relation:
    if rest.startswith("设在"):
        return "office"
    if "牵头" in rest[:12]:
        return "lead"
    if re.search(r"监督管理|监管|监察|统一监督", rest[:40]) and not rest.startswith(("负责", "承担")):
        return "supervises"
    return "responsible"


def _as_department(name: str) -> str:
    """A bare stem from a list (``交通运输``) is written as a department (``交通运输部门``)."""
    return name if re.search(BODY_SUFFIX + "$", name) else f"{name}部门"


def _item_title(text: str) -> str:
    """The heading of a numbered policy item: its first line or first sentence, numbering removed."""
    first = text.strip().split("\n", 1)[0]
    first = _NUMBERING.sub("", first)
    return re.split(r"[。；]", first, maxsplit=1)[0][:60]


def _clean(duty: str) -> str:
    duty = duty.strip().lstrip("，,：:").rstrip("。；，")
    return duty if len(duty) <= 160 else duty[:159] + "…"
