"""Which operating model an organisation has for its channels: the measures of
:mod:`orgdiag.measure.operating` held against the models and thresholds of ``rules/operating-models/models.yaml``
(data, like the rules and their profiles)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from orgdiag.coverage import HOW_TO_ADD, Coverage
from orgdiag.findings import OperatingModel
from orgdiag.measure.operating import OperatingMeasures
from orgdiag.model import OPERATING_MODELS, SPOKE_MODELS
from orgdiag.naming import plural
from orgdiag.orgfile.read import read_with_lines
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


#: The measures a model's conditions may name, each in words a client reads (docs/operating-models.md).
MEASURES: dict[str, str] = {
    "channels": "channels",
    "central_share": "the share of channels the marketing organisation runs",
    "spokes": "units outside the marketing organisation that run channels",
    "coordinated_share": "the share of channel-running units outside marketing whose strategy is set in marketing",
    "hubs": "units outside the marketing organisation that set the strategy of the channels of units below them",
    "tied_hub_share": "the share of such hubs tied back to the marketing organisation",
    "central_standards": "the marketing organisation owns one strategy for every channel (marcom/strategy)",
    "broad_participants": "experts and employees outside marketing, in no communicating role, who take part",
    "participation_share": "the share of the positions outside marketing that take part",
    "has_central_group": "a head of marketing, and so a central group, is named",
    "central_budget_share": "the share of the channels with a budget whose budget the marketing organisation holds",
    "central_agency_share": "the share of the agencies the marketing organisation contracted",
}


def load_operating_models(path: Path) -> OperatingModels:
    """Read and check a file of operating models; :class:`~orgdiag.problems.RuleError` names each problem."""
    try:
        loaded = OperatingModels.model_validate(read_with_lines(path, RuleError)[0])
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
    unknown += [("models", model_id) for model_id in sorted(ids - set(OPERATING_MODELS))]
    if unknown:
        message = "unknown measure or model '{}'"
        raise RuleError([Problem(str(path), None, where, message.format(name), (name,)) for where, name in unknown])
    return loaded


@cache
def builtin_operating_models() -> OperatingModels:
    """The built-in operating models (``rules/operating-models/models.yaml``)."""
    return load_operating_models(operating_models_path())


def classify(
    measures: OperatingMeasures,
    coverage: Coverage,
    models: OperatingModels | None = None,
    declared: str | None = None,
) -> OperatingModel:
    """The organisation's operating model, with why, the measures and the elements behind them; with a `declared`
    target (``organisation.operating_model``), the conditions of that model the organisation does not meet.

    >>> from orgdiag.orgfile import load_org
    >>> from orgdiag.diagnosis import diagnose
    >>> diagnose(load_org("fixtures/demo/nordvik-sport.yaml")).operating_model.model
    'organic'
    """
    models = models or builtin_operating_models()
    found = _observed(measures, coverage, models)
    if declared is None:
        return found
    target = _spec(models, declared)
    gaps = [] if found.confidence is None else _gaps(target, measures)
    return found.model_copy(update={"declared": declared, "declared_name": target.name, "gaps": gaps})


def _observed(measures: OperatingMeasures, coverage: Coverage, models: OperatingModels) -> OperatingModel:
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
    confidence, doubts = _confidence(coverage, models)
    if len(answers) != 1:
        return OperatingModel(
            model=MIXED,
            name="Mixed",
            confidence=confidence,
            why=_mixed_why(models, answers, measures) + doubts,
            holding=holding,
            measures=values,
            evidence=evidence,
        )
    spec = _spec(models, answers[0])
    return OperatingModel(
        model=spec.id,
        name=spec.name,
        confidence=confidence,
        why=f"{spec.definition} Here, {_facts(measures)}.{doubts}",
        holding=holding,
        measures=values,
        evidence=evidence,
        next=models.next.get(spec.id),
    )


#: The kinds of evidence the measures read beside what a model needs: where nobody stated or surveyed them, the
#: measures read "no coordination" and "nobody else takes part" from silence.
READ_BESIDE = ("links", "participation")
#: The kinds of fact behind a model, as the confidence sentence names them.
_NAMES = {
    "units": "units",
    "channels": "channels",
    "responsibilities": "responsibilities",
    "roles": "roles",
    "links": "coordination links",
    "participation": "entries of who takes part on the channels",
}


def _confidence(coverage: Coverage, models: OperatingModels) -> tuple[Literal["high", "medium"], str]:
    """High when every fact behind the answer is stated (or surveyed) and none is an assumption; medium otherwise,
    with why in a sentence to add to the answer's (empty when high)."""
    doubts = [f"the {_NAMES[kind]} are read from words" for kind in coverage.only_inferred(models.needs)]
    doubts += [
        f"some {_NAMES[kind]} are assumptions"
        for kind in sorted(coverage.assumed)
        if kind in (*models.needs, *READ_BESIDE)
    ]
    doubts += [f"the {_NAMES[kind]} were neither stated nor surveyed" for kind in coverage.missing(READ_BESIDE)]
    if not doubts:
        return "high", ""
    return "medium", f" Medium confidence: {'; '.join(doubts)}."


