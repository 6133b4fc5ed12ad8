"""The findings document as JSON, and the version of every JSON document orgdiag writes."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from orgdiag.findings.finding import Finding, UnusedAccept
from orgdiag.findings.left_out import Baselined, NotAssessed
from orgdiag.findings.operating_model import OperatingModel
from orgdiag.model import Organisation
from orgdiag.structure import UnitCount

#: The version of every JSON document orgdiag writes (findings, changes, comparison, import report, rules list):
#: its major number changes only when a field is removed or changes meaning; adding a field keeps it.
SCHEMA_VERSION = "1.2"


class CoverageJson(BaseModel):
    """What the data covers (:class:`~orgdiag.coverage.Coverage`), with the sentence the reports print."""

    #: each kind of fact: stated, only inferred from words, surveyed and found empty, or absent (unknown)
    kinds: dict[str, Literal["stated", "inferred", "surveyed", "absent"]]
    live_posts: int
    vacant_posts: int
    abolished_posts: int
    staff_fte: float
    posts_with_staff: int
    staff_under_abolished: float
    units: dict[str, UnitCount]
    #: the pay of every live post and its staff, estimated, beside the paybills published, where any pay is given
    pay: UnitCount | None = None
    summary: str


class FindingsJson(BaseModel):
    """The findings document as JSON: what ``orgdiag diagnose --format json`` prints and findings.json holds.
    ``orgdiag schema --findings`` prints its JSON Schema."""

    model_config = ConfigDict(title="orgdiag findings document", extra="forbid")

    schema_version: str = Field(default=SCHEMA_VERSION, description="major.minor of this document's form")
    organisation: Organisation
    #: the threshold profiles applied, in order
    profiles: list[str]
    #: every finding, most serious first; an accepted one says why (``accepted``)
    findings: list[Finding]
    unused_accepts: list[UnusedAccept]
    coverage: CoverageJson | None = None
    #: by family, the codes of the rules that were run
    assessed: dict[str, list[str]] | None = None
    #: the rules not run for want of data, and what they lacked
    not_assessed: list[NotAssessed] | None = None
    baseline: Baselined | None = None
    operating_model: OperatingModel | None = None
