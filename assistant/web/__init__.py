"""The web app (Gradio, mounted at /ui of the HTTP service); it calls the same LiveService as the API.

Private by default: Gradio's usage analytics and its version check (calls to api.gradio.app, and
Hugging Face telemetry) are switched off before Gradio is imported, unless the operator asks for them
with GRADIO_ANALYTICS_ENABLED=True.
"""

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

from assistant.web.app import mount_ui  # noqa: E402 - Gradio reads the setting above when it is imported

__all__ = ["mount_ui"]
