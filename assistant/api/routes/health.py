"""Liveness and readiness."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse

from assistant.api.deps import Live
from assistant.api.errors import error_response

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(live: Live) -> JSONResponse:
    """200 once the service can answer questions (index loaded); 503 while it is still loading."""
    if not live.ready:
        return error_response(503, "not_ready", live.load_error or "the index is still loading")
    return JSONResponse({"status": "ok"})


@router.get("/readyz")
def readyz(live: Live) -> JSONResponse:
    """Readiness with what is loaded: document, clause and chunk counts, embedder, build time, re-indexing."""
    if not live.ready:
        return error_response(503, "not_ready", live.load_error or "the index is still loading")
    manifest: dict[str, Any] = live.snapshot.assistant.index.manifest
    return JSONResponse({
        "status": "ready", "counts": manifest.get("counts"), "embedder": manifest.get("embedder"),
        "built_at": manifest.get("built_at"), "reindexing": live.reindexing,
    })
