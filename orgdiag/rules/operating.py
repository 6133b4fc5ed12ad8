"""Which operating model an organisation has for its channels: the measures of
:mod:`orgdiag.measure.operating` held against the models and thresholds of ``rules/operating-models/models.yaml``
(data, like the rules and their profiles)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from orgdiag.coverage import HOW_TO_ADD, Coverage
from orgdiag.findings import OperatingModel
from orgdiag.measure.operating import OperatingMeasures
from orgdiag.model.yaml_loader import OrgYamlLoader
from orgdiag.problems import Problem, RuleError
from orgdiag.resources import operating_models_path

MIXED, INSUFFICIENT = "mixed", "insufficient-evidence"


class Condition(BaseModel):
    """One measure's threshold: at least, below, or equal to a value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    at_least: float | None = None
    below: float | None = None
    is_: bool | None = Field(default=None, alias="is")

    @model_validator(mode="after")
    def _names_a_threshold(self) -> Condition:
        if self.at_least is None and self.below is None and self.is_ is None:
            raise ValueError("a condition needs at_least, below or is")
        return self

    def holds(self, value: float | bool) -> bool:
        if self.at_least is not None and not value >= self.at_least:
            return False
        if self.below is not None and not value < self.below:
            return False
        return self.is_ is None or value is self.is_


class ModelSpec(BaseModel):
    """One operating model: what it is, and the conditions on the measures under which the data shows it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    definition: str
    when: dict[str, Condition]
    #: models this one is a form of: when both hold, this one is the answer
    refines: tuple[str, ...] = ()


class Source(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    author: str
    year: int
    url: str


class OperatingModels(BaseModel):
    """The file of operating models."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sources: tuple[Source, ...]
    needs: tuple[Literal["units", "channels", "responsibilities", "roles", "participation", "links"], ...]
    min_channels: int = Field(ge=1)
    models: tuple[ModelSpec, ...]
    next: dict[str, str]

    def find(self, model_id: str) -> ModelSpec | None:
        return next((model for model in self.models if model.id == model_id), None)


MEASURES = (
    "channels",
    "central_share",
    "spokes",
    "coordinated_share",
    "hubs",
    "tied_hub_share",
    "central_standards",
    "broad_participants",
    "participation_share",
    "has_central_group",
)


def load_operating_models(path: Path) -> OperatingModels:
    """Read and check a file of operating models; :class:`~orgdiag.problems.RuleError` names each problem."""
    try:
        loaded = OperatingModels.model_validate(yaml.load(path.read_text(encoding="utf-8"), Loader=OrgYamlLoader))
    except ValidationError as error:
        places = [(".".join(map(str, e["loc"])), e["msg"]) for e in error.errors(include_url=False)]
        raise RuleError([Problem(str(path), None, place, message, ()) for place, message in places]) from None
    ids = {model.id for model in loaded.models}
    unknown = [
        (model.id, name)
        for model in loaded.models
        for name in (*model.when, *model.refines)
        if name not in MEASURES and name not in ids
    ]
    unknown += [("next", name) for pair in loaded.next.items() for name in pair if name not in ids]
    if unknown:
        message = "unknown measure or model '{}'"
        raise RuleError([Problem(str(path), None, where, message.format(name), (name,)) for where, name in unknown])
    return loaded


@cache
def builtin_operating_models() -> OperatingModels:
    """The built-in operating models (``rules/operating-models/models.yaml``)."""
    return load_operating_models(operating_models_path())


