"""What an enterprise must do: the obligations checklist built from the clauses, and answers composed from it."""

from assistant.obligations.catalogue import Checklist, EnterpriseProfile, Obligation, ObligationCatalogue
from assistant.obligations.render import render

__all__ = ["Checklist", "EnterpriseProfile", "Obligation", "ObligationCatalogue", "render"]
