"""Every error leaves the API as {"error": {"code", "message"}} with a stable code and an HTTP status.

Bad input is always 4xx: request validation, unreadable uploads and size limits are the caller's to fix.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from assistant.errors import (
    AccessDeniedError,
    AssistantError,
    ConfigurationError,
    DiskFullError,
    IndexNotReadyError,
    InvalidInputError,
    NotFoundError,
    StoreUnavailableError,
    TooLargeError,
    UnknownConversationError,
    UnreadableDocumentError,
)

log = logging.getLogger(__name__)

# Most specific first: the first class an error is an instance of decides its status and code.
_STATUS_CODES: tuple[tuple[type[AssistantError], int, str], ...] = (
    (InvalidInputError, 422, "invalid_input"),
    (UnreadableDocumentError, 422, "unreadable_document"),
    (NotFoundError, 404, "not_found"),
    (UnknownConversationError, 404, "not_found"),
    (TooLargeError, 413, "too_large"),
    (IndexNotReadyError, 503, "not_ready"),
    (StoreUnavailableError, 503, "store_unavailable"),
    (ConfigurationError, 500, "configuration_error"),
    (DiskFullError, 507, "insufficient_storage"),
)
_HTTP_CODES = {
    404: "not_found", 405: "method_not_allowed", 413: "too_large", 415: "unsupported_media_type",
    400: "bad_request", 401: "missing_api_key", 403: "invalid_api_key",
}


def error_body(code: str, message: str, **details: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **details}}


def error_response(status: int, code: str, message: str, **details: Any) -> JSONResponse:
    return JSONResponse(status_code=status, content=error_body(code, message, **details))


def install_error_handlers(app: FastAPI) -> None:
    """Map the assistant's errors, FastAPI's validation errors and Starlette's HTTP errors to JSON."""

    @app.exception_handler(AssistantError)
    async def assistant_error(_: Request, error: AssistantError) -> JSONResponse:
        if isinstance(error, AccessDeniedError):
            status, code = (401, "missing_api_key") if error.missing else (403, "invalid_api_key")
            headers = {"WWW-Authenticate": "Bearer"} if error.missing else None
            return JSONResponse(status_code=status, content=error_body(code, str(error)), headers=headers)
        for kind, status, code in _STATUS_CODES:
            if isinstance(error, kind):
                return error_response(status, code, str(error))
        log.exception("unexpected assistant error", exc_info=error)
        return error_response(500, "internal_error", str(error))

    @app.exception_handler(RequestValidationError)
    async def validation_error(_: Request, error: RequestValidationError) -> JSONResponse:
        problems = [_describe(problem) for problem in error.errors()]
        return error_response(422, "invalid_request", "; ".join(problems) or "the request is not valid",
                              fields=[problem.get("loc", [])[-1] for problem in error.errors() if problem.get("loc")])

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, error: HTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(error.status_code, "http_error")
        message = error.detail if isinstance(error.detail, str) else str(error.detail)
        return JSONResponse(status_code=error.status_code, content=error_body(code, message),
                            headers=getattr(error, "headers", None))


def _describe(problem: dict[str, Any]) -> str:
    where = ".".join(str(part) for part in problem.get("loc", ()) if part != "body") or "request"
    return f"{where}: {problem.get('msg', 'invalid')}"
