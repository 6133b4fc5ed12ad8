"""Diagnosis over time: an organisation's snapshots diagnosed and followed, post by post and finding by finding.

    >>> from orgdiag.history import history, load_snapshots
    >>> compilation = "department_for_international_development-2011-2014-compilation.csv"
    >>> followed = history(load_snapshots(["fixtures/real/uk-organogram-history/" + compilation]))
    >>> [s.label for s in followed.snapshots]
    ['Mar-11', 'Sep-11', 'Mar-13', 'Sep-13', 'Mar-14', 'Sep-14']

:func:`load_snapshots` reads org files and exports into dated :class:`Snapshot` objects; :func:`history`
diagnoses each and follows the posts (:mod:`orgdiag.history.match`) and the findings through them into a
:class:`History`: each snapshot's size, shape and findings, what changed between consecutive ones, and when each
finding appeared and whether it is still open.
"""

from orgdiag.history.dates import SnapshotDate, date_in
from orgdiag.history.load import load_snapshots
from orgdiag.history.timeline import FindingSpan, History, Snapshot, SnapshotSummary, Step
from orgdiag.history.trace import history

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
