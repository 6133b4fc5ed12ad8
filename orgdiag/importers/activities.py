r"""The activities of a RACI matrix, read as the org file's responsibilities: ``social/strategy``, or its
plain-English name ("Social media strategy", "Strategy for the website", "Marketing budget").

An activity is a responsibility (``RESPONSIBILITIES``) for a scope: a channel of the organisation (by its id, its
name, or the name of its kind when it is the only channel of that kind) or ``marcom``, marketing communication as a
whole, which an activity naming no channel is for. The words are data, in activities.yaml.

    >>> activities = Activities([("social", "social", "Sociala medier"), ("web", "web", "Webb & butik online")])
    >>> [activities.resolve(text) for text in ("social/strategy", "Social media strategy", "Budget for the website",
    ...                                        "Sociala medier: paid media", "Channel mix")]
    ['social/strategy', 'social/strategy', 'web/budget', 'social/paid', 'marcom/channel-mix']
    >>> print(activities.resolve("Social media stratgy").message.replace("; ", ";\n"))
    'Social media stratgy' is no activity: name a responsibility (strategy, KPIs, budget, …) and the channel it is for;
    nearest: social/strategy (Sociala medier strategy)
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

from orgdiag.importers.resolve import Unresolved
from orgdiag.model import CHANNEL_KINDS, MARCOM, RESPONSIBILITIES, split_ref
from orgdiag.model.yaml_loader import OrgYamlLoader

_NOT_WORD = re.compile(r"[\W_]+")
#: How many responsibilities the message for an unknown activity names as examples.
EXAMPLES = 3


@dataclass(frozen=True)
class Vocabulary:
    """activities.yaml: the names of each responsibility, of marketing as a whole and of each channel kind, and
    the words read as nothing between them."""

    responsibilities: dict[str, list[str]]
    marcom: list[str]
    kinds: dict[str, list[str]]
    connectors: list[str]


@cache
def vocabulary() -> Vocabulary:
    """activities.yaml as written."""
    text = resources.files("orgdiag.importers").joinpath("activities.yaml").read_text(encoding="utf-8")
    return Vocabulary(**yaml.load(text, Loader=OrgYamlLoader))


def plain(text: str) -> str:
    """Text as activity names are compared: lower case, punctuation read as spaces, single-spaced.

    >>> plain("  E-mail: KPIs & targets ")
    'e mail kpis targets'
    """
    return " ".join(_NOT_WORD.sub(" ", text.casefold()).replace(" and ", " ").split())


def responsibility_names() -> dict[str, list[str]]:
    """Each responsibility of the model and its names, the plain one first (a responsibility activities.yaml does
    not name is known by its own word, hyphens as spaces)."""
    named = vocabulary().responsibilities
    return {word: list(named.get(word) or [word.replace("-", " ")]) for word in RESPONSIBILITIES}


def responsibility_name(word: str) -> str:
    """The plain name of a responsibility ("KPIs", "paid media")."""
    return responsibility_names().get(word, [word])[0]


def _kind_names(kind: str) -> list[str]:
    return [kind, *(vocabulary().kinds.get(kind) or [])]


class Activities:
    """The activities of one organisation: its channels (id, kind, name) and marketing as a whole."""

    def __init__(self, channels: Iterable[tuple[str, str, str | None]]):
        self.channels = [(channel_id, kind, name) for channel_id, kind, name in channels]
        self.connectors = frozenset(vocabulary().connectors)
        #: each plain name of a responsibility, and the responsibility
        self.responsibilities = {plain(n): word for word, names in responsibility_names().items() for n in names}
        #: each plain name of a scope, and the scopes it names, by how surely: an id, a name, a kind's name
        self.scopes: dict[str, list[tuple[int, str]]] = {}
        for name in [MARCOM, *vocabulary().marcom]:
            self._scope(name, 0, MARCOM)
        kinds = [kind for _, kind, _ in self.channels]
        for channel_id, kind, channel_name in self.channels:
            self._scope(channel_id, 0, channel_id)
            if channel_name:
                self._scope(channel_name, 1, channel_id)
            if kinds.count(kind) == 1 and kind in CHANNEL_KINDS:
                for kind_name in _kind_names(kind):
                    self._scope(kind_name, 2, channel_id)

    def _scope(self, name: str, sureness: int, scope: str) -> None:
        found = self.scopes.setdefault(plain(name), [])
        if (sureness, scope) not in found:
            found.append((sureness, scope))

    def resolve(self, text: str) -> str | Unresolved:
        """The responsibility an activity's text names (``scope/responsibility``, taken as written: the org file's
        checks name a scope that is neither a channel nor marcom), or :class:`Unresolved`: one that names none
        (with the nearest), or names several (ambiguous, with its matches)."""
        scope, word = split_ref(text.strip())
        if scope and word in RESPONSIBILITIES and " " not in scope:  # SCOPE/RESPONSIBILITY: the org file checks SCOPE
            return f"{scope}/{word}"
        found = self._readings(plain(text).split())
        if len(found) == 1:
            return found[0]
        if found:
            listed = ", ".join(found)
            return Unresolved(f"'{text}' is ambiguous: it may be {listed}; write one of them", (text, *found))
        return self._unknown(text)

    def _readings(self, words: list[str]) -> list[str]:
        """Every responsibility the words may name, the surest reading of their scope first: the words split in
        two, a responsibility on one side and a scope on the other (none: marcom)."""
        readings: dict[str, int] = {}
        for cut in range(len(words) + 1):
            for first, second in ((words[:cut], words[cut:]), (words[cut:], words[:cut])):
                word = self.responsibilities.get(" ".join(first))
                if word is None or (not first):
                    continue
                for sureness, scope in self._scopes_named(second):
                    readings[f"{scope}/{word}"] = min(sureness, readings.get(f"{scope}/{word}", sureness))
        if not readings:
            return []
        surest = min(readings.values())
        return [ref for ref, sureness in readings.items() if sureness == surest]

    def _scopes_named(self, words: list[str]) -> list[tuple[int, str]]:
        """The scopes some words name, each with how surely; no words (or connectors only) name marcom."""
        while words and words[0] in self.connectors:
            words = words[1:]
        while words and words[-1] in self.connectors:
            words = words[:-1]
        if not words:
            return [(3, MARCOM)]
        return self.scopes.get(" ".join(words), [])

    def _unknown(self, text: str) -> Unresolved:
        """An activity named by no words known, with the nearest: compared with each name of each scope followed
        by the plain name of each responsibility."""
        keys: dict[str, str] = {}
        for scope_name, scopes in self.scopes.items():
            for _, scope in scopes:
                for word in RESPONSIBILITIES:
                    keys.setdefault(f"{scope_name} {plain(responsibility_name(word))}", f"{scope}/{word}")
                    keys.setdefault(plain(f"{scope}/{word}"), f"{scope}/{word}")
        close = difflib.get_close_matches(plain(text), sorted(keys), n=3, cutoff=0.6)
        nearest = list(dict.fromkeys(keys[key] for key in close))
        hint = f"; nearest: {', '.join(f'{ref} ({self.name(ref)})' for ref in nearest)}" if nearest else ""
        examples = ", ".join(responsibility_name(word) for word in list(RESPONSIBILITIES)[:EXAMPLES])
        message = f"'{text}' is no activity: name a responsibility ({examples}, …) and the channel it is for{hint}"
        return Unresolved(message, (text, *nearest))

    def refs(self) -> list[str]:
        """Every activity there is: each responsibility for marketing as a whole, then for each channel."""
        return [f"{scope}/{word}" for scope in (MARCOM, *(c[0] for c in self.channels)) for word in RESPONSIBILITIES]

    def name(self, ref: str) -> str:
        """An activity's plain name: its scope's name and its responsibility's ("Sociala medier strategy")."""
        scope, word = split_ref(ref)
        return f"{self.scope_name(scope)} {responsibility_name(word)}"

    def scope_name(self, scope: str) -> str:
        """A scope's plain name: "marketing", or a channel's name (its id, where it has none)."""
        names = {channel_id: name or channel_id for channel_id, _, name in self.channels}
        return "marketing" if scope == MARCOM else names.get(scope, scope)