def classify(measures: OperatingMeasures, coverage: Coverage, models: OperatingModels | None = None) -> OperatingModel:
    """The organisation's operating model, with why, the measures and the elements behind them.

    >>> from orgdiag.orgfile import load_org
    >>> from orgdiag.diagnosis import diagnose
    >>> diagnose(load_org("fixtures/demo/nordvik-sport.yaml")).operating_model.model
    'organic'
    """
    models = models or builtin_operating_models()
    values = measures.values()
    evidence = _evidence(measures)
    lacking = coverage.missing(models.needs)
    if lacking or measures.channels < models.min_channels:
        if lacking:
            why = f"the data states no {_or(lacking)}; {HOW_TO_ADD}"
        else:
            why = f"it names {_n(measures.channels, 'channel')}, and a model needs at least {models.min_channels}"
        return OperatingModel(
            model=INSUFFICIENT,
            name="Insufficient evidence",
            why=f"The data cannot tell how the organisation is organised for its channels: {why}.",
            measures=values,
            evidence=evidence,
        )
    holding = [m.id for m in models.models if all(c.holds(values[name]) for name, c in m.when.items())]
    refined = {base for model_id in holding for base in _spec(models, model_id).refines}
    answers = [model_id for model_id in holding if model_id not in refined]
    confidence: Literal["high", "medium"] = "medium" if coverage.only_inferred(models.needs) else "high"
    if len(answers) != 1:
        return OperatingModel(
            model=MIXED,
            name="Mixed",
            confidence=confidence,
            why=_mixed_why(models, answers, measures),
            holding=holding,
            measures=values,
            evidence=evidence,
        )
    spec = _spec(models, answers[0])
    return OperatingModel(
        model=spec.id,
        name=spec.name,
        confidence=confidence,
        why=f"{spec.definition} Here, {_facts(measures)}.",
        holding=holding,
        measures=values,
        evidence=evidence,
        next=models.next.get(spec.id),
    )


def _spec(models: OperatingModels, model_id: str) -> ModelSpec:
    spec = models.find(model_id)
    assert spec is not None, "load_operating_models checked every model named"
    return spec


def _mixed_why(models: OperatingModels, answers: list[str], measures: OperatingMeasures) -> str:
    if answers:
        names = " and ".join(_spec(models, a).name for a in answers)
        return f"The signals conflict: the organisation fits {names} at once. Here, {_facts(measures)}."
    return f"No model fits. Here, {_facts(measures)}."


def _facts(m: OperatingMeasures) -> str:
    """What the measures say, in words a client reads."""
    if not m.central_units:
        parts = ["no head of marketing is named, so there is no central group"]
    else:
        central = len(m.central_channels)
        parts = [f"{central} of {_n(m.channels, 'channel')} {_be(central)} run by the marketing organisation"]
        if m.spokes:
            runs = f"{_n(len(m.spokes), 'unit')} outside it {'runs' if len(m.spokes) == 1 else 'run'} channels"
            if m.coordinated_spokes:
                coordinated = f"{len(m.coordinated_spokes)} of them under a strategy set in the marketing organisation"
            else:
                coordinated = "and the marketing organisation sets the strategy of no channel they run"
            parts.append(f"{runs}, {coordinated}")
        else:
            parts.append("no unit outside it runs a channel")
        owns = "owns" if m.central_standards else "does not own"
        parts.append(f"the marketing organisation {owns} the strategy for every channel (marcom/strategy)")
    if m.hubs:
        parts.append(f"{_n(len(m.hubs), 'unit')} outside it set the strategy for the units below {_them(m.hubs)}")
    if m.broad_participants:
        taking_part = _n(len(m.broad_participants), "employee")
        verb = "takes" if len(m.broad_participants) == 1 else "take"
        parts.append(f"{taking_part} outside marketing in no communicating role {verb} part")
    return "; ".join(parts)


def _or(words: list[str]) -> str:
    return ", ".join(words[:-1]) + (" or " if len(words) > 1 else "") + words[-1]


def _them(items: tuple[str, ...]) -> str:
    return "it" if len(items) == 1 else "them"


def _be(count: int) -> str:
    return "is" if count == 1 else "are"


def _n(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _evidence(measures: OperatingMeasures) -> dict[str, list[str]]:
    evidence = {
        "central_units": list(measures.central_units),
        "central_channels": list(measures.central_channels),
        "spokes": list(measures.spokes),
        "coordinated_spokes": list(measures.coordinated_spokes),
        "hubs": list(measures.hubs),
        "tied_hubs": list(measures.tied_hubs),
        "broad_participants": list(measures.broad_participants[:20]),
        "ties": [f"{a} – {b}" for a, b in measures.ties],
    }
    return {name: ids for name, ids in evidence.items() if ids}
