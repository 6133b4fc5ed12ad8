"""Column maps: which column (or JSON path) of an export holds which fact about a person.

A preset is a column map that ships with orgdiag (``presets.yaml``); ``--map FILE`` is one the user writes,
in the same format, optionally extending a preset. Names are matched case-, space- and underscore-
insensitively, so "Manager_ID", "manager id" and "ManagerId" are one column.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import regex
import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from orgdiag.model.yaml_loader import OrgYamlLoader
from orgdiag.orgfile.read import problems_of, read_with_lines
from orgdiag.problems import InputError, Problem, did_you_mean

#: What a column map can say about a person (``organisation``: about the whole export; ``grade``: a post's or a
#: junior grade's grade; ``fte``: an organogram's junior rows; ``pay_low``/``pay_high``: a post's or grade's pay
#: range; ``function``: what the post does (job/team function); ``profession``: the professional or occupational
#: group; ``paybill``: the published pay cost of the staff under the post; ``notes``: the export's notes on the
#: post; ``snapshot``: the date or period a row describes, in an export that compiles several).
FIELDS = (
    "id",
    "name",
    "first_name",
    "last_name",
    "title",
    "manager",
    "department",
    "path",
    "email",
    "status",
    "organisation",
    "grade",
    "fte",
    "pay_low",
    "pay_high",
    "function",
    "profession",
    "paybill",
    "notes",
    "snapshot",
)


class Required(BaseModel):
    """Records must have this value in one of these places (a SCIM list mixes Users with Groups)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    field: list[str]
    contains: str
    why: str


class ColumnMap(BaseModel):
    """Where each fact is in an export; see docs/importing.md for every key."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = "map"
    description: str = ""
    #: where the column names come from: the system's documentation
    docs: list[str] = Field(default_factory=list)
    kind: Literal["people", "organogram"] = "people"
    #: the industry of every organisation this system exports (UK organograms: public sector), for the profiles
    industry: str | None = None
    extends: str | None = None
    #: columns or JSON keys that only this system writes: how an export is recognised without --preset
    detect: list[str] = Field(default_factory=list)
    #: JSON: where the list of records is, tried in order ("" is the document itself)
    records: list[str] = Field(default_factory=lambda: [""])
    fields: dict[str, list[str]] = Field(default_factory=dict)
    #: the separator of a path column; by default ' > ', then '/', '\\' or '|', whichever the values use
    path_separator: str | None = None
    #: a regular expression cut from the end of unit names (Workday's "Marketing (Jane Doe)")
    unit_suffix: str | None = None
    #: status values that mean the person has left or is not active: such rows are reported, not used
    inactive: list[str] = Field(default_factory=list)
    #: name or status values that mean the post is abolished (an organogram's "Eliminated"): kept as history,
    #: left out of the live organisation
    abolished: list[str] = Field(default_factory=lambda: ["eliminated", "abolished", "post abolished", "nedlagt"])
    #: manager values that mean "no manager" (the top of the organisation)
    no_manager: list[str] = Field(default_factory=list)
    #: prefixes removed from manager references (SCIM bulk requests write 'bulkId:…')
    reference_prefixes: list[str] = Field(default_factory=list)
    required: Required | None = None

    @field_validator("unit_suffix")
    @classmethod
    def _a_pattern(cls, pattern: str | None) -> str | None:
        if pattern is not None:
            try:
                regex.compile(pattern)
            except regex.error as error:
                raise ValueError(f"not a regular expression: {error}") from None
        return pattern

    @field_validator("fields", mode="before")
    @classmethod
    def _listed(cls, value: Any) -> Any:
        """A field may name one column or several (tried in order)."""
        if isinstance(value, dict):
            unknown = [key for key in value if key not in FIELDS]
            if unknown:
                raise ValueError(f"unknown field {', '.join(map(repr, unknown))}; the fields are {', '.join(FIELDS)}")
            return {key: [names] if isinstance(names, str) else names for key, names in value.items()}
        return value

    def extend(self, base: ColumnMap) -> ColumnMap:
        """This map over ``base``: its fields replace the base's one by one, its other settings where given."""
        own = {key: getattr(self, key) for key in self.model_fields_set if key not in ("fields", "extends")}
        return base.model_copy(update={**own, "fields": {**base.fields, **self.fields}, "extends": None})


def normalise(name: str) -> str:
    """A column name as it is compared: lower case, without spaces, underscores, hyphens and dots.

    >>> normalise(" Manager_ID "), normalise("Reports To")
    ('managerid', 'reportsto')
    """
    return re.sub(r"[\s_\-.]+", "", name).casefold()


@cache
def presets() -> dict[str, ColumnMap]:
    """The built-in presets by name, in the order they are listed and tried when detecting."""
    text = resources.files("orgdiag.importers").joinpath("presets.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=OrgYamlLoader)
    built = {name: ColumnMap.model_validate({"name": name, **spec}) for name, spec in data.items()}
    return {name: spec.extend(built[spec.extends]) if spec.extends else spec for name, spec in built.items()}


def preset(name: str) -> ColumnMap:
    """A built-in preset; an unknown name is bad input that lists the known ones."""
    known = presets()
    if name not in known:
        message = f"no preset '{name}'{did_you_mean(name, known)}; known: {', '.join(known)}"
        raise InputError([Problem("--preset", None, "", message, (name,))])
    return known[name]


def load_map(path: str | Path) -> ColumnMap:
    """A column map file (YAML), extending a preset if it says ``extends: NAME``."""
    raw, lines = read_with_lines(path)
    if not isinstance(raw, dict):
        raise InputError([Problem(str(path), 1, "", "a column map is a mapping: fields, and optionally extends")])
    raw = {"name": Path(path).stem, **raw}
    try:
        column_map = ColumnMap.model_validate(raw)
    except ValidationError as error:
        raise InputError(problems_of(error, str(path), lines)) from None
    if column_map.extends is None:
        return column_map
    if column_map.extends not in presets():
        message = f"extends '{column_map.extends}', which is not a preset; known: {', '.join(presets())}"
        raise InputError([Problem(str(path), lines.get(("extends",)), "extends", message, (column_map.extends,))])
    return column_map.extend(presets()[column_map.extends])
