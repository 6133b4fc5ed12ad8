"""Diagnosis over time: an organisation's snapshots diagnosed and followed, post by post and finding by finding.

    >>> from orgdiag.over_time import history, load_snapshots
    >>> compilation = "department_for_international_development-2011-2014-compilation.csv"
    >>> followed = history(load_snapshots(["fixtures/real/uk-organogram-history/" + compilation]))
    >>> [s.label for s in followed.snapshots]
    ['Mar-11', 'Sep-11', 'Mar-13', 'Sep-13', 'Mar-14', 'Sep-14']

:func:`load_snapshots` reads org files and exports into dated :class:`Snapshot` objects; :func:`history`
diagnoses each and follows the posts (:mod:`orgdiag.over_time.match`) and the findings through them into a
:class:`History`: each snapshot's size, shape and findings, what changed between consecutive ones, and when each
finding appeared and whether it is still open.
"""

from orgdiag.over_time.dates import SnapshotDate, date_in
from orgdiag.over_time.load import load_snapshots
from orgdiag.over_time.timeline import FindingSpan, History, Snapshot, SnapshotSummary, Step
from orgdiag.over_time.trace import history

__all__ = [
    "FindingSpan",
    "History",
    "Snapshot",
    "SnapshotDate",
    "SnapshotSummary",
    "Step",
    "date_in",
    "history",
    "load_snapshots",
]
