"""Recognise roles, channel kinds and kinds of KPI from words: the lexicon is data (lexicon.yaml), this module
only applies it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

import yaml

from orgdiag.model.org import Position
from orgdiag.model.yaml_loader import OrgYamlLoader

LANGUAGES = ("sv", "da", "no", "en", "de")

#: The lexicon's sections: what the words of each name.
SECTIONS = ("roles", "channels", "kpis", "posts")


@cache
def lexicon() -> dict[str, dict[str, dict[str, list[str]]]]:
    """The lexicon as written: section -> entry -> language -> patterns."""
    text = resources.files("orgdiag.model").joinpath("lexicon.yaml").read_text(encoding="utf-8")
    data: dict[str, dict[str, dict[str, list[str]]]] = yaml.load(text, Loader=OrgYamlLoader)
    return data


#: Languages that write a compound as one word ("Kommunikationsstrateg", "Marknadskommunikation"): their words
#: are sought anywhere in a word. English writes words apart, so an English word is sought only where a word
#: starts: "communicat" names a communicator in "Communications Officer", not in "Telecommunications".
COMPOUNDING = frozenset({"sv", "da", "no", "de"})


def _compiled(patterns: list[str]) -> tuple[tuple[re.Pattern[str], bool], ...]:
    """Patterns as expressions, each with whether it is searched in the lower-cased text: those written all in
    lower case (as the lexicon's are) as one, searched there; any others as one searched case-insensitively in the
    text itself, about twice as slow."""
    lower = [p for p in patterns if p == p.lower()]
    cased = [p for p in patterns if p != p.lower()]
    compiled = []
    if lower:
        compiled.append((re.compile("|".join(f"(?:{p})" for p in lower)), True))
    if cased:
        compiled.append((re.compile("|".join(f"(?:{p})" for p in cased), re.IGNORECASE), False))
    return tuple(compiled)


def starts_word(text: str, at: int) -> bool:
    """Whether a word starts at ``at``: no letter, digit or underscore before it (what ``\\b`` asks of a letter).

    >>> starts_word("Telecommunications", 4), starts_word("Head of Communications", 8)
    (False, True)
    """
    return at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_")


@dataclass(frozen=True)
class Words:
    """The words of one lexicon entry: those of the compounding languages, sought anywhere, and the English ones,
    sought where a word starts.

    One expression per entry and kind: a single alternation of every entry's words would have to be tried at
    every position of a title, several times slower. The word start is checked on what the English expression
    finds, not written into it: an expression that starts with a look-behind is tried at every position of the
    text, about twice as slow.

    >>> words = Words.of({"en": ["communicat"], "sv": ["kommunikat"]})
    >>> [bool(words.search(t, t)) for t in ("communications officer", "telecommunications", "internkommunikation")]
    [True, False, True]
    """

    anywhere: tuple[tuple[re.Pattern[str], bool], ...]
    english: tuple[tuple[re.Pattern[str], bool], ...]

    @classmethod
    def of(cls, by_language: dict[str, list[str]]) -> Words:
        """An entry's words, from its patterns by language."""
        compounding = [p for lang in LANGUAGES if lang in COMPOUNDING for p in by_language.get(lang, [])]
        english = [p for lang in LANGUAGES if lang not in COMPOUNDING for p in by_language.get(lang, [])]
        return cls(_compiled(compounding), _compiled(english))

    def search(self, lowered: str, text: str) -> re.Match[str] | None:
        """The first place the words name the entry, in the lower-cased text (the same length as the text) or,
        for an expression with capitals, in the text."""
        found = None
        for pattern, lower in self.anywhere:
            match = pattern.search(lowered if lower else text)
            if match is not None and (found is None or match.start() < found.start()):
                found = match
        for pattern, lower in self.english:
            target = lowered if lower else text
            match = pattern.search(target)
            while match is not None and not starts_word(target, match.start()):
                match = pattern.search(target, match.start() + 1)
            if match is not None and (found is None or match.start() < found.start()):
                found = match
        return found


@cache
def _patterns(section: str) -> dict[str, Words]:
    """Each entry's words."""
    return {entry: Words.of(by_language) for entry, by_language in lexicon()[section].items()}


@cache
def _unrelated(section: str) -> Words | None:
    """The phrases that contain a section's words but name something else (lower case)."""
    by_language = lexicon().get("unrelated", {}).get(section)
    return Words.of(by_language) if by_language else None


def blank_out(words: Words | None, lowered: str) -> str:
    r"""The lower-cased text with every place the words name blanked out, its length kept (so that a match's place
    is the same in the original text).

    >>> blank_out(Words.of({"en": ["social care"]}), "adult social care and social media").replace("\x00", "_")
    'adult ___________ and social media'
    """
    while words is not None:
        found = words.search(lowered, lowered)
        if found is None or found.end() == found.start():
            break
        lowered = lowered[: found.start()] + "\x00" * (found.end() - found.start()) + lowered[found.end() :]
    return lowered


def _without_unrelated(section: str, lowered: str) -> str:
    """The lower-cased text with the section's unrelated phrases blanked out, its length kept."""
    return blank_out(_unrelated(section), lowered)


#: Digits become 0 before a text is read for its entries: no lexicon word holds a digit, and "Analyst, Web 1" and
#: "Analyst, Web 2" are then one text, read once (a large organisation numbers its posts and units).
DIGITS_AS_ZERO = str.maketrans("123456789", "000000000")


@lru_cache(maxsize=1 << 16)
def words_in(section: str, text: str) -> frozenset[str]:
    """The entries of a lexicon section that a text names (remembered per text: an HR export repeats itself).

    >>> sorted(words_in("channels", "Sociala medier & webb")), sorted(words_in("channels", "Social Science"))
    (['social', 'web'], [])
    """
    return _entries_in(section, text.translate(DIGITS_AS_ZERO))


@lru_cache(maxsize=1 << 16)
def _entries_in(section: str, text: str) -> frozenset[str]:
    """What :func:`words_in` finds, remembered per text with its digits as 0."""
    lowered = _without_unrelated(section, text.lower())
    return frozenset(entry for entry, words in _patterns(section).items() if words.search(lowered, text))


@lru_cache(maxsize=1 << 16)
def matched_words(section: str, text: str) -> dict[str, str]:
    """Each entry of a lexicon section that a text names, with the words of the text that named it: what an
    import marks as the source of an inferred fact (remembered per text: callers must not change it).

    >>> matched_words("roles", "Senior Social Media Strategist")
    {'strategist': 'Strategist'}
    """
    lowered = _without_unrelated(section, text.lower())
    found = {}
    for entry, words in _patterns(section).items():
        match = words.search(lowered, text)
        if match:
            same_length = len(lowered) == len(text)  # lower() can lengthen a few letters (İ): then quote the match
            found[entry] = text[match.start() : match.end()] if same_length else match.group()
    return found


def roles_in_title(title: str) -> frozenset[str]:
    """The roles a title names.

    >>> sorted(roles_in_title("Kommunikasjonsstrateg"))
    ['communicator', 'strategist']
    >>> sorted(roles_in_title("LEITERIN MARKETING"))
    ['head-of-marketing']
    """
    return words_in("roles", title)


def channel_kinds_in(name: str) -> frozenset[str]:
    """The channel kinds a unit name or a title names.

    >>> sorted(channel_kinds_in("Kundtjänst"))
    ['customer-service']
    """
    return words_in("channels", name)


def post_kinds_in(title: str) -> frozenset[str]:
    """What a title says about the post's span: ``pool`` (people between postings) or ``adviser`` (an advisory or
    head-of-profession post).

    >>> sorted(post_kinds_in("Flexible Resourcing and Development")), sorted(post_kinds_in("Chief Economist"))
    (['pool'], ['adviser'])
    """
    return words_in("posts", title)


def kpi_kinds_in(name: str) -> frozenset[str]:
    """What a KPI's name says it is: ``vanity`` (fans, followers, likes) or ``roi``.

    >>> sorted(kpi_kinds_in("Antal følgere")), sorted(kpi_kinds_in("ROI på annonser"))
    (['vanity'], ['roi'])
    """
    return words_in("kpis", name)


#: A title that says its holder manages or heads something, as organogram titles say it in English.
_MANAGES = re.compile(r"\b(?:manager|director|head)\b", re.IGNORECASE)


def says_it_manages(title: str) -> bool:
    """Whether a title says its holder manages or heads something (Manager, Associate Director, Head of …).

    >>> says_it_manages("Passenger Focus Manager"), says_it_manages("Telecommunications Headset Officer")
    (True, False)
    """
    return _MANAGES.search(title) is not None


def roles_of(position: Position) -> frozenset[str]:
    """A position's roles: its explicit `role` if it has one, otherwise those its title names."""
    return roles_for(position.role, position.title)


def roles_for(role: str | None, title: str) -> frozenset[str]:
    """The roles of a position given as plain data: the explicit ``role``, else those the title names."""
    return frozenset({role}) if role else roles_in_title(title)
