"""The HTTP service: a FastAPI app over one LiveService, with the web app mounted at /ui.

Areas add a router module under ``assistant/api/routes/`` and one ``include_router`` line here.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.responses import RedirectResponse

from assistant.api.errors import install_error_handlers
from assistant.api.routes import ask, chat, duties, health, library, obligations, openai_compat, quiz
from assistant.service.live import LiveService
from assistant.settings import Settings
from assistant.web.app import mount_ui


def build_app(settings: Settings | None = None) -> FastAPI:
    """The app; the index loads in the background at start-up (GET /healthz answers 200 once it has)."""
    settings = settings or Settings()
    live = LiveService(settings)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        live.start_loading()
        yield

    app = FastAPI(
        title="安全生产法规问答助手 API",
        description="Cited answers over Chinese work-safety laws and policy documents. "
                    "Errors: {\"error\": {\"code\", \"message\"}}. Writes need the API key (X-API-Key or Bearer). "
                    "OpenAI-compatible chat for chat clients: GET /v1/models, POST /v1/chat/completions.",
        version="1",
        lifespan=lifespan,
    )
    app.state.live = live
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(ask.router)
    app.include_router(library.router)
    app.include_router(chat.router)
    app.include_router(duties.router)
    app.include_router(obligations.router)
    app.include_router(quiz.router)
    app.include_router(openai_compat.router)

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/ui/")

    mount_ui(app, live)
    return app
