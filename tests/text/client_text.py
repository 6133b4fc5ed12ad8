"""Rules a client-facing text must keep, checked on every message, suggestion and summary orgdiag writes about an
organisation: counts agree with their nouns ("1 posts"), elements are named, not given by a bare id ("owned by
1294, 1987"), no word is doubled or glued to the next ("emaila channel"), nothing is cut with an ellipsis, no
punctuation dangles (" ,", "()", a template's leftovers), no HTML entity stands in for a character, no responsibility
is written in the org file's notation ("crm/budget"), but in brackets, as a reference.

What the organisation's data says (titles, names, job text) is the client's own text: it is masked before the rules
run, so that a doubled word in a title is not counted against orgdiag. An id is only bare outside brackets: "Director
of Finance (post 1294)" names the post, "owned by 1294" does not.

>>> org_text = OrgText(ids={"1294", "email", "ecom"}, data=["Director of Finance"])
>>> for problem in org_text.problems("By 1294, ecom; 1 posts, Director of Finance (post 1294) is emaila channel."):
...     print(problem)
plural: 'By 1294, ecom; 1 posts, «data» (post 1294) is'
bare id: '1294' in 'By 1294, ecom; 1 posts, «data» (p'
bare id: 'ecom' in 'By 1294, ecom; 1 posts, «data» (post 12'
glued: 'emaila'
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from orgdiag.model import RESPONSIBILITIES, OrgFile

#: Fields of the org file whose values are the client's own words (masked before the rules run).
DATA_FIELDS = frozenset(
    {"name", "title", "holder", "grade", "function", "profession", "notes", "words", "goal", "contact", "industry"}
)
#: What a masked piece of the client's text becomes.
MASK = "«data»"

#: Nouns orgdiag counts; after any count but 1 they take their plural.
COUNTED = (
    "post|finding|unit|layer|rule|change|channel|report|direct report|manager|place|title|grade|agency|step|holder|"
    "team|person|level|position|round|KPI|experiment|link|member|director|responsibility|duty|voice|contract|group|"
    "peer|row|snapshot|function|area|directorate|kind|senior post|abolished post|listed post"
)
_PLURAL_AFTER_ONE = re.compile(r"(?<![\d.,£%–-])\b1 ((?:more |senior |abolished |direct |listed )?[a-z]+s)\b")
_SINGULAR_AFTER_MANY = re.compile(
    rf"(?<![\d.,£%–-])\b(?:[02-9]|[1-9]\d{{1,2}}(?:,\d{{3}})*|\d{{4,}}) (?:more )?({COUNTED})\b(?![-\w]| [a-z]+s\b)"
)
#: Words ending in s that are no plural.
_NOT_PLURAL = re.compile(r"(?:ss|us|is|ys|as|ics)$|^(?:has|was|does|this|thus|plus|across|its)$")
_DOUBLED = re.compile(r"\b([A-Za-z]+)\s+\1\b", re.IGNORECASE)
_CAMEL = re.compile(r"\b[a-z]+[A-Z][a-z]+\b")
_ENTITY = re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);")
_DANGLING = re.compile(
    r"\s[,.;:](?=\s|$)|[,;:]\s*[.;,]|\(\s*[,;]?\s*\)|\{\w+\.\w+\}|\[\[|\]\]|,\s*$|\(\s|\s\)|\.\.(?!\.)|\bnone for\b"
)
#: A responsibility in the org file's notation, ``SCOPE/RESPONSIBILITY`` ("crm/budget"): a text says what it is.
_NOTATION = re.compile(rf"(?<![\w./-])[\w-]+/(?:{'|'.join(map(re.escape, RESPONSIBILITIES))})\b(?![./-]\w)")
#: An excerpt of the client's text, quoted: from a quote no letter precedes to one no letter follows.
_QUOTED = re.compile(r"(?<!\w)'.*?'(?!\w)")
#: Little words a placeholder glued to the next word leaves behind ("emaila channel").
_GLUE = r"(?:a|an|the|and|or|of|to|in|is|on)"


@dataclass
class OrgText:
    """What a text about one organisation is checked against: its elements' ids and the client's own words."""

    ids: set[str]
    data: list[str] = field(default_factory=list)
    #: ids that are ordinary words of orgdiag's own texts (a channel whose id is "search"): bare only in a list
    common: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        pieces = sorted({d for d in self.data if len(d.strip()) >= 2}, key=len, reverse=True)
        self._mask = re.compile("|".join(map(re.escape, pieces))) if pieces else None
        shown = sorted((i for i in self.ids if i), key=len, reverse=True)
        self._id = (
            re.compile(r"(?<![\w/@.-])(?<!\d,)(" + "|".join(map(re.escape, shown)) + r")(?![\w/@-]|[.,]\w)")
            if shown
            else None
        )
        glued = [i for i in shown if len(i) >= 3 and not i.isdigit()]
        self._glued = re.compile(rf"\b({'|'.join(map(re.escape, glued))}){_GLUE}\b") if glued else None

    def masked(self, text: str) -> str:
        """The text with the client's words, and excerpts quoted from them ("job text '…the work of…'"), masked."""
        text = self._mask.sub(MASK, text) if self._mask else text
        return _QUOTED.sub(MASK, text)

    def problems(self, text: str) -> list[str]:
        """What is wrong with one text, each as "kind: 'the words'"."""
        plain = self.masked(text)
        found = [
            f"plural: {_around(plain, m.start())!r}"
            for m in _PLURAL_AFTER_ONE.finditer(plain)
            if not _NOT_PLURAL.search(m[1])
        ]
        found += [f"plural: {m.group()!r}" for m in _SINGULAR_AFTER_MANY.finditer(plain)]
        found += [f"bare id: {bare!r} in {_around(plain, at)!r}" for bare, at in self._bare_ids(plain)]
        found += [f"doubled: {m.group()!r}" for m in _DOUBLED.finditer(plain) if not m[1].isdigit()]
        found += [f"glued: {m.group()!r}" for m in _CAMEL.finditer(plain)]
        glued = self._glued.finditer(plain) if self._glued else ()
        found += [f"glued: {m.group()!r}" for m in glued if m.group() not in self.ids]
        found += [f"ellipsis: {_around(plain, m.start())!r}" for m in re.finditer(r"…|\.\.\.", plain) if _cut(plain, m)]
        found += [f"entity: {m.group()!r}" for m in _ENTITY.finditer(plain)]
        depth = _bracket_depth(plain)
        found += [f"notation: {m.group()!r}" for m in _NOTATION.finditer(plain) if not depth[m.start()]]
        found += [f"dangling: {_around(plain, m.start())!r}" for m in _DANGLING.finditer(plain)]
        return found

    def _bare_ids(self, text: str) -> Iterator[tuple[str, int]]:
        if self._id is None:
            return
        depth = _bracket_depth(text)
        for found in self._id.finditer(text):
            element = found.group(1)
            if depth[found.start()] or _is_count(text, found) or self._is_word(text, found):
                continue
            yield element, found.start()

    def _is_word(self, text: str, found: re.Match[str]) -> bool:
        """An id that is an ordinary word of orgdiag's texts is bare only where it stands in a list of ids."""
        if found.group(1) not in self.common:
            return False
        before, after = text[: found.start()].rstrip(), text[found.end() :].lstrip()
        listed = self._id is not None and (
            bool(re.search(r"(?:^|\W)[\w-]+,$", before) and self._id.search(before[-40:]))
            or bool(after.startswith(",") and self._id.match(after[1:].lstrip()))
        )
        return not listed


