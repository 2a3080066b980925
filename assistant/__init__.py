"""Cited answers over Chinese work-safety (安全生产) laws, regulations and policy documents."""

__version__ = "0.1.0"
