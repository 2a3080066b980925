"""Linear models over named features, fitted offline on the dev questions (``python -m assistant train-ranker``).

A model is plain data (assistant/data/ranker.json): feature names, their mean and spread on the
training candidates, one weight each and a bias, plus how it was trained and what cross-validation
measured. Scoring is one dot product, so ranking 100 candidates costs microseconds.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import ConfigurationError

MODEL_FILE = "ranker.json"


@dataclass(frozen=True)
class LinearModel:
    """score = bias + Σ weight·(feature − mean)/spread: the not-found model's log-odds; for the clause ranker,
    fitted per question, differences between one question's candidates are log-odds of coming first."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    bias: float
    mean: tuple[float, ...]
    spread: tuple[float, ...]
    threshold: float = 0.0  # for a yes/no model: answer "yes" at or above this score

    def score(self, rows: np.ndarray) -> np.ndarray:
        if rows.ndim != 2 or rows.shape[1] != len(self.features):
            raise ValueError(f"expected {len(self.features)} features, got shape {rows.shape}")
        scaled = (rows - np.asarray(self.mean)) / np.asarray(self.spread)
        return scaled @ np.asarray(self.weights) + self.bias

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinearModel:
        return cls(features=tuple(data["features"]), weights=tuple(data["weights"]), bias=float(data["bias"]),
                   mean=tuple(data["mean"]), spread=tuple(data["spread"]), threshold=float(data.get("threshold", 0.0)))


@dataclass(frozen=True)
class Models:
    """The clause ranker and the answerability model, with how they were made."""

    clause: LinearModel
    answerable: LinearModel
    provenance: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        return json.dumps({"clause": asdict(self.clause), "answerable": asdict(self.answerable),
                           "provenance": self.provenance}, ensure_ascii=False, indent=1)


def parse_models(text: str, source: str) -> Models:
    try:
        data = json.loads(text)
        return Models(LinearModel.from_dict(data["clause"]), LinearModel.from_dict(data["answerable"]),
                      data.get("provenance", {}))
    except (ValueError, KeyError, TypeError) as error:
        raise ConfigurationError(f"ranking models in {source} are unreadable ({error}); "
                                 "refit them with: python -m assistant train-ranker") from error


@lru_cache(maxsize=1)
def bundled_models() -> Models:
    """The models shipped with the package."""
    return parse_models(resources.files("assistant.data").joinpath(MODEL_FILE).read_text(encoding="utf-8"), MODEL_FILE)


def write_models(models: Models, path: Path) -> None:
    path.write_text(models.to_json() + "\n", encoding="utf-8")
