"""References as a consultant writes them over an organisation: an element's id, its name, title or holder, or
the label orgdiag writes for it ("Marknadschef (cmo)", as the evidence workbook's drop-downs offer).

A reference that names nothing is answered with the nearest candidates; one that names several elements is
*ambiguous*, and the answer lists them. Each answer is a message and the ids it concerns, for the caller to
report at its own place (an overlay's line, a workbook's cell).

    >>> org = {"units": [{"id": "mkt", "name": "Marketing"}, {"id": "web", "name": "Web team"}],
    ...        "positions": [{"id": "p1", "title": "Editor", "holder": "Ann"}, {"id": "p2", "title": "Editor"}]}
    >>> resolver = Resolver(org)
    >>> resolver.resolve("marketing", ("units",)), resolver.resolve("Marketing (mkt)", ("units",))
    ('mkt', 'mkt')
    >>> resolver.resolve("Marketting", ("units",)).message
    "'Marketting' is neither the id nor the name of any unit; nearest: Marketing (mkt)"
    >>> resolver.resolve("editor", ("positions",)).message
    "'editor' is ambiguous: it names 2 positions: Editor, Ann (p1); Editor (p2); give the id"
    >>> resolver.resolve("Editor, Ann (p1)", ("positions",))
    'p1'
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from orgdiag.naming import element_label
from orgdiag.problems import MAX_HINT_CANDIDATES

#: The fields each section's elements are known by besides their id, in the order a label takes its name from.
NAMES: dict[str, tuple[str, ...]] = {
    "units": ("name",),
    "positions": ("title", "holder"),
    "agencies": ("name",),
    "channels": ("name",),
}
#: What one element of each section is called in a message.
SINGULAR = {"units": "unit", "positions": "position", "agencies": "agency", "channels": "channel"}
#: How many candidates a message names at most.
SHOWN = 5
#: How many of the nearest candidates a message names.
NEAREST = 3
_LABEL = re.compile(r"^(?P<name>.*\S)\s*\((?P<id>[^()]+)\)$", re.S)


@dataclass(frozen=True)
class Unresolved:
    """A reference that names no element, or several: what to tell the user, and the ids concerned."""

    message: str
    ids: tuple[str, ...]


def words(text: str) -> str:
    """Text as names are compared: its words, in lower case, single-spaced.

    >>> words("  Public   RELATIONS ")
    'public relations'
    """
    return " ".join(text.split()).casefold()


def as_text(value: Any) -> Any:
    """A number where an id or a name is meant (``id: 21001`` in YAML, a post number in a spreadsheet) as the
    text it is written as; the rest as it is.

    >>> as_text(21001), as_text(21001.0), as_text("ab"), as_text(True)
    ('21001', '21001', 'ab', True)
    """
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


def names_of(section: str, item: Any) -> list[str]:
    """The names an element is known by besides its id (a position's title and holder), as org-file data or as the
    model holds it.

    >>> names_of("positions", {"id": "cmo", "title": "Marknadschef", "holder": "Anna Berg"})
    ['Marknadschef', 'Anna Berg']
    """
    values = [item.get(key) if isinstance(item, Mapping) else getattr(item, key, None) for key in NAMES[section]]
    return [value for value in values if isinstance(value, str) and value.strip()]


def label(names: list[str], element_id: str) -> str:
    """How orgdiag writes an element for a person to read and to name it back: its names, then its id in brackets
    ("Marknadschef, Anna Berg (cmo)"); its id alone when it has no name. :meth:`Resolver.resolve` reads it back.

    >>> label(["Marknadschef", "Anna Berg"], "cmo"), label([], "x1")
    ('Marknadschef, Anna Berg (cmo)', 'x1')
    """
    return element_label(", ".join(names), element_id) if names else element_id


class Resolver:
    """The elements of an organisation (org-file data), found by id, name, title, holder or label.

    ``added`` are elements an overlay adds, as (section, id, name): they may be named before they exist."""

    def __init__(self, org: Mapping[str, Any], added: Iterable[tuple[str, str, str]] = ()):
        #: per section: each id, and the element's names in :data:`NAMES` order
        self.elements: dict[str, dict[str, list[str]]] = {section: {} for section in NAMES}
        self.abolished = {
            as_text(item.get("id"))
            for item in org.get("positions") or []
            if isinstance(item, Mapping) and item.get("abolished") is True
        }
        for section in NAMES:
            for item in org.get(section) or []:
                if isinstance(item, Mapping) and isinstance(as_text(item.get("id")), str):
                    self.elements[section].setdefault(as_text(item["id"]), names_of(section, item))
        for section, element_id, name in added:
            self.elements[section].setdefault(element_id, [name] if name else [])
        self._by_name: dict[str, dict[str, list[str]]] = {}

    def label(self, section: str, element_id: str) -> str:
        """How a message names an element: its names and its id ("Marknadschef, Anna Berg (cmo)"), or its id
        alone."""
        return label(self.elements[section].get(element_id) or [], element_id)

    def listed(self, elements: list[tuple[str, str]]) -> str:
        """Elements as a message lists them: their labels, separated by semicolons (a label may hold a comma)."""
        return "; ".join(self.label(section, element_id) for section, element_id in elements)

    def named(self, section: str, name: str) -> list[str]:
        """The ids of a section's elements one of whose names is `name` (compared by :func:`words`), in order; an
        abolished post is found by its id only (it may be named nowhere, and shares its title with its successor)."""
        index = self._by_name.get(section)
        if index is None:
            index = self._by_name[section] = {}
            for element_id, names in self.elements[section].items():
                if element_id in self.abolished:
                    continue
                for known in dict.fromkeys(map(words, names)):
                    index.setdefault(known, []).append(element_id)
        return index.get(words(name), [])

    def resolve(self, ref: Any, kinds: tuple[str, ...]) -> Any:
        """The id `ref` names among the elements of `kinds`, or :class:`Unresolved`; a value that is not text (a
        list where an id is meant) is returned as it is, for the org file's validation to name its type."""
        ref = as_text(ref)
        if not isinstance(ref, str):
            return ref
        if any(ref in self.elements[section] for section in kinds):
            return ref
        found = list(dict.fromkeys(i for section in kinds for i in self.named(section, ref)))
        if not found:
            found = self._by_label(ref, kinds)
        if len(found) == 1:
            return found[0]
        if found:
            return self.ambiguous(ref, [(self.section_of(i, kinds), i) for i in found])
        return self.unknown(ref, kinds)

    def _by_label(self, ref: str, kinds: tuple[str, ...]) -> list[str]:
        """The element a label names ("Marknadschef (cmo)"): its id in brackets, its name or its id before them."""
        match = _LABEL.match(ref)
        if match is None:
            return []
        element_id, name = match["id"].strip(), words(match["name"])
        for section in kinds:
            names = self.elements[section].get(element_id)
            if names is not None and name in {words(n) for n in [*names, ", ".join(names), element_id]}:
                return [element_id]
        return []

    def section_of(self, element_id: str, kinds: tuple[str, ...]) -> str:
        return next(section for section in kinds if element_id in self.elements[section])

    def unknown(self, ref: str, kinds: tuple[str, ...], what: str | None = None) -> Unresolved:
        """A reference that names none of the elements of `kinds`, with the nearest candidates."""
        nearest = self.nearest(ref, kinds)
        hint = f"; nearest: {self.listed(nearest)}" if nearest else ""
        what = what or f"the id nor the {_names_of(kinds)} of any {_either(SINGULAR[k] for k in kinds)}"
        return Unresolved(f"'{ref}' is neither {what}{hint}", (ref, *(i for _, i in nearest)))

    def ambiguous(self, ref: str, matches: list[tuple[str, str]]) -> Unresolved:
        """A reference that names several elements: ambiguous, with its matches."""
        more = f"; and {len(matches) - SHOWN} more" if len(matches) > SHOWN else ""
        sections = {section for section, _ in matches}
        what = f"{SINGULAR[next(iter(sections))]}s" if len(sections) == 1 else "elements"
        message = (
            f"'{ref}' is ambiguous: it names {len(matches)} {what}: {self.listed(matches[:SHOWN])}{more}; give the id"
        )
        return Unresolved(message, (ref, *(element_id for _, element_id in matches)))

    def nearest(self, ref: str, kinds: tuple[str, ...]) -> list[tuple[str, str]]:
        """The elements whose id or a name is nearest to `ref` (difflib's ratio, at least 0.6), nearest first, as
        (section, id); among a very large organisation's elements, only those sharing a word or the first three
        letters with `ref` are compared."""
        keys: dict[str, list[tuple[str, str]]] = {}
        for section in kinds:
            for element_id, names in self.elements[section].items():
                for key in (element_id, *names):
                    keys.setdefault(words(key), []).append((section, element_id))
        wanted = words(ref)
        pool = list(keys)
        if len(pool) > MAX_HINT_CANDIDATES:
            alike = set(wanted.split()) | {wanted[:3]}
            pool = [key for key in pool if alike & {*key.split(), key[:3]}][:MAX_HINT_CANDIDATES]
        found: dict[tuple[str, str], None] = {}
        for key in difflib.get_close_matches(wanted, sorted(pool), n=NEAREST * 2, cutoff=0.6):
            found.update(dict.fromkeys(keys[key]))
        return list(found)[:NEAREST]


def _names_of(kinds: tuple[str, ...]) -> str:
    """What the elements of `kinds` are named by, as a message says it: "name", "title or holder"…"""
    return _either(dict.fromkeys(key for section in kinds for key in NAMES[section]))


def _either(words: Iterable[str]) -> str:
    """Words as a sentence offers them: "a", "a or b", "a, b or c".

    >>> _either(["name", "title", "holder"])
    'name, title or holder'
    """
    listed = list(words)
    return ", ".join(listed[:-1]) + (" or " if len(listed) > 1 else "") + listed[-1]
