"""The texts the rules come from: the practitioners' texts a rule file cites by code, and the practices it may
cite instead."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    """A practitioners' text the rules come from; rationales cite it by ``short``, reports by author and title (with
    the title in English, for a client who reads no Scandinavian language)."""

    author: str
    title: str
    short: str
    english: str
    published: str = ""

    def __str__(self) -> str:
        return ", ".join(part for part in (self.author, f'"{self.title}" ({self.english})', self.published) if part)


#: The practitioners' texts (Swedish, Danish, Norwegian) the rules come from, by the code rule files cite.
SOURCES: dict[str, Source] = {
    "000": Source(
        "Robert af Klintberg Ryberg",
        "Sociala medier-debatten missar det viktiga",
        "af Klintberg Ryberg",
        "The social media debate misses what matters",
        "Resumé, 2022",
    ),
    "001": Source(
        "Malin Sjöman",
        "Sociala medier – centraliserad funktion eller delat ansvar?",
        "Sjöman",
        "Social media: a centralised function or a shared responsibility?",
    ),
    "002": Source(
        "Anders Flodqvist (interview)",
        "Sätt en strategi för sociala medier",
        "Flodqvist",
        "Set a strategy for social media",
    ),
    "003": Source("an adviser at Komfo", "Att. Marketingchefen", "a Komfo adviser", "For the attention of the CMO"),
    "004": Source(
        "Hans-Petter",
        "Ekspert eller ikke – Sosiale medier bør forankres fra «toppen»",
        "Hans-Petter",
        "Expert or not: social media should be anchored at the top",
    ),
    "owyang": Source(
        "Jeremiah Owyang (Altimeter Group)",
        "Framework and Matrix: The Five Ways Companies Organize for Social Business",
        "Owyang",
        "the five ways companies organise for social business",
        "Web Strategist, 2010",
    ),
}

#: Sources a rule may cite besides the practitioners' texts: general practice.
SOURCE_LABELS = {"org-design": "org-design practice", "data-quality": "data quality"}
