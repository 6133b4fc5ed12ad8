"""The guard rails of restructuring: the changes it never makes on its own, each refused with its reason
(docs/restructuring.md, "Guard rails").

A rule's suggestion is written for the organisation the rule has in mind. The one at hand may be too small for a new
management post, may already count the head a suggestion would appoint among its staff, may hold beside a leader
only a peer of that leader, or may have a unit that runs a channel while its work is something else. So:

- :func:`refuse_new_post`: no new senior post or layer in an organisation of fewer than :data:`SMALL_ORGANISATION`
  people (posts and staff FTE), nor where the staff below already count a head of that work (an organogram's junior
  "Digital Marketing Manager");
- :func:`peer_of`: a post reporting to the same manager as a leader, of the same grade, or as many steps below the
  top, is the leader's peer, never its deputy;
- :func:`refuse_move_into_marketing`: no unit goes into marketing whose main work, as its name, its head's title or
  most of its people say, is something else (partnerships, industry engagement, customer operations);
- :func:`evidence_of` and :func:`held_back`: every change cites the entries it rests on, with their source and
  confidence; one that rests on facts marked as assumed, or inferred from words, is a proposal for the workshop,
  not a change.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from orgdiag.findings import Finding, Suggestion
from orgdiag.model.functions import function_words, functions_in, labels
from orgdiag.model.lexicon import channel_kinds_in, roles_for, says_it_manages
from orgdiag.model.org import total_fte
from orgdiag.naming import fte as fte_text
from orgdiag.naming import joined, plural
from orgdiag.restructuring.draft import Draft, Item, Refused, many
from orgdiag.restructuring.results import Evidence

#: An organisation of fewer people than this (its live posts and staff FTE, or the employees its profile states)
#: gets no new senior post or layer from a restructuring: there a new management post is a large share of the whole,
#: and who deputises or leads a team is known to the people, not to the chart.
SMALL_ORGANISATION = 150

#: The work that belongs in marketing: marketing itself, and communications (press, PR, the web and publications are
#: channels of marketing communication).
MARKETING_WORK = frozenset({"marketing", "communications"})

#: Why a suggestion of a finding that rests on facts inferred from words is not applied.
INFERRED_ONLY = (
    "the finding rests on facts inferred from words: state them (an overlay) to confirm them, or restructure "
    "with --include-inferred"
)

#: The sections of the entries that have no id, as the kinds of evidence a rule needs name them.
ENTRY_SECTIONS = ("kpis", "budgets", "approvals", "experiments", "links")


def people_of(draft: Draft) -> float:
    """How many people the organisation has: its live posts and the staff FTE counted under them or under no post, or
    the employees its profile states where that is more (a file may list only part of the organisation). Counted
    once, on the organisation as the draft began."""

    def count() -> float:
        live = [p for p in draft.items("positions") if not p.get("abolished")]
        organisation = draft.data["organisation"]
        staff = [line["fte"] for p in live for line in p.get("staff", ())]
        staff += [line["fte"] for line in organisation.get("unplaced_staff", ())]
        employees = organisation.get("profile", {}).get("employees") or 0
        return max(len(live) + total_fte(staff), float(employees))

    return draft.cached("people", (), count)


def refuse_new_post(draft: Draft, title: str, manager: str | None) -> None:
    """Raise Refused where a new post titled ``title`` (under ``manager``) is not restructuring's to add: the
    organisation is small, or the staff below the manager already count a head of that work."""
    people = people_of(draft)
    if people < SMALL_ORGANISATION:
        raise Refused(
            f"{draft.data['organisation']['name']} has {people:,.0f} people (posts and staff FTE), fewer than "
            f"{SMALL_ORGANISATION}: a new senior post or layer there is for people to decide"
        )
    head = head_in_staff(draft, manager, title) if manager else None
    if head is not None:
        raise Refused(
            f"the staff under {draft.label(manager or '')} already count a head of that work ({head}): give one of "
            "them the role rather than add a post"
        )


def head_in_staff(draft: Draft, manager: str, title: str) -> str | None:
    """A staff title under the manager or the posts below it that heads the work of a new post titled ``title``
    (quoted, with its FTE): one that says it manages something and names the work the title names (marketing,
    communications and the channels counting as one work); any that says it manages, where the title names no work
    ("Team lead")."""
    work = functions_in(title)
    if work & MARKETING_WORK:
        work |= MARKETING_WORK
    for post in [manager, *sorted(draft.reports_below(manager))]:
        for line in draft.element(post).get("staff", ()):
            if says_it_manages(line["title"]) and _same_work(line["title"], work):
                return f"'{line['title']}', {fte_text(line['fte'])} FTE"
    return None


def _same_work(staff_title: str, work: frozenset[str]) -> bool:
    if not work or functions_in(staff_title) & work:
        return True
    return bool(work & MARKETING_WORK and channel_kinds_in(staff_title))


def peer_of(draft: Draft, leader: Item, other: Item) -> str | None:
    """Why ``other`` is a peer of ``leader``, or None: it reports to the same manager, holds the same grade, or stands
    as many steps below the top. A peer is never made the leader's deputy."""
    manager = leader.get("reports_to")
    if manager and manager == other.get("reports_to"):
        return f"both report to {draft.label(manager)}"
    if leader.get("grade") and leader.get("grade") == other.get("grade"):
        return f"both are graded {leader['grade']}"
    steps = _steps_below_top(draft, leader)
    if steps == _steps_below_top(draft, other):
        return f"both are {steps} {plural('step', steps)} below the top"
    return None


