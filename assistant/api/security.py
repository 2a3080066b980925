"""API keys: writes need ASSISTANT_API_KEY; reads are open unless ASSISTANT_READ_API_KEY is set.

A key comes as ``Authorization: Bearer KEY`` (what OpenAI-style clients send) or ``X-API-Key: KEY``.
Both are declared with FastAPI's security classes, so /docs shows them and its "Authorize" button works;
``auto_error=False`` leaves the decision (open reads, 401 or 403) to the checks below. A key is compared
in constant time and never logged or echoed.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends
from fastapi.security import APIKeyHeader, HTTPAuthorizationCredentials, HTTPBearer

from assistant.errors import AccessDeniedError
from assistant.service.access import check_key
from assistant.settings import Settings

bearer_scheme = HTTPBearer(auto_error=False, scheme_name="BearerKey",
                           description="the API key as `Authorization: Bearer KEY` (OpenAI-style clients send this)")
key_header_scheme = APIKeyHeader(name="X-API-Key", auto_error=False, scheme_name="ApiKeyHeader",
                                 description="the API key as `X-API-Key: KEY`")


def presented_key(
    bearer: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)],
    header: Annotated[str | None, Depends(key_header_scheme)],
) -> str | None:
    """The key a request carries, if any: X-API-Key first, then a bearer token."""
    if header:
        return header
    if bearer is None or not bearer.credentials.strip():
        return None
    return bearer.credentials.strip()


PresentedKey = Annotated[str | None, Depends(presented_key)]


def require_writer(settings: Settings, key: str | None, operation: str = "adding documents") -> None:
    """Changing the library (add, remove, replace): only with ASSISTANT_API_KEY configured and presented."""
    if settings.api_key is None:
        raise AccessDeniedError(f"{operation} over HTTP is disabled: start the server with ASSISTANT_API_KEY set",
                                missing=False)
    check_key(key, [settings.api_key], operation)


def require_reader(settings: Settings, key: str | None) -> None:
    """Reading: open, unless ASSISTANT_READ_API_KEY is set (then it or the write key)."""
    if settings.read_api_key is None:
        return
    accepted = [settings.read_api_key] + ([settings.api_key] if settings.api_key else [])
    check_key(key, accepted, "reading")
