"""The obligations checklist: what an enterprise (industry, high-risk, head count, region) must do, cited.

Obligations are sentences about enterprises (生产经营单位, 企业, 用人单位) on a known topic
(``data/obligation_topics.tsv``). Their conditions are parsed from the text, not tabulated per
document: head counts (从业人员超过一百人, 300人以上 — Chinese or Arabic numerals), industries named
(``data/industries.tsv``), 高危, and "前款规定以外的其他" exclusions. National texts apply everywhere
(a regulation whose title names an industry only to that industry); local ones only in their region.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel

from assistant.models import Clause, DocumentMeta
from assistant.obligations.conditions import HeadCount, head_counts
from assistant.obligations.vocabulary import industries, industries_in, topics
from assistant.store.index import ClauseStore
from assistant.text.places import short_place_names
from assistant.text.statuses import NOT_IN_FORCE

INDUSTRY_TOPIC = "行业专项要求"
_SEGMENTS = re.compile(r"[^。；\n]+[。；]?")
_MODAL = re.compile(r"应当|必须|要(?!求)|须|应(?!急|用)|不得|实行|推行|强制|建立|落实|设立|鼓励|引导|严格")
_ENTERPRISE = re.compile(r"生产经营单位|企业|用人单位|本单位|矿山|施工单位|经营单位|使用单位|运输单位")
_PENALTY = re.compile(r"法律责任|罚则|附则")
_GOVERNMENT_SUBJECT = re.compile(r"部门|政府|机关|机构|党委|安委会|监管")
# Heads of sentences about someone else than the enterprise: unions, workers, suppliers, rescue teams.
_OTHER_HEAD = re.compile(
    r"^(?:工会|劳动者|职工(?!代表)|居民委员会|村民委员会|向|对|诊断|鉴定|应急救援队伍|职业病病人|因|承继单位)"
)
# Names of other texts (《…》, 职业病防治法和…) are not what a sentence is about.
_CITED_TEXT = re.compile(r"《[^》]*》|[\u4e00-\u9fff]{2,10}(?:法|条例|规定|办法)(?=[和、等])")
_NOT_OBLIGATIONS = re.compile(r"解释")  # judicial interpretations set criminal liability, not duties
_ENCOURAGED = re.compile(r"鼓励|引导|倡导|探索|推动|支持")
_EXCLUSION = re.compile(r"前款规定以外|除前款规定")
_BINDING = re.compile(r"强制|必须|应当|严格")
# Qualifiers the profile cannot decide: shown with the obligation for the reader to check.
_QUALIFIER = re.compile(r"(?:各类)?(?:规模及限额以上|规模以上|限额以上|大中型|重点)(?:企业|生产经营单位)")


class Obligation(BaseModel):
    """One obligation with its source and the condition under which the text imposes it."""

    topic: str
    requirement: str
    strength: Literal["required", "encouraged"]
    condition: str
    scope: Literal["national", "local"]
    doc_id: str
    title: str
    region: str | None
    status: str
    clause_id: str
    clause_label: str


class EnterpriseProfile(BaseModel):
    """What the safety manager tells about the enterprise; high_risk None = from the industry."""

    industry: str | None = None
    employees: int | None = None
    high_risk: bool | None = None
    region: str | None = None


class Checklist(BaseModel):
    """The obligations that apply, national first, and notes on what could not be decided."""

    profile: EnterpriseProfile
    industries: list[str]
    high_risk: bool
    obligations: list[Obligation]
    notes: list[str]


@dataclass(frozen=True)
class Rule:
    """An obligation sentence and its parsed conditions."""

    topic: str
    text: str
    strength: Literal["required", "encouraged"]
    industries: frozenset[str]
    high_risk_only: bool
    head_counts: tuple[HeadCount, ...]
    excluded: frozenset[str]
    qualifier: str | None
    meta: DocumentMeta
    clause: Clause
    label: str


@dataclass
class ObligationCatalogue:
    """Every obligation rule of the corpus; ``checklist`` picks those a profile meets."""

    rules: list[Rule] = field(default_factory=list)

    @classmethod
    def build(cls, documents: dict[str, DocumentMeta], clauses: Iterable[Clause]) -> ObligationCatalogue:
        rules: list[Rule] = []
        for clause in clauses:
            meta = documents.get(clause.doc_id)
            if (meta is not None and meta.status not in NOT_IN_FORCE and not _NOT_OBLIGATIONS.search(meta.title)
                    and not _PENALTY.search("".join(clause.heading_path))):
                rules.extend(_clause_rules(meta, clause))
        return cls(rules)

    def regions(self) -> set[str]:
        """Place names of the local documents' regions (湖南省益阳市沅江市 → 湖南, 益阳, 沅江)."""
        names = set()
        for rule in self.rules:
            if rule.meta.level != "national" and rule.meta.region:
                names.update(short_place_names(rule.meta.region))
        return names

    @classmethod
    def from_store(cls, store: ClauseStore) -> ObligationCatalogue:
        """The catalogue of a loaded index (``LoadedIndex.store``)."""
        return cls.build(store.documents, store.clauses)

    def checklist(self, profile: EnterpriseProfile, all_regions: bool = False) -> Checklist:
        """The obligations that apply; local documents of the profile's region (of every region if asked)."""
        named = industries_in(profile.industry or "")
        if profile.industry and not named:
            named = {profile.industry}
        high_risk = profile.high_risk if profile.high_risk is not None else any(
            industry.high_risk for industry in industries() if industry.name in named)
        notes = []
        if profile.employees is None:
            notes.append("未给出从业人数：按人数设定的义务未列出。")
        if not profile.region and not all_regions:
            notes.append("未给出地区：只列国家法律法规；加 --region 可列出当地文件增加的要求。")
        chosen: list[Obligation] = []
        seen: set[tuple[str, str]] = set()
        for rule in self.rules:
            condition = _applies(rule, profile, named, high_risk, all_regions)
            if condition is None or (rule.clause.clause_id, rule.text) in seen:
                continue
            seen.add((rule.clause.clause_id, rule.text))
            chosen.append(_obligation(rule, condition))
        if profile.region and not any(item.scope == "local" for item in chosen):
            notes.append(f"语料中没有“{profile.region}”的地方文件对企业提出本清单所列方面的要求。")
        chosen.sort(key=lambda item: (item.scope != "national", "安全生产法" not in item.title, item.title))
        return Checklist(profile=profile, industries=sorted(named), high_risk=high_risk, obligations=chosen, notes=notes)