def _steps_below_top(draft: Draft, position: Item) -> int:
    steps, seen = 0, {position["id"]}
    while position.get("reports_to") and position["reports_to"] not in seen:
        position = draft.element(position["reports_to"])
        seen.add(position["id"])
        steps += 1
    return steps


def refuse_move_into_marketing(draft: Draft, unit_id: str, parent_id: str) -> None:
    """Raise Refused where a unit would go into marketing (the head of marketing's unit or below it) while its
    main work is something else."""
    if parent_id not in marketing_units(draft):
        return
    work = main_work(draft, unit_id)
    if work is not None and not work.functions & MARKETING_WORK:
        named = joined(sorted(labels()[name] for name in work.functions))
        raise Refused(
            f"the main work of {draft.label(unit_id)} is {named}, not marketing (as {work.said_by} says): it stays "
            "where it is, and works with marketing on the channels it runs"
        )


def marketing_units(draft: Draft) -> set[str]:
    """The unit of each head of marketing, and the units below it."""

    def gather() -> set[str]:
        units: set[str] = set()
        for post in draft.items("positions"):
            if post.get("unit") and not post.get("abolished") and "head-of-marketing" in _roles(post):
                units |= draft.below(post["unit"])
        return units

    watched = ("positions", "positions.role", "positions.title", "positions.unit", "positions.abolished")
    return draft.cached("marketing-units", (*watched, "units", "units.parent"), gather)


def _roles(post: Item) -> frozenset[str]:
    return roles_for(post.get("role"), post["title"])


@dataclass(frozen=True)
class MainWork:
    """What a unit mainly does, and what says so (quoted for a message)."""

    functions: frozenset[str]
    said_by: str


def main_work(draft: Draft, unit_id: str) -> MainWork | None:
    """A unit's main work: what its name says; else what its heads' titles (or job text, or profession) say; else
    what most of its people do (its posts by their words, its staff by their FTE). None when nothing says."""
    unit = draft.element(unit_id)
    named = work_in(unit["name"])
    if named:
        return MainWork(named, f"its name '{unit['name']}'")
    heads = [draft.element(head) for head in draft.unit_heads(unit_id)]
    by_heads = frozenset(name for head in heads for name in _post_work(head))
    if by_heads:
        titles = joined([f"'{head['title']}'" for head in heads if _post_work(head)])
        return MainWork(by_heads, f"the title of its head {titles}")
    people = _people_by_work(draft.members(unit_id))
    if not people:
        return None
    most = max(people.values())
    everyone = sum(1 + total_fte(line["fte"] for line in p.get("staff", ())) for p in draft.members(unit_id))
    return MainWork(
        frozenset(name for name, count in people.items() if count == most),
        f"what most of its people do ({fte_text(most)} of {fte_text(everyone)})",
    )


def work_in(text: str) -> frozenset[str]:
    """The work a unit's or a post's words name (functions.yaml), where "digital" alone is no IT: a digital team may
    be the one that runs the web and social channels.

    >>> sorted(work_in("Industry Partnerships")), sorted(work_in("Head of Digital")), sorted(work_in("IT and Digital"))
    (['partnerships'], [], ['it'])
    """
    found = function_words(text)
    return frozenset(name for name, words in found.items() if name != "it" or "digital" not in words.lower())


