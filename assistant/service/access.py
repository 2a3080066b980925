"""API keys, checked the same way for the HTTP API and the web app: in constant time, never logged."""

from __future__ import annotations

import hmac

from pydantic import SecretStr

from assistant.errors import AccessDeniedError


def check_key(presented: str | None, accepted: list[SecretStr], what: str) -> None:
    """Raise AccessDeniedError unless ``presented`` equals one of the accepted keys."""
    if presented is None:
        raise AccessDeniedError(f"{what} needs an API key: send it as 'X-API-Key: KEY' or 'Authorization: Bearer KEY'",
                                missing=True)
    given = presented.encode()
    matches = [hmac.compare_digest(given, key.get_secret_value().encode()) for key in accepted]
    if not any(matches):
        raise AccessDeniedError(f"the API key is not valid for {what}", missing=False)