def _bracket_depth(text: str) -> list[int]:
    depth, level = [], 0
    for char in text:
        level += char == "("
        depth.append(level)
        level -= char == ")" and level > 0
    return depth + [level]


def _is_count(text: str, found: re.Match[str]) -> bool:
    """A number that counts or measures ("3 of 12 rules", "£12", "12.5 FTE") rather than naming an element."""
    element = found.group(1)
    if not element.isdigit():
        return False
    before, after = text[: found.start()], text[found.end() :]
    if re.match(r"\s*(?:[A-Za-z%]|–|-\d|,\d|\.\d)", after) or re.search(r"(?:[£$€–-]|\d[.,]?|\bof)\s*$", before):
        return not re.match(r"\s*[,.;:)]|\s*$", after) or bool(re.search(r"\d\s+of\s*$|[£$€]\s*$", before))
    return False


def _cut(text: str, found: re.Match[str]) -> bool:
    """An ellipsis that cuts orgdiag's own text; one that opens or closes a quoted excerpt of the client's ('…the
    work of') is how an excerpt is quoted."""
    before, after = text[found.start() - 1 : found.start()], text[found.end() : found.end() + 1]
    return "'" not in (before, after) and MASK[-1] != before and not after.startswith(MASK[0])


def _around(text: str, at: int) -> str:
    return text[max(0, at - 30) : at + 30]


def org_text(org: OrgFile, common: Iterable[str] = ()) -> OrgText:
    """The checker for texts about `org`: its ids, the client's words its file holds."""
    ids = {item.id for section in (org.units, org.positions, org.channels, org.agencies) for item in section}
    words = set(common)
    return OrgText(ids, sorted(_data(org.model_dump())), frozenset(i for i in ids if i.casefold() in words))


def _data(value: Any, key: str = "") -> Iterator[str]:
    if isinstance(value, dict):
        for name, inner in value.items():
            yield from _data(inner, name)
    elif isinstance(value, list | tuple):
        for inner in value:
            yield from _data(inner, key)
    elif isinstance(value, str) and key in DATA_FIELDS:
        yield value
