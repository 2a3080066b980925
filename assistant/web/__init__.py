"""The web app (Gradio, mounted at /ui of the HTTP service); it calls the same LiveService as the API."""

from assistant.web.app import mount_ui

__all__ = ["mount_ui"]
