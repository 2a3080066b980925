"""Which documents a question may be answered from: force, jurisdiction, and the date asked about.

A SearchFilters value is a hard filter (only matching clauses come back). Its ``region`` is the asker's
place (CONTRACT: --region): national law, and the texts of that place, of its province and of the places
inside it; never another province's or city's. 全国 means national texts only.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assistant.errors import InvalidInputError
from assistant.legal.force import FORCES
from assistant.legal.validity import check_day, in_force_from, in_force_on
from assistant.models import DocumentMeta
from assistant.text.places import NATIONAL_NAMES, region_units, units_of_place, within_or_above

LEVELS = ("national", "provincial", "city", "county")


@dataclass(frozen=True)
class SearchFilters:
    """Hard filters; an empty field allows everything."""

    forces: frozenset[str] = field(default_factory=frozenset)
    levels: frozenset[str] = field(default_factory=frozenset)
    region: str | None = None  # the asker's place (宁波, 浙江省宁波市, 沅江); 全国 = national texts only
    as_of: str | None = None  # YYYY-MM-DD: only texts known to be in force that day

    def __post_init__(self) -> None:
        unknown = set(self.forces) - set(FORCES)
        if unknown:
            raise InvalidInputError(f"unknown force {sorted(unknown)}; use one of {', '.join(FORCES)}")
        if set(self.levels) - set(LEVELS):
            raise InvalidInputError(f"unknown level {sorted(set(self.levels) - set(LEVELS))}; use {', '.join(LEVELS)}")
        if self.as_of is not None:
            try:
                object.__setattr__(self, "as_of", check_day(self.as_of))
            except ValueError as error:
                raise InvalidInputError(str(error)) from error

    @property
    def active(self) -> bool:
        return bool(self.forces or self.levels or self.region or self.as_of)

    @classmethod
    def parse(cls, force: str | None = None, level: str | None = None, region: str | None = None,
              as_of: str | None = None) -> SearchFilters:
        """From comma-separated command-line or API values."""
        def split(value: str | None) -> frozenset[str]:
            return frozenset(part.strip() for part in (value or "").replace("，", ",").split(",") if part.strip())

        return cls(forces=split(force), levels=split(level), region=(region or "").strip() or None, as_of=as_of)


def allowed_documents(documents: dict[str, DocumentMeta], filters: SearchFilters) -> set[str]:
    """The ids of the documents that pass every filter."""
    regions = sorted({meta.region for meta in documents.values() if meta.region and meta.level != "national"})
    place = units_of_place(filters.region, regions) if filters.region else []
    return {doc_id for doc_id, meta in documents.items() if _allows(meta, documents, filters, place)}


def _allows(meta: DocumentMeta, documents: dict[str, DocumentMeta], filters: SearchFilters, place: list[str]) -> bool:
    if filters.forces and meta.force not in filters.forces:
        return False
    if filters.levels and meta.level not in filters.levels:
        return False
    if filters.region and not in_region(meta, filters.region, place):
        return False
    if filters.as_of:
        return in_force_on(meta, filters.as_of, superseded_since(meta, documents)) is True
    return True


def in_region(meta: DocumentMeta, place: str, place_units: list[str]) -> bool:
    """Whether a document applies to an asker at ``place`` (its units, as the library spells them)."""
    if place in NATIONAL_NAMES or place == "national":
        return meta.level == "national"
    return meta.level == "national" or within_or_above(region_units(meta.region), place_units)


def superseded_since(meta: DocumentMeta, documents: dict[str, DocumentMeta]) -> str | None:
    """The day the newer version that supersedes this one took effect, if the corpus has one."""
    newer = documents.get(meta.superseded_by or "")
    return in_force_from(newer) if newer else None
