"""What an enterprise must do: its profile in, the obligations that apply out, each cited with its condition."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import Field

from assistant.api.deps import Live, reader
from assistant.api.schemas import ERRORS
from assistant.errors import IndexNotReadyError
from assistant.obligations.catalogue import Checklist, EnterpriseProfile
from assistant.obligations.render import render

router = APIRouter(prefix="/v1", tags=["obligations"], dependencies=[Depends(reader)], responses=ERRORS)
DOWNLOADS = {"md": ("text/markdown; charset=utf-8", "md"), "csv": ("text/csv; charset=utf-8", "csv")}


class ProfileRequest(EnterpriseProfile):
    """The enterprise: industry (e.g. 危险化学品), head count, high-risk flag (guessed from the industry
    when omitted) and region (its local documents are added; without it only national texts)."""

    industry: str | None = Field(default=None, max_length=100, examples=["危险化学品"])
    employees: int | None = Field(default=None, ge=0, le=10_000_000, examples=[350])
    region: str | None = Field(default=None, max_length=100, examples=["沅江"])


@router.post("/obligations", response_model=Checklist,
             responses={200: {"content": {"text/markdown": {}, "text/csv": {}},
                              "description": "the checklist (JSON), or a Markdown/CSV download with ?format="}})
def obligations(
    profile: ProfileRequest,
    live: Live,
    format: Annotated[Literal["json", "md", "csv"], Query(description="json (default), or md/csv as a download")] = "json",
) -> Response:
    """The obligations that apply to an enterprise, national law first, then what the region's documents add.

    Each obligation has its topic, the requirement as the text says it, whether it is `required` or only
    `encouraged`, the `condition` that made it apply, and its citation (`doc_id`, `title`, `clause_id`,
    `clause_label`, `status`). `notes` say what the profile left undecided. `?format=md` or `csv` returns
    the same checklist as a file to download.
    """
    catalogue = live.snapshot.assistant.obligations
    if catalogue is None:
        raise IndexNotReadyError("the obligation catalogue is not loaded")
    checklist = catalogue.checklist(EnterpriseProfile.model_validate(profile.model_dump()))
    if format == "json":
        return Response(checklist.model_dump_json(), media_type="application/json")
    media_type, suffix = DOWNLOADS[format]
    return Response(render(checklist, format), media_type=media_type,
                    headers={"Content-Disposition": f'attachment; filename="obligations.{suffix}"'})