def _clause_rules(meta: DocumentMeta, clause: Clause) -> Iterator[Rule]:
    units = [(part.label, part.text) for part in clause.parts] or [(clause.label, clause.text)]
    head = clause.text.split("\n", 1)[0]
    enterprise_clause = bool(_ENTERPRISE.search(head))
    previous: frozenset[str] = frozenset()
    for label, text in units:
        excluded = previous if _EXCLUSION.search(text) else frozenset()
        unit_industries = frozenset(industries_in(_subject(text)))
        for segment in (s.strip() for s in _SEGMENTS.findall(text)):
            rule = _rule(meta, clause, label, segment, excluded, enterprise_clause, text)
            if rule is not None:
                yield rule
        previous = unit_industries or previous


def _rule(meta: DocumentMeta, clause: Clause, label: str, segment: str, excluded: frozenset[str],
          enterprise_clause: bool, unit: str) -> Rule | None:
    own_words = _CITED_TEXT.sub("", segment)
    topic = next((name for name, words in topics() if any(word in own_words for word in words)), None)
    if topic is None and industries_in(own_words):  # a duty of a named industry is an obligation on any topic
        topic = INDUSTRY_TOPIC
    modal = _MODAL.search(segment)
    if topic is None or modal is None or "有权" in segment:
        return None
    subject = re.sub(r"^第[^条]+条\s*", "", segment[: modal.start()])
    national = meta.level == "national"
    if national:
        head = next((part for part in reversed(subject.split("，")) if part), "")
        bare_item = "项" in label and not subject.strip("（）一二三四五六七八九十")  # the article's head is the subject
        counted = bool(head_counts(subject))  # "从业人员超过一百人的，应当…": the unit, by its head count
        about_enterprise = bool(_ENTERPRISE.search(head)) or (enterprise_clause and (bare_item or counted))
        employees_own = head.startswith("从业人员") and not counted
        governed = _GOVERNMENT_SUBJECT.search(head) and not _ENTERPRISE.search(head)
        if (not about_enterprise or governed or employees_own
                or _OTHER_HEAD.match(head)):
            return None
        named = industries_in(subject) | industries_in(meta.title)
    else:
        if not _ENTERPRISE.search(segment):
            return None
        named = industries_in(segment)
    counts = tuple(head_counts(segment)) or tuple(
        count for count in head_counts(unit) if count.text in segment
    )
    return Rule(
        topic=topic, text=re.sub(r"^第[^条]{1,8}条\s*", "", segment.rstrip("；")),
        strength="encouraged" if _ENCOURAGED.search(segment) and not _BINDING.search(segment) else "required",
        industries=frozenset(named), high_risk_only="高危" in (subject if national else segment) and not named
        and all(count.high_risk is None for count in counts),
        head_counts=counts, excluded=excluded, meta=meta, clause=clause, label=label,
        qualifier=qualifier.group(0) if (qualifier := _QUALIFIER.search(segment)) else None,
    )


