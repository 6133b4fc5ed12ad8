"""Recognise what a post and its staff do (finance, HR, communications …) from their words: the vocabulary is data
(functions.yaml), this module only applies it, on word boundaries as the lexicon does
(:class:`orgdiag.model.lexicon.Words`).

A post's own words are its title, its job/team function text and its professional group; its staff's are each
staff line's title, else its profession, else its unit. What they name is kept with the words it rests on, so
that a finding can quote them.

>>> sorted(functions_in("Marketing & Communications Officer")), sorted(functions_in("Telecommunications"))
(['communications', 'marketing'], [])
>>> post = post_functions(Position(id="p", title="Chief Operating Officer",
...     function="Manage Commercial Offer and Corporate Functions",
...     staff=[Staff(title="Retail Assistant", fte=20.37), Staff(title="Cleaner", fte=16.93)]))
>>> post.titled, sorted(post.mentions), sorted(post.staff)
(('operations',), ['commercial', 'operations'], ['commercial', 'estates'])
>>> post.mentions["commercial"], post.staff["commercial"].fte
("job text 'Manage Commercial Offer and Corporate Functions'", 20.37)
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal

import yaml

from orgdiag.model.lexicon import DIGITS_AS_ZERO, LANGUAGES, Words, blank_out
from orgdiag.model.org import Position, Staff, total_fte
from orgdiag.model.yaml_loader import OrgYamlLoader

Family = Literal["corporate", "external", "line"]
FAMILIES: tuple[Family, ...] = ("corporate", "external", "line")

#: How long a job text may be to be quoted whole; a longer one is quoted around the words that named the function.
QUOTE_WHOLE = 90


@cache
def vocabulary() -> dict[str, Any]:
    """The vocabulary as written (functions.yaml)."""
    text = resources.files("orgdiag.model").joinpath("functions.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.load(text, Loader=OrgYamlLoader)
    return data


def labels() -> dict[str, str]:
    """Each function's name as a message says it, in the vocabulary's order.

    >>> labels()["it"], list(labels())[:2]
    ('IT and digital', ['finance', 'hr'])
    """
    return {name: entry["label"] for name, entry in vocabulary()["functions"].items()}


def families() -> dict[str, Family]:
    """Each function's family: ``corporate``, ``external`` or ``line``.

    >>> families()["finance"], families()["marketing"], families()["policy"]
    ('corporate', 'external', 'line')
    """
    return {name: entry["family"] for name, entry in vocabulary()["functions"].items()}


def group(name: str) -> frozenset[str]:
    """The functions of one of the vocabulary's groups (``corporate-services``, ``control``, ``income``,
    ``marcom``, ``partner-facing``).

    >>> sorted(group("marcom"))
    ['communications', 'marketing', 'public-affairs']
    """
    return frozenset(vocabulary()["groups"][name])


def line_share() -> float:
    """The share of an organisation's people above which a function is its line work, not a service to the rest."""
    return float(vocabulary()["line_share"])


def min_people() -> float:
    """How many people of a leader's branch do a function for the leader to hold it: senior posts naming it count
    one each, staff by their FTE."""
    return float(vocabulary()["min_people"])


@cache
def _words() -> dict[str, Words]:
    return {name: Words.of(entry) for name, entry in vocabulary()["functions"].items()}


@cache
def _unrelated() -> Words:
    return Words.of(vocabulary()["unrelated"])


@cache
def _generic() -> re.Pattern[str]:
    by_language = vocabulary()["generic"]
    return re.compile("|".join(f"(?:{p})" for lang in LANGUAGES for p in by_language.get(lang, [])))


#: Digits become 0 before a text is read: no function's words hold a digit either, and "Head of Sales 1.2" and "Head
#: of Sales 3.1" are then one text, read once (a large organisation numbers its units).
_DIGITS = DIGITS_AS_ZERO


def function_words(text: str) -> dict[str, str]:
    """Each function a text names, with the words of the text that named it.

    >>> function_words("Responsible for HR, Finance, Procurement, ICT and premises matters")
    {'finance': 'Finance', 'hr': 'HR', 'it': 'ICT', 'procurement': 'Procurement', 'estates': 'premises'}
    >>> function_words("Financial Services Strategy"), function_words("it is responsible")
    ({}, {})
    """
    return {name: text[start:end] for name, (start, end) in _function_spans(text.translate(_DIGITS)).items()}


@lru_cache(maxsize=1 << 16)
def _function_spans(text: str) -> dict[str, tuple[int, int]]:
    """Where a text names each function it names (remembered per text: callers must not change what it gives)."""
    lowered = text.lower()
    if len(lowered) != len(text):  # lower() lengthens a few letters (İ): read the text as it is written
        lowered = text
    lowered = blank_out(_unrelated(), lowered)
    if "\x00" in lowered:  # an expression with capitals reads the text itself: blank it out there too
        text = "".join("\x00" if low == "\x00" else char for char, low in zip(text, lowered, strict=True))
    found = {}
    for name, words in _words().items():
        match = words.search(lowered, text)
        if match is not None:
            found[name] = match.span()
    return found


def functions_in(text: str) -> frozenset[str]:
    """The functions a text names.

    >>> sorted(functions_in("Director of Finance")), sorted(functions_in("Ekonomiavdelningen"))
    (['finance'], ['finance'])
    """
    return frozenset(function_words(text))


def generic_title(title: str) -> bool:
    """A title that says only a rank ("Deputy Director", "Senior Manager"): it names no function, and an
    organogram's job/team function text says what the post is.

    >>> generic_title("Deputy Director"), generic_title("Grade 7"), generic_title("Deputy Director, Communications")
    (True, True, False)
    """
    return _generic_words(title.lower().translate(_DIGITS))


