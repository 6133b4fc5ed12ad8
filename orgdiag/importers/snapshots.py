"""Which snapshot each row of an export belongs to, where an export compiles several: a period column (whatever it
is called: the reader finds an unnamed or misnamed one by its month labels), or a date in its files' names. Several
snapshots are never merged: the one asked for is imported, or the import stops naming them; and an export whose
post ids recur on many rows with no period to tell them apart (a compilation whose period column is lost) is
refused rather than read as hundreds of job shares."""

from __future__ import annotations

import re
from pathlib import Path

from orgdiag.importers.records import Record
from orgdiag.importers.report import ImportReport, listed
from orgdiag.naming import counted, date_in_name
from orgdiag.problems import InputError, Problem

_SHEET_SUFFIX = re.compile(r"[-_ ]+(senior|junior)$", re.IGNORECASE)

#: Posts on several rows are a compilation, not job shares, from this many of them on (whatever their share) ...
SHARED_POSTS_AT_MOST = 20
#: ... or from this share of the posts on (at least three posts): a real organogram has a job share or two.
SHARED_SHARE_AT_MOST = 0.25


def snapshot_of_file(path: str) -> str:
    """The snapshot a file holds, as its name says: a date in it, else the name without a senior/junior suffix.

    >>> snapshot_of_file("dfid-2011-03-31-senior.csv"), snapshot_of_file("DMO-disclosure---Sept-2013-junior.csv")
    ('2011-03-31', 'Sept-2013')
    >>> snapshot_of_file("300913-HSE-Organogram-ver1-senior.csv")
    '300913-HSE-Organogram-ver1'
    """
    stem = Path(path).stem
    found = date_in_name(stem)
    return found.text if found else _SHEET_SUFFIX.sub("", stem)


class Snapshots:
    """Which snapshot each row belongs to, in an export that compiles several (a period column, or files of one body
    at different dates): never merged; the one asked for is imported, or the import stops naming them."""

    def __init__(self, sources: list[str], wanted: str | None):
        self.by_file = {source: snapshot_of_file(source) for source in sources}
        self.several_files = len(set(self.by_file.values())) > 1
        #: whether the files are told apart by dates in their names: exports of one organisation at different dates,
        #: snapshots whether or not their posts recur (files merely named apart, such as sales.csv and
        #: marketing.csv, are parts of one organisation, and snapshots only if their posts recur; so are the rows
        #: of a period column, which may be each person's own date)
        self.dated = self.several_files and all(date_in_name(Path(source).stem) for source in sources)
        self.wanted = wanted
        self.posts: dict[str, int] = {}
        self.recurring: set[str] = set()
        #: post id -> how many rows of one snapshot hold it (an organogram's job shares)
        self.shared: dict[str, int] = {}

    def of(self, record: Record) -> str | None:
        """The snapshot of a row: its period column, else its file's when several files are snapshots."""
        if "snapshot" in record.values:
            return record.values["snapshot"]
        return self.by_file.get(record.file.partition("[")[0]) if self.several_files else None

    def several(self) -> bool:
        """Whether the rows hold several snapshots: files of several dates (their posts may be renumbered from one to
        the next), or more than one label and a post in two of them."""
        return len(self.posts) > 1 and (self.dated or bool(self.recurring))

    def listed(self) -> str:
        return ", ".join(f"'{label}' ({counted(posts, 'post')})" for label, posts in self.posts.items())

    def check(self, report: ImportReport, posts: int) -> None:
        """Several snapshots whose posts recur, or post ids repeated as no organisation shares posts, are never
        merged: without --snapshot the import stops, naming the snapshots (or the repeated ids)."""
        if self.wanted is not None:
            if self.wanted not in self.posts:
                message = f"no snapshot '{self.wanted}' in the export; it holds {self.listed() or 'none'}"
                raise InputError([Problem("--snapshot", None, "", message, (self.wanted,))])
            report.note("snapshot", f"snapshot '{self.wanted}' imported, of {self.listed()}")
        elif self.several():
            same = f", the same posts in several ({listed(sorted(self.recurring), 5)})" if self.recurring else ""
            message = (
                f"holds {len(self.posts)} snapshots of one organisation{same}: {self.listed()}. "
                "Import one with --snapshot LABEL"
            )
            raise InputError([Problem(self._files(report), None, "", message, tuple(self.posts))])
        self._check_shares(report, posts)

    def _check_shares(self, report: ImportReport, posts: int) -> None:
        shared = len(self.shared)
        if shared < SHARED_POSTS_AT_MOST and (shared < 3 or shared < SHARED_SHARE_AT_MOST * posts):
            return
        ranked = sorted(self.shared.items(), key=lambda item: (-item[1], item[0]))
        shown = ", ".join(f"'{post}' on {rows} rows" for post, rows in ranked[:5]) + (", …" if shared > 5 else "")
        message = (
            f"holds {shared:,} of its {posts:,} post ids on several rows ({shown}): not job shares but, it seems, "
            "several snapshots of one organisation (or rows repeated), and no period column tells them apart. "
            "Name the column that does in a column map (--map, fields: {snapshot: COLUMN}) and import one with "
            "--snapshot LABEL, or give one snapshot's rows"
        )
        raise InputError([Problem(self._files(report), None, "", message, tuple(post for post, _ in ranked[:10]))])

    def _files(self, report: ImportReport) -> str:
        return ", ".join(dict.fromkeys(s.file for s in report.sources if "id" in s.columns))
