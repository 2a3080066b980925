"""The assistant built once from settings; the live (hot-swapping) service the API and web app share."""

from assistant.service.assistant import Assistant, assemble_assistant, ensure_index, open_assistant

__all__ = ["Assistant", "assemble_assistant", "ensure_index", "open_assistant"]