def _gaps(target: ModelSpec, measures: OperatingMeasures) -> list[str]:
    """Each condition of the target model the measures do not meet, in a sentence.

    >>> spec = ModelSpec(id="x", name="H", definition="", when={"coordinated_share": {"at_least": 0.5}})
    >>> for gap in _gaps(spec, OperatingMeasures(3, ("m",), ("a",), ("b", "c"), (), (), (), False, (), 5)): print(gap)
    the share of channel-running units outside marketing whose strategy is set in marketing is 0%; H needs at least 50%
    """
    values = measures.values()
    return [
        f"{MEASURES[name]} is {_shown(name, values[name])}; {target.name} needs {_needed(name, condition)}"
        for name, condition in target.when.items()
        if not condition.holds(values[name])
    ]


def _shown(name: str, value: float | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "not so"
    return f"{value:.0%}" if name.endswith("_share") else f"{value:g}"


def _needed(name: str, condition: Condition) -> str:
    if condition.is_ is not None:
        return "it" if condition.is_ else "it not to be so"
    parts = []
    if condition.at_least is not None:
        parts.append(f"at least {_shown(name, condition.at_least)}")
    if condition.below is not None:
        parts.append(f"under {_shown(name, condition.below)}")
    return " and ".join(parts)


def model_fields(model: OperatingModel, measures: OperatingMeasures) -> dict[str, object]:
    """The `org` fact's fields that hold the observed model against the declared one
    (:data:`~orgdiag.measure.facts.organisation.MODEL_FIELDS`)."""
    coordinated_targets = {"centralized", "hub-and-spoke", "honeycomb"}
    return {
        "declared_model_name": model.declared_name or "",
        "observed_model_name": model.name,
        "model_gap_count": len(model.gaps),
        "model_gaps": "; ".join(model.gaps),
        "gap_strategy_owners": list(measures.spoke_strategists) if model.declared in coordinated_targets else [],
        "spokes_by_design": model.model in SPOKE_MODELS or model.declared in SPOKE_MODELS,
    }


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
        if m.budgets or m.agencies:
            parts.append(_money_and_agencies(m))
    if m.ties:
        tie = "1 link or dotted line ties" if len(m.ties) == 1 else f"{len(m.ties)} links or dotted lines tie"
        parts.append(f"{tie} it to units outside it")
    if m.hubs:
        parts.append(
            f"{_n(len(m.hubs), 'unit')} outside it lead (set the strategy for, or coordinate) the units below "
            f"{_them(m.hubs)}"
        )
    if m.broad_participants:
        taking_part = _n(len(m.broad_participants), "employee")
        verb = "takes" if len(m.broad_participants) == 1 else "take"
        parts.append(f"{taking_part} outside marketing in no communicating role {verb} part")
    return "; ".join(parts)


def _money_and_agencies(m: OperatingMeasures) -> str:
    """Where the budgets and agency contracts are held, as far as the data states them."""
    held = []
    if m.budgets:
        held.append(f"the budget of {m.central_budgets} of {_n(m.budgets, 'channel')}")
    if m.agencies:
        held.append(f"{len(m.central_agencies)} of {_n(m.agencies, 'agency contract')}")
    return f"it holds {' and '.join(held)}"


def _or(words: list[str]) -> str:
    return ", ".join(words[:-1]) + (" or " if len(words) > 1 else "") + words[-1]


def _them(items: tuple[str, ...]) -> str:
    return "it" if len(items) == 1 else "them"


def _be(count: int) -> str:
    return "is" if count == 1 else "are"


def _n(count: int, word: str) -> str:
    return f"{count} {plural(word, count)}"


def _evidence(measures: OperatingMeasures) -> dict[str, list[str]]:
    evidence = {
        "central_units": list(measures.central_units),
        "central_channels": list(measures.central_channels),
        "spokes": list(measures.spokes),
        "coordinated_spokes": list(measures.coordinated_spokes),
        "hub_spokes": list(measures.hub_spokes),
        "hubs": list(measures.hubs),
        "tied_hubs": list(measures.tied_hubs),
        "central_agencies": list(measures.central_agencies),
        "broad_participants": list(measures.broad_participants[:20]),
        "ties": [f"{a} – {b}" for a, b in measures.ties],
    }
    return {name: ids for name, ids in evidence.items() if ids}
