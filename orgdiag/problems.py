"""Problems in what the user gave: every one names the file, the place and the ids involved.

A loader collects all the problems of a file before it gives up, so that the user
fixes them in one pass; :class:`InputError` carries them to the CLI, which prints
them and exits with status 2.
"""

from __future__ import annotations

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


class InputError(Exception):
    """Raised with every problem found in one input, sorted by line."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.place, p.message))
        super().__init__("\n".join(str(p) for p in self.problems))
