"""API keys: writes need ASSISTANT_API_KEY; reads are open unless ASSISTANT_READ_API_KEY is set.

A key comes as ``X-API-Key: KEY`` or ``Authorization: Bearer KEY``; it is compared in constant time
and never logged or echoed.
"""

from __future__ import annotations

from fastapi import Request

from assistant.errors import AccessDeniedError
from assistant.service.access import check_key
from assistant.settings import Settings


def presented_key(request: Request) -> str | None:
    """The key a request carries, if any."""
    key = request.headers.get("x-api-key")
    if key:
        return key
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def require_writer(settings: Settings, request: Request, operation: str = "adding documents") -> None:
    """Changing the library (add, remove, replace): only with ASSISTANT_API_KEY configured and presented."""
    if settings.api_key is None:
        raise AccessDeniedError(f"{operation} over HTTP is disabled: start the server with ASSISTANT_API_KEY set",
                                missing=False)
    check_key(presented_key(request), [settings.api_key], operation)


def require_reader(settings: Settings, request: Request) -> None:
    """Reading: open, unless ASSISTANT_READ_API_KEY is set (then it or the write key)."""
    if settings.read_api_key is None:
        return
    accepted = [settings.read_api_key] + ([settings.api_key] if settings.api_key else [])
    check_key(presented_key(request), accepted, "reading")
