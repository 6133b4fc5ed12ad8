"""What exports write about a post beside its title and holder: the marks its notes (or title) make, the values that
stand for something withheld or for nobody, a note saying the paybill is not the post's own, and the names of
committees. The words are data (notes.yaml, beside the lexicon); this module only applies them, case-insensitively
and on word boundaries ("Telecommunications" holds no "communications", "output" no "TP").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from importlib import resources
from typing import Literal, cast

import yaml

from orgdiag.model.org import POST_MARKS, PostMark
from orgdiag.model.yaml_loader import OrgYamlLoader

#: Where a post's marks are read: its notes, its title, or (for the marks notes.yaml gives words there) its job text.
MarkSource = Literal["notes", "titles", "function"]


@cache
def vocabulary() -> dict[str, object]:
    """notes.yaml as written."""
    text = resources.files("orgdiag.model").joinpath("notes.yaml").read_text(encoding="utf-8")
    data: dict[str, object] = yaml.load(text, Loader=OrgYamlLoader)
    return data


def _phrases(section: str) -> list[str]:
    return cast(list[str], vocabulary()[section])


def _sought(phrases: list[str]) -> re.Pattern[str]:
    """Phrases sought in a text, each on word boundaries (a phrase may begin or end with a non-word character)."""
    return re.compile("|".join(rf"(?<!\w)(?:{phrase})(?!\w)" for phrase in phrases), re.IGNORECASE)


def _whole(phrases: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{phrase})" for phrase in phrases), re.IGNORECASE)


@cache
def _mark_patterns(source: MarkSource) -> tuple[tuple[PostMark, re.Pattern[str]], ...]:
    marks = cast(dict[str, dict[str, list[str]]], vocabulary()["marks"])
    found = []
    for mark in POST_MARKS:
        phrases = marks[mark].get(source, [])
        if phrases:
            found.append((cast(PostMark, mark), _sought(phrases)))
    return tuple(found)


@lru_cache(maxsize=1 << 16)
def marks_in(text: str, source: MarkSource = "notes") -> tuple[PostMark, ...]:
    """The marks a post's notes (or its title) make, in the order of :data:`~orgdiag.model.POST_MARKS` (remembered
    per text: an export repeats its titles).

    >>> marks_in("Richard Pereira is on T/P to cover Ben Humberstones secondment to Cabinet Office")
    ('acting', 'secondment')
    >>> marks_in("Acting Director East and Central Africa", "titles"), marks_in("Telecommunications pooling")
    (('acting',), ())
    """
    return tuple(mark for mark, pattern in _mark_patterns(source) if pattern.search(text))


@cache
def _withheld() -> re.Pattern[str]:
    return _whole(_phrases("withheld"))


@cache
def _vacant() -> re.Pattern[str]:
    return _whole(_phrases("vacant"))


#: Quotes a spreadsheet leaves around a cell's value ("'Eliminated'", "N/D'"): no part of what it says.
_QUOTES = "'\"\u2018\u2019\u201c\u201d` "


def bare(value: str) -> str:
    """A cell's value without the spaces and stray quotes around it.

    >>> bare(" 'Eliminated' "), bare("N/D'"), bare('"Vacant"'), bare("O'Brien")
    ('Eliminated', 'N/D', 'Vacant', "O'Brien")
    """
    return value.strip().strip(_QUOTES)


@lru_cache(maxsize=1 << 16)
def is_withheld(value: str) -> bool:
    """Whether a cell's value stands for something not disclosed or that does not apply (N/D, N/A, "-"); remembered
    per value, as an export repeats its units and grades.

    >>> is_withheld(" N/D "), is_withheld("Not Disclosed"), is_withheld("ND"), is_withheld("N/D'"), is_withheld("Andy")
    (True, True, True, True, False)
    """
    return _withheld().fullmatch(bare(value)) is not None


def is_vacant(value: str) -> bool:
    """Whether a holder's value says nobody holds the post.

    >>> is_vacant("VACANT"), is_vacant("Vacancy"), is_vacant("'Vacant'"), is_vacant("Vacant Jones")
    (True, True, True, False)
    """
    return _vacant().fullmatch(bare(value)) is not None


@cache
def _paybill_elsewhere() -> re.Pattern[str]:
    return _sought(_phrases("paybill_elsewhere"))


def paybill_elsewhere(notes: str) -> bool:
    """Whether a post's notes say that its published paybill of 0 costs nothing only in appearance: the cost is not
    disclosed, or counted under another post.

    >>> paybill_elsewhere("Own and team salary costs shown under FDGO"), paybill_elsewhere("Part Time 0.9 FTE")
    (True, False)
    """
    return _paybill_elsewhere().search(notes) is not None


@cache
def _committee() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return _sought(_phrases("committees")), _sought(_phrases("not_committees"))


def names_a_committee(name: str) -> bool:
    """Whether a unit's name is that of a committee or board of the top posts rather than of a directorate.

    >>> names_a_committee("Executive Board"), names_a_committee("Senior Management Team"), names_a_committee("TMG")
    (True, True, True)
    >>> names_a_committee("Directors Office Fiscal"), names_a_committee("Directorate"), names_a_committee("Finance")
    (False, False, False)
    """
    committee, other = _committee()
    return committee.search(name) is not None and other.search(name) is None
