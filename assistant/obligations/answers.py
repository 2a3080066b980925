"""Questions about what an enterprise must do ("350人的危险化学品企业要设安全总监吗？") answered from the checklist.

Only a question that names an obligation topic (安全总监, 安全生产管理机构 …) and something about the
enterprise (an industry, a head count) is answered here; the answer lists the clauses of that topic
that apply to the enterprise described, with the condition that made each apply. Anything else, or
a topic with no applicable clause, goes to ordinary retrieval.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from assistant.answer.citations import cite_first, status_warnings
from assistant.models import Answer
from assistant.obligations.catalogue import EnterpriseProfile, Obligation, ObligationCatalogue
from assistant.obligations.vocabulary import industries_in, topics
from assistant.store.index import ClauseStore
from assistant.text.numerals import CN_AMOUNT, cn_to_int
from assistant.text.places import places_in

_ENTERPRISE = re.compile(r"企业|单位|公司|工厂|门店|商店|商场|超市|煤矿|矿山|工地")
_APPLICABILITY = re.compile(r"要不要|需不需要|是否|需要|必须|应当|应该|要求|义务|得不得|能不能|可以不|吗")
_EMPLOYEES = re.compile(rf"(\d+|{CN_AMOUNT})\s*(?:个人|人|名)")


def profile_from_question(question: str, known_regions: Collection[str] = ()) -> EnterpriseProfile | None:
    """The enterprise a question describes (industry, head count, place), or None when it describes none."""
    counts = [match for match in _EMPLOYEES.finditer(question)]
    employees = cn_to_int(counts[0].group(1)) if counts else None
    named = industries_in(question)
    if employees is None and not named:
        return None
    places = places_in(question) or sorted(name for name in known_regions if name in question)
    return EnterpriseProfile(industry="、".join(sorted(named)) or None, employees=employees,
                             region=places[0] if places else None)


def find_obligations(question: str, catalogue: ObligationCatalogue) -> list[Obligation]:
    """The applicable obligations of the topic a question asks about; empty when it is not such a question."""
    asked = [name for name, words in topics() if any(word in question for word in words)]
    if not asked or not _ENTERPRISE.search(question) or not _APPLICABILITY.search(question):
        return []
    profile = profile_from_question(question, catalogue.regions())
    if profile is None:
        return []
    checklist = catalogue.checklist(profile, all_regions=True)
    return [item for item in checklist.obligations if item.topic in asked]


def answer_obligation_question(question: str, catalogue: ObligationCatalogue, store: ClauseStore, k: int) -> Answer | None:
    """A cited answer from the checklist, or None to let ordinary retrieval answer."""
    items = find_obligations(question, catalogue)
    if not items:
        return None
    rank_of, citations = cite_first((item.clause_id for item in items), store, k)
    lines = ["按问题所述的企业情况，下列条文适用（先国家后地方；地方文件只约束其所在地区）："]
    for item in (item for item in items if item.clause_id in rank_of):
        region = "" if item.scope == "national" else f"（{item.region}）"
        strength = "（鼓励性要求）" if item.strength == "encouraged" else ""
        lines.append(f"- 《{item.title}》{region}{item.clause_label}：{item.requirement}{strength}"
                     f"（适用条件：{item.condition}）[{rank_of[item.clause_id]}]")
    return Answer(question=question, answer="\n".join(lines), found=True, citations=citations,
                  warnings=status_warnings(citations))
