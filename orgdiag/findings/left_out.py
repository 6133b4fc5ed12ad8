"""What a diagnosis leaves out and says so: the rules it could not assess, the findings a baseline holds."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict


@dataclass(frozen=True)
class NotAssessed:
    """A rule that was not run because the data holds none of a kind of fact it reasons about."""

    rule: str
    slug: str
    family: str
    #: the kinds of fact missing (coverage.DATA_KINDS)
    missing: tuple[str, ...]


class Baselined(BaseModel):
    """Findings left out because a baseline file lists them (``--baseline``): accepted as they were."""

    model_config = ConfigDict(frozen=True)

    file: str
    #: how many findings of the diagnosis the baseline holds, and so are not reported
    hidden: int
    #: baseline entries that matched no finding: fixed since it was written
    gone: int
