"""What can go wrong, as one hierarchy a caller catches: :class:`OrgdiagError` and its kinds.

- :class:`InputError`: something the user gave is wrong (an org file, an export, a map, a profile, a rule
  pack, an option). It carries :class:`Problem` s, each naming the file, the place and the ids involved; a loader
  collects all the problems of a file before it gives up, so that the user fixes them in one pass. The CLI prints
  them and exits with status 2. :class:`RuleError` is the kind about rules: a rule pack, or a rule named that
  does not exist.
- :class:`ArgumentError`: a call of the library was given what it does not take (a dict where an organisation
  goes, a severity or a diagram format it does not know): a mistake of the program calling it. An
  :class:`InputError`, and a :class:`TypeError` and :class:`ValueError` as Python's own functions raise.
- :class:`EngineError`: the rules engine failed (lost a fact, an action failed): a fault of the tool, not of the
  input. The CLI exits with status 3. :class:`EngineUnavailable` is the kind raised when the engine cannot load
  at all (it is also an ``ImportError``).
- :class:`RenderError`: a diagram could not be drawn (Graphviz missing, or failing on the layout). Status 3.

>>> issubclass(RuleError, InputError) and issubclass(EngineError, OrgdiagError)
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file.

    >>> str(Problem("org.yaml", 12, "positions[2].reports_to", "no position has id 'ceo'", ("ceo",)))
    "org.yaml:12: positions[2].reports_to: no position has id 'ceo'"
    """

    file: str
    line: int | None
    place: str
    message: str
    ids: tuple[str, ...] = field(default=())

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        place = f" {self.place}:" if self.place else ""
        return f"{where}:{place} {self.message}"


def clipped(text: str, limit: int = 60) -> str:
    """Text from the input as a message quotes it: at most `limit` characters, an ellipsis where it was cut.

    >>> clipped("a" * 100, 10)
    'aaaaaaaaa…'
    """
    return text if len(text) <= limit else text[: limit - 1] + "…"


class OrgdiagError(Exception):
    """Every error orgdiag raises on purpose; anything else escaping the library is a bug of ours."""


class InputError(OrgdiagError):
    """Raised with every problem found in one input, sorted by line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.place, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))


class ArgumentError(InputError, TypeError, ValueError):
    """A call of the library given what it does not take: a value of another type, or one outside those it names.

    >>> str(ArgumentError("orgdiag.diagnose", "org", "expected an OrgFile, not dict"))
    'orgdiag.diagnose: org: expected an OrgFile, not dict'
    """

    def __init__(self, call: str, argument: str, message: str):
        super().__init__([Problem(call, None, argument, message)])


def expected(value: object, kinds: type | tuple[type, ...], call: str, argument: str, what: str) -> None:
    """Raise :class:`ArgumentError` unless `value` is one of `kinds`; `what` says what the argument takes.

    >>> expected(None, str, "orgdiag.load", "source", "a path or a mapping")
    Traceback (most recent call last):
    ...
    orgdiag.problems.ArgumentError: orgdiag.load: source: expected a path or a mapping, not None
    """
    if not isinstance(value, kinds):
        given = "None" if value is None else type(value).__name__
        raise ArgumentError(call, argument, f"expected {what}, not {given}")


def one_of(value: object, allowed: Iterable[str], call: str, argument: str) -> str:
    """`value` if it is one of `allowed`, else :class:`ArgumentError` naming them.

    >>> one_of("severe", ("low", "high"), "at_least", "severity")
    Traceback (most recent call last):
    ...
    orgdiag.problems.ArgumentError: at_least: severity: 'severe' is not one of low, high
    """
    names = tuple(allowed)
    if not isinstance(value, str) or value not in names:
        raise ArgumentError(call, argument, f"{value!r} is not one of {', '.join(names)}")
    return value


class RuleError(InputError):
    """A rule pack, a rule's thresholds or a rule's name given by the user is wrong."""


class EngineError(OrgdiagError):
    """The rules engine lost a fact, failed in an action, or refused a rule."""


class EngineUnavailable(EngineError, ImportError):
    """The rules engine, compiled when orgdiag is installed, cannot load in this Python: orgdiag runs from a
    checkout never installed, or was installed for another Python. An ``ImportError`` too, as its cause is one."""


class RenderError(OrgdiagError):
    """A diagram could not be drawn: Graphviz's ``dot`` is missing, or failed on the layout."""


class LayoutError(RenderError):
    """Graphviz's ``dot`` ran and failed on a drawing; the message is what it said."""


#: Above this many candidates an unknown id gets no "did you mean" hint.
MAX_HINT_CANDIDATES = 5_000


def did_you_mean(word: str, candidates: Iterable[str]) -> str:
    """A hint naming the nearest valid word, or nothing.

    >>> did_you_mean("stratgy", ["strategy", "kpis"])
    " (did you mean 'strategy'?)"
    """
    pool = list(candidates)
    if len(pool) > MAX_HINT_CANDIDATES:  # difflib compares with each: too slow to be worth it on a huge file
        return ""
    match = difflib.get_close_matches(word, sorted(pool), n=1, cutoff=0.6)
    return f" (did you mean '{match[0]}'?)" if match else ""
