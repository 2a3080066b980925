"""Government bodies named in the texts: recognize a name, split a list of names, map each to its department.

One department has many written forms (县应急管理局, 应急管理部, 安监局 before 2018 …); the alias
table in ``assistant/data/body_aliases.tsv`` maps them to one canonical name, so a question that
names one form finds the others, while answers keep the form the text uses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from assistant.text.ordering import longest_first

# Level prefixes, longest first: what is taken off before the alias lookup.
_LEVEL_PREFIXES: tuple[tuple[str, str | None], ...] = (
    ("县级以上地方各级人民政府", None), ("县级以上地方人民政府", None), ("县级以上各级人民政府", None),
    ("县级以上人民政府", None), ("省、自治区、直辖市人民政府", "provincial"), ("设区的市级人民政府", "city"),
    ("设区的市的", "city"), ("设区的市级", "city"), ("市级", "city"), ("县级", "county"), ("省级", "provincial"),
    ("地方各级人民政府", None), ("县级人民政府", "county"), ("本级人民政府", None), ("国务院", "national"),
    ("设在地方的", None), ("国家", "national"), ("各县市区", "county"), ("各县区", "county"), ("各级", None), ("本级", None),
    ("同级", None), ("市直", "city"), ("县直", "county"), ("乡镇", "township"), ("省", "provincial"),
    ("市", "city"), ("县", "county"), ("区", "county"), ("镇", "township"), ("各", None),
)
_SUFFIXES = ("行政主管部门", "主管部门", "行政部门", "部门", "委员会", "机关", "机构", "总局", "局", "厅", "委", "部", "办")
BODY_SUFFIX = (
    r"(?:委员会办公室|委员会|办公室|安委会|管委会|部门|机关|机构|政府|党委|中心|救护队|消防队|国务院|局|委|厅|部|办|社)"
)
# Categories of bodies rather than bodies: "有关部门", "负有…职责的部门" name no one in particular.
_GENERIC = re.compile(
    r"有关|相关|负有|其他|各部门|职能部门|成员单位|^主管部门$|^部门$|^单位$|^(?:行业)?(?:监管|管理|主管)?部门$|^等"
)
_NOT_A_NAME = re.compile(r"[，。；：、“”《》（）()\s等由]|以上|以下|工作|或者|违反|安全生产[^监委]")
# A run that starts with a verb is a predicate, not a name: "加强各级安全生产委员会".
_VERB_START = re.compile(r"^(?:进一步|落实|强化|制定|加强|建立|完善|实施|规范|推进|推动|健全|明确|严格|全面|深化|坚持|调整|发挥|"
                         r"支持|依托|组织|督促|充分|切实|积极|鼓励|引导|设立|成立|配备|不服从|经|在|应当|调动|协助|对|向|接到|聘用|拒绝|用人单位)")


@dataclass(frozen=True)
class Alias:
    """A written form and the department it stands for."""

    form: str
    canonical: str
    note: str | None


@dataclass(frozen=True)
class BodyName:
    """A body as written (``text``), its department (``canonical``) and level when the name says it."""

    text: str
    canonical: str
    level: str | None
    note: str | None


@lru_cache(maxsize=1)
def aliases() -> dict[str, Alias]:
    """The alias table, keyed by written form."""
    table: dict[str, Alias] = {}
    text = resources.files("assistant.data").joinpath("body_aliases.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        columns = line.split("\t")
        note = columns[2].strip() if len(columns) > 2 and columns[2].strip() else None
        table[columns[0].strip()] = Alias(columns[0].strip(), columns[1].strip(), note)
    return table


def strip_level(name: str) -> tuple[str, str | None]:
    """``县应急管理局`` → (``应急管理局``, ``county``); a name that is only a prefix stays whole."""
    if any(name.startswith(form) for form in aliases() if len(form) >= 3):  # 市场监管局 keeps its 市
        return name, None
    for prefix, level in _LEVEL_PREFIXES:
        if name == prefix and prefix.endswith("人民政府"):  # 县级以上地方各级人民政府 is a government
            return "人民政府", level
        if name.startswith(prefix) and len(name) > len(prefix):
            rest, inner = strip_level(name[len(prefix):])
            return rest, level or inner
    return name, None


def normalize_body(name: str) -> BodyName:
    """The canonical department of a written body name (the name itself, trimmed, when unknown)."""
    whole = name.strip()
    core, level = strip_level(whole)
    if whole.endswith("政府"):  # 县政府, 上级人民政府, 事故发生地人民政府: all a people's government
        return BodyName(name, "人民政府", level, None)
    table = aliases()
    for form, form_level in ((whole, None), (core, level)):  # 市场监管局 is not 场监管 of a city
        for candidate in _without_suffix(form):
            alias = table.get(candidate)
            if alias:
                return BodyName(name, alias.canonical, form_level, alias.note)
    return BodyName(name, _without_suffix(core)[-1], level, None)


def _without_suffix(name: str) -> list[str]:
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return [name, name[: -len(suffix)]]
    return [name]


def is_generic(name: str) -> bool:
    """True for a category of bodies ("有关部门", "负有安全生产监督管理职责的部门") rather than a body."""
    core, _ = strip_level(name)
    return bool(_GENERIC.search(core)) or len(core) < 2


def plausible_name(name: str) -> bool:
    """A short run of characters with no punctuation or clause words: can be a body's name."""
    core = strip_level(name)[0]
    return 2 <= len(name) <= 32 and not _NOT_A_NAME.search(core) and not _VERB_START.match(name)


def plausible_item(name: str) -> bool:
    """A name inside a list (its lead verb already taken off): "组织" there is the 组织部门."""
    return 2 <= len(name) <= 12 and not _NOT_A_NAME.search(name)


def split_names(listing: str) -> list[str]:
    """``县公安局、住建局、交运局`` → each name, the first one's level prefix carried to the rest."""
    parts = []
    for part in re.split(r"[、，,]|以及|及其", listing):
        joined = re.match(r"(.+?" + BODY_SUFFIX + r")(?:和|及)(.+)$", part.strip())
        parts += [joined.group(1), joined.group(2)] if joined else [part.strip()]
    parts = [part for part in parts if part]
    if not parts:
        return []
    _, level = strip_level(parts[0])
    prefix = parts[0][: len(parts[0]) - len(strip_level(parts[0])[0])] if level else ""
    names = [parts[0]]
    for part in parts[1:]:
        names.append(part if strip_level(part)[1] or not prefix else prefix + part)
    return names


def mentioned_bodies(text: str) -> list[BodyName]:
    """Bodies a question names: any alias form, or a name ending in a body suffix; longest first."""
    found: list[BodyName] = []
    taken: list[tuple[int, int]] = []
    for form in sorted(aliases(), key=longest_first):
        for match in re.finditer(re.escape(form), text):
            if len(form) >= 2 and not any(start <= match.start() < end for start, end in taken):
                found.append(normalize_body(form))
                taken.append(match.span())
    for match in re.finditer(r"[\u4e00-\u9fff]{1,12}?" + BODY_SUFFIX, text):
        name = _trim_question_words(match.group(0))
        if plausible_name(name) and not any(start <= match.start() < end for start, end in taken):
            found.append(normalize_body(name))
            taken.append(match.span())
    return found


def _trim_question_words(name: str) -> str:
    """Drop what a question puts before a name: "请问县应急管理局" → "县应急管理局"."""
    return re.sub(r"^.*?(?:请问|哪个|哪些|是否|关于|那么|那|由|是|的|和|与|跟)", "", name)
