"""One router per area; ``assistant.api.build_app`` includes each."""
