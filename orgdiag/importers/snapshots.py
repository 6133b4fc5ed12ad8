"""Which snapshot each row of an export belongs to, where an export compiles several: a period column, or a date
in its files' names."""

from __future__ import annotations

import re
from pathlib import Path

from orgdiag.importers.records import Record
from orgdiag.naming import date_in_name

_SHEET_SUFFIX = re.compile(r"[-_ ]+(senior|junior)$", re.IGNORECASE)


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
    """Which snapshot each row belongs to, in an export that compiles several (a period column, or files of one
    body at different dates): never merged; the one asked for is imported, or the import stops naming them."""

    def __init__(self, sources: list[str], wanted: str | None):
        self.by_file = {source: snapshot_of_file(source) for source in sources}
        self.several_files = len(set(self.by_file.values())) > 1
        self.wanted = wanted
        self.posts: dict[str, int] = {}
        self.recurring: set[str] = set()

    def of(self, record: Record) -> str | None:
        """The snapshot of a row: its period column, else its file's when several files are snapshots."""
        if "snapshot" in record.values:
            return record.values["snapshot"]
        return self.by_file.get(record.file.partition("[")[0]) if self.several_files else None

    def several(self) -> bool:
        """Whether the rows hold several snapshots: more than one label, and a post in two of them."""
        return len(self.posts) > 1 and bool(self.recurring)

    def listed(self) -> str:
        return ", ".join(f"'{label}' ({posts:,} posts)" for label, posts in self.posts.items())
