"""A history as the renderers see it: plain data, built by :func:`orgdiag.over_time.trace.history`.

Snapshots are numbered from 0, the earliest; a finding's span lists the snapshots it was open in.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from orgdiag.findings import FindingsDocument, Severity
from orgdiag.model import OrgFile
from orgdiag.over_time.dates import SnapshotDate


@dataclass(frozen=True)
class SnapshotSummary:
    """One snapshot's size, shape and findings.

    ``headcount`` is the live posts that are held (not vacant); ``fte`` adds the staff counted under posts (an
    organogram's junior staff), so that it is the workforce the data shows.
    """

    label: str
    date: str
    sources: tuple[str, ...]
    posts: int
    vacant: int
    headcount: int
    staff_fte: float
    fte: float
    #: posts with a team (listed direct reports or staff counted under them)
    managers: int
    #: the median team of those managers, and the widest
    median_span: float
    widest_span: int
    #: reporting layers from the top to the deepest post, or to the staff counted under it (orgdiag.structure)
    layers: int
    #: open findings by severity, most serious first
    findings: Mapping[Severity, int]
    operating_model: str
    #: lists fewer than half the posts of the middle snapshot: perhaps a partial publication, so that what is
    #: missing from it is no evidence that it is gone
    partial: bool = False


def middle_posts(snapshots: Iterable[SnapshotSummary]) -> float:
    """The posts of the middle snapshot (the median): what a snapshot is called partial against."""
    return statistics.median(s.posts for s in snapshots)


@dataclass(frozen=True)
class Step:
    """What changed from one snapshot to the next: how the later one's posts were matched, and the posts added,
    removed, moved (another unit or manager) and retitled. Ids are each snapshot's own: added, moved and retitled
    posts by their id in the later snapshot, removed ones by their id in the earlier."""

    earlier: int
    later: int
    #: how many of the later snapshot's posts were matched each way (orgdiag.over_time.match.HOWS)
    matched_by: Mapping[str, int]
    #: posts matched to another id than their own (the body renumbered them)
    renumbered: int
    #: posts matched to a post of a snapshot before the earlier one (left out of the earlier one)
    returned: int
    posts: int
    added: tuple[str, ...]
    removed: tuple[str, ...]
    moved: tuple[str, ...]
    retitled: tuple[str, ...]
    #: the title of each post named above, by id, as its own snapshot calls it
    titles: Mapping[str, str] = field(default_factory=dict)

    @property
    def matched(self) -> int:
        return sum(self.matched_by.values())

    @property
    def share_matched(self) -> float:
        """The share of the later snapshot's posts matched to an earlier post (1.0 for a snapshot without posts)."""
        return self.matched / self.posts if self.posts else 1.0


@dataclass(frozen=True)
class FindingSpan:
    """One finding followed through the snapshots: the same rule on the same element (matched as posts are)."""

    rule: str
    slug: str
    title: str
    #: severity, subject, its name and the message as the last snapshot that has the finding says
    severity: Severity
    subject: str
    name: str
    message: str
    #: the snapshots it was open in, in order
    seen: tuple[int, ...]
    #: whole months from the snapshot it first appeared in to the latest snapshot, when still open there
    months_open: int | None

    @property
    def first(self) -> int:
        return self.seen[0]

    @property
    def last(self) -> int:
        return self.seen[-1]


@dataclass(frozen=True)
class History:
    """An organisation through its snapshots, earliest first."""

    organisation: str
    snapshots: tuple[SnapshotSummary, ...]
    steps: tuple[Step, ...]
    findings: tuple[FindingSpan, ...]
    #: the latest snapshot's diagnosis, which the diagram draws
    latest: FindingsDocument

    def still_open(self) -> tuple[FindingSpan, ...]:
        """The findings open in the latest snapshot."""
        return tuple(span for span in self.findings if span.last == len(self.snapshots) - 1)


@dataclass(frozen=True)
class Snapshot:
    """One snapshot to follow: the organisation at a date, and the files it was read from."""

    label: str
    date: SnapshotDate
    org: OrgFile
    sources: tuple[str, ...] = ()
