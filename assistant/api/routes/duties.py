"""Who is responsible: the duty map read from the clauses (body → duty, each with its clause)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from assistant.api.deps import Live, reader
from assistant.api.schemas import ERRORS
from assistant.duties.records import DutyResult
from assistant.errors import IndexNotReadyError

router = APIRouter(prefix="/v1", tags=["duties"], dependencies=[Depends(reader)], responses=ERRORS)


@router.get("/duties", response_model=DutyResult)
def duties(
    live: Live,
    industry: Annotated[str | None, Query(description="industry or task words, e.g. 道路运输, 消防", max_length=100)] = None,
    body: Annotated[str | None, Query(description="a body in any usual form, e.g. 公安局, 交运局, 安委会",
                                      max_length=100)] = None,
    region: Annotated[str | None, Query(description="a place in the documents' regions, e.g. 枞阳", max_length=100)] = None,
    doc: Annotated[str | None, Query(description="a document id or part of its title", max_length=200)] = None,
) -> DutyResult:
    """Which bodies are responsible for what: (body, duty) pairs matching every filter given, national first.

    Each record carries the body as the text writes it and its canonical department (交运局 = 交通运输),
    the duty, the sentence it comes from and its citation (`doc_id`, `title`, `clause_id`, `clause_label`,
    `status`). At least one filter is required (422 otherwise).
    """
    duty_map = live.snapshot.assistant.duties
    if duty_map is None:
        raise IndexNotReadyError("the duty map is not loaded")
    return duty_map.query(industry=_given(industry), body=_given(body), region=_given(region), doc=_given(doc))


def _given(value: str | None) -> str | None:
    return (value or "").strip() or None