@lru_cache(maxsize=1 << 14)
def _generic_words(lowered: str) -> bool:
    return all(_generic().fullmatch(word) for word in re.findall(r"[^\W_]+", lowered))


def quoted(text: str, words: str) -> str:
    """A text quoted for a message: whole when short, else around the words that matter.

    >>> quoted("Manage communications, marketing and external affairs", "marketing")
    "'Manage communications, marketing and external affairs'"
    >>> quoted("The Communications Director is responsible for media relations; external communications, including "
    ...        "NICE website, events and exhibitions, public affairs and stakeholder relations", "public affairs")
    "'…events and exhibitions, public affairs and stakeholder relations'"
    """
    text = " ".join(text.split())
    if len(text) <= QUOTE_WHOLE:
        return f"'{text}'"
    at = max(text.find(words), 0)
    start = text.find(" ", max(0, at - 30)) + 1 if at > 30 else 0
    end = text.find(" ", at + len(words) + 30)
    end = len(text) if end < 0 else end
    return "'" + ("…" if start else "") + text[start:end].strip(" ,;") + ("…" if end < len(text) else "") + "'"


@dataclass(frozen=True)
class StaffWork:
    """The staff under one post that do one function: their FTE and the titles that say so, most FTE first."""

    fte: float
    titles: tuple[str, ...]

    def words(self) -> str:
        """The staff quoted for a message.

        >>> StaffWork(12.5, ("Finance Officer", "Accountant", "Finance Manager")).words()
        "staff 'Finance Officer', 'Accountant' and 1 more title (12.5 FTE)"
        """
        shown = ", ".join(f"'{t}'" for t in self.titles[:2])
        more = len(self.titles) - 2
        rest = f" and {more} more {'title' if more == 1 else 'titles'}" if more > 0 else ""
        return f"staff {shown}{rest} ({self.fte:,.1f} FTE)"


@dataclass(frozen=True, eq=False)
class PostFunctions:
    """What a post does, read from its words (shared between posts of the same words: never to be changed; two are
    the same only when they are one object, so that posts can be grouped by it quickly).

    ``titled``: the functions its name says: its title's, or for a title that says only a rank ("Deputy
    Director"), its job text's. ``named``: the functions it is for: ``titled``, else its job text's, else its
    profession's. ``mentions``: every function its own words name, with where: ``title``, or the job text or
    profession quoted (for a message). ``staff``: what its staff do.
    """

    titled: tuple[str, ...] = ()
    named: tuple[str, ...] = ()
    mentions: dict[str, str] = field(default_factory=dict)
    staff: dict[str, StaffWork] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.mentions or self.staff)


#: A post whose words name no function (shared: most posts of a large organisation).
NOTHING = PostFunctions()


def post_functions(position: Position) -> PostFunctions:
    """What a position's words and its staff's say it does."""
    own = _post_words(position.title, position.function or "", position.profession or "")
    staff = _staff_work(position.staff) if position.staff else {}
    if not staff:
        return own
    return PostFunctions(own.titled, own.named, own.mentions, staff)


@lru_cache(maxsize=1 << 16)
def _post_words(title: str, function: str, profession: str) -> PostFunctions:
    """What a post's own words say it does, remembered as written (most posts of an organisation share a title)."""
    return _own_functions(title.translate(_DIGITS), function, profession)


@lru_cache(maxsize=1 << 16)
def _own_functions(title: str, function: str, profession: str) -> PostFunctions:
    """What a post's own words say it does (remembered per words: a large organisation repeats its titles, and
    numbers its units: the title comes with its digits as 0). A function its title names is said to be named by
    the ``title``, not quoted: the post's own title says it."""
    mentions: dict[str, str] = dict.fromkeys(function_words(title), "title")
    said = [tuple(mentions)]
    for source, text in (("job text", function), ("profession", profession)):
        found = function_words(text) if text else {}
        said.append(tuple(found))
        for name, words in found.items():
            mentions.setdefault(name, f"{source} {quoted(text, words)}")
    if not mentions:
        return NOTHING
    by_title, by_function, by_profession = said
    # a title that says only a rank names no function: its job text, where there is one, says what the post is
    titled = by_function if by_function and not by_title and generic_title(title) else by_title
    named = titled or by_function or by_profession
    return PostFunctions(titled, named, mentions)


def staff_functions(staff: Staff) -> tuple[frozenset[str], str]:
    """What one line of staff does (what its title names, else its profession, else its unit), and how a message
    names that line.

    >>> staff_functions(Staff(title="Grade 7", fte=2, profession="Finance"))
    (frozenset({'finance'}), 'Grade 7 (Finance)')
    >>> staff_functions(Staff(title="Policy Advisor", fte=2, profession="Finance"))
    (frozenset({'policy'}), 'Policy Advisor')
    """
    for text in (staff.title, staff.profession, staff.unit):
        if text:
            found = functions_in(text)
            if found:
                return found, staff.title if text is staff.title else f"{staff.title} ({text})"
    return frozenset(), staff.title


def _staff_work(staff: tuple[Staff, ...]) -> dict[str, StaffWork]:
    by_function: dict[str, dict[str, list[float]]] = {}
    for line in staff:
        found, name_of_line = staff_functions(line)
        for name in found:
            by_function.setdefault(name, {}).setdefault(name_of_line, []).append(line.fte)
    work = {}
    for name, titles in by_function.items():
        fte = {title: total_fte(amounts) for title, amounts in titles.items()}
        ordered = sorted(fte, key=lambda title: (-fte[title], title))
        work[name] = StaffWork(round(total_fte(fte.values()), 2), tuple(ordered))
    return work