def _post_work(post: Item) -> frozenset[str]:
    """What a post's own words say it does: its title, else its job text, else its profession."""
    for text in (post["title"], post.get("function"), post.get("profession")):
        found = work_in(text) if text else frozenset()
        if found:
            return found
    return frozenset()


def _people_by_work(members: Iterable[Item]) -> dict[str, float]:
    """How many of the members' people do each work: a post by its own words, its staff by title (else profession)
    and FTE."""
    people: dict[str, float] = {}
    for post in members:
        for name in _post_work(post):
            people[name] = people.get(name, 0.0) + 1
        for line in post.get("staff", ()):
            for name in work_in(line["title"]) or work_in(line.get("profession") or ""):
                people[name] = people.get(name, 0.0) + line["fte"]
    return people


def evidence_of(draft: Draft, finding: Finding, suggestion: Suggestion, needs: Iterable[str]) -> tuple[Evidence, ...]:
    """The entries a change rests on: the units, positions, channels and agencies its finding and its parameters
    name; and, of the kinds of evidence the finding's rule needs, the KPIs, budgets, approvals and experiments of the
    channels it names and the links of its subject."""
    params = suggestion.params
    named = dict.fromkeys([finding.subject, *finding.evidence, *(v for key in params for v in many(params, key))])
    found = [_evidence(draft, element) for element in named if draft.section_of(element) is not None]
    channels = [element for element in named if draft.section_of(element) == "channels"]
    for section in (kind for kind in ENTRY_SECTIONS if kind in set(needs)):
        if section == "links":
            found += [
                Evidence(_link_text(draft, link), None, *_cited(link)) for link in _links_of(draft, finding.subject)
            ]
        else:
            entries = _by_channel(draft, section)
            found += [
                Evidence(_entry_text(draft, section, entry), None, *_cited(entry))
                for channel in channels
                for entry in entries.get(channel, ())
            ]
    return tuple(found)


def _evidence(draft: Draft, element: str) -> Evidence:
    return Evidence(draft.label(element), element, *_cited(draft.element(element)))


def _cited(entry: Item) -> tuple[str | None, str | None]:
    return entry.get("source"), entry.get("confidence")


def _by_channel(draft: Draft, section: str) -> dict[str, list[Item]]:
    def group() -> dict[str, list[Item]]:
        groups: dict[str, list[Item]] = {}
        for entry in draft.items(section):
            groups.setdefault(entry["channel"], []).append(entry)
        return groups

    return draft.cached(f"evidence:{section}", (section, f"{section}.channel"), group)


def _links_of(draft: Draft, element: str) -> list[Item]:
    def group() -> dict[str, list[Item]]:
        groups: dict[str, list[Item]] = {}
        for link in draft.items("links"):
            for end in dict.fromkeys(link["between"]):
                groups.setdefault(end, []).append(link)
        return groups

    return draft.cached("evidence:links", ("links", "links.between"), group).get(element, [])


def _entry_text(draft: Draft, section: str, entry: Item) -> str:
    channel = draft.label(entry["channel"])
    if section == "kpis":
        return f"KPI '{entry['name']}' of {channel}"
    if section == "budgets":
        return f"budget of {channel} held by {draft.label(entry['owner'])}"
    if section == "approvals":
        return f"approval of {channel} by {', '.join(entry['steps'])}"
    return f"experiment '{entry['name']}' on {channel}"


def _link_text(draft: Draft, link: Item) -> str:
    first, second = (draft.label(end) for end in link["between"])
    name = f" ({link['name']})" if link.get("name") else ""
    return f"{first} {link['kind']} with {second}{name}"


def held_back(finding: Finding, rests_on: Iterable[Evidence], include_inferred: bool, include_assumed: bool) -> str:
    """Why a change is a proposal for the workshop rather than made, or "" when it may be made: it rests on facts
    inferred from words (unless ``include_inferred``) or on entries marked as assumed (unless ``include_assumed``)."""
    reasons = []
    if finding.inferred and not include_inferred:
        reasons.append(INFERRED_ONLY)
    assumed = [evidence.entry for evidence in rests_on if evidence.confidence == "assumed"]
    if assumed and not include_assumed:
        reasons.append(
            f"it rests on facts marked as assumed ({', '.join(assumed)}): confirm them in the workshop (confidence: "
            "stated or verified), or restructure with --include-assumed"
        )
    return "; and ".join(reasons)
