"""Which operating model an organisation has for its channels, as a diagnosis tells it."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class OperatingModel(BaseModel):
    """Which operating model the organisation has for its channels (Owyang's five ways companies organise), as far
    as its data tells: a model, "mixed" when the signals conflict or fit none, "insufficient-evidence" when the
    data cannot tell (docs/operating-models.md)."""

    model_config = ConfigDict(frozen=True)

    #: a model's id (``organic``, ``centralized``, ``hub-and-spoke``, ``dandelion``, ``honeycomb``), ``mixed`` or
    #: ``insufficient-evidence``
    model: str
    name: str
    #: high when every kind of fact behind it is stated, medium when some are only inferred from words
    confidence: Literal["high", "medium"] | None = None
    #: why, in a sentence or two a client can read
    why: str
    #: the models whose every condition holds
    holding: list[str] = Field(default_factory=list)
    #: the measures the models are told apart by
    measures: dict[str, float | int | bool] = Field(default_factory=dict)
    #: the elements behind the measures (the central group's units, the spokes, the hubs …)
    evidence: dict[str, list[str]] = Field(default_factory=dict)
    #: the next model on the path of maturity (organic → hub and spoke → dandelion → honeycomb)
    next: str | None = None
    #: the model the organisation declares as its target (``organisation.operating_model``), and its name
    declared: str | None = None
    declared_name: str | None = None
    #: the conditions of the declared model the organisation does not meet, in words (none when the data cannot
    #: tell)
    gaps: list[str] = Field(default_factory=list)
