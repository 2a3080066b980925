"""Who is responsible: the duty map extracted from the clauses, and answers composed from it."""

from assistant.duties.duty_map import DutyMap
from assistant.duties.records import RELATION_NAMES, DutyQuery, DutyRecord, DutyResult

__all__ = ["RELATION_NAMES", "DutyMap", "DutyQuery", "DutyRecord", "DutyResult"]