def _subject(text: str) -> str:
    modal = _MODAL.search(text)
    return text[: modal.start()] if modal else text


def _applies(rule: Rule, profile: EnterpriseProfile, named: set[str], high_risk: bool,
             all_regions: bool = False) -> str | None:
    """Why the rule applies to the profile (a condition in words), or None when it does not."""
    meta = rule.meta
    region = profile.region
    if meta.level != "national" and not (all_regions and not region):
        if not region or not (region in (meta.region or "") or region in meta.title):
            return None
    reasons = []
    if rule.industries:
        matched = rule.industries & named
        if not matched and profile.industry and profile.industry in _subject(rule.text):  # 餐饮等行业…使用燃气的
            matched = frozenset({profile.industry})
        if not matched and not ("高危" in rule.text and "等" in rule.text and high_risk):
            return None
        listed = "、".join(sorted(rule.industries))
        reasons.append(f"行业：条文列举 {listed}" + (f"，本企业属 {'、'.join(sorted(matched))}" if matched else "（高危行业）"))
    if rule.high_risk_only:
        if not high_risk:
            return None
        reasons.append("高危行业")
    if rule.excluded:
        if rule.excluded & named:
            return None
        reasons.append(f"不属于前款所列行业（{'、'.join(sorted(rule.excluded))}）")
    if rule.head_counts:
        if profile.employees is None:
            return None
        held = [count for count in rule.head_counts if count.holds(profile.employees, high_risk)]
        if not held:
            return None
        reasons.append(f"人数：{held[0].text}（本企业 {profile.employees} 人）")
    if rule.qualifier:
        reasons.append(f"条文限于“{rule.qualifier}”，是否属于请自行核对")
    return "；".join(reasons) or "所有生产经营单位"


def _obligation(rule: Rule, condition: str) -> Obligation:
    meta = rule.meta
    return Obligation(
        topic=rule.topic, requirement=rule.text, strength=rule.strength, condition=condition,
        scope="national" if meta.level == "national" else "local", doc_id=meta.doc_id, title=meta.title,
        region=meta.region, status=meta.status, clause_id=rule.clause.clause_id, clause_label=rule.label,
    )
