"""The workforce under each post, measured once per organisation: whom each post leads, how it is paid against the
posts beside it, the pay bands, grades and managers of the staff counted under it, what its published paybill covers,
and how it is held (acting, on leave, a pool).

An organogram lists the senior posts and counts the staff under each by grade and pay band; an HR export may give
pay and grades for everyone. Each function here measures; none judges: the fact builders
(:mod:`orgdiag.measure.facts.workforce`) put the measures into facts, and the rules hold them against their
thresholds. Everything is one pass over the posts, or one per group of posts reporting to the same manager, so that
a large organisation measures in linear time.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from operator import contains, itemgetter
from typing import Any

from orgdiag.measure.graph import EdgeIndex
from orgdiag.model import Position, Staff
from orgdiag.model.bulk import any_set
from orgdiag.model.lexicon import matched_words, says_it_manages
from orgdiag.model.org import total_fte
from orgdiag.naming import counted, fte, pay_range

#: What an export's marks say of a post held in temporary charge, and of a row that holds people but is no team.
TEMPORARY_MARKS = frozenset({"acting", "interim"})
POOL_MARKS = frozenset({"pool", "not-a-post"})
#: A senior post leading this many people or fewer (posts and staff FTE below it) leads a very small team: the band
#: the organisation's share of such posts is counted in; below the five to ten held as best practice, as
#: small-senior-team's ``max_people`` in the default profile.
SMALL_TEAM = 4
#: A senior post leading this many people or fewer leads one team's worth: no more than one manager's widest
#: acceptable span (span-too-wide's ``max_span`` in the default profile, past the five to ten the National Commission
#: of Audit holds as best practice), work for a team leader rather than a director of managers.
ONE_TEAM = 12
#: Peers are compared pairwise; a manager with more reports that lead people than this is not a peer group (a pool,
#: a flat list of team leads) and its reports are not compared.
MAX_PEERS = 200
#: An export whose staff hold more distinct grades than this writes job titles in its grade column, not grades: their
#: spread says nothing of layers.
MAX_GRADES = 20
#: How many peers a message names at most, and how many posts a list of posts.
NAMED_PEERS = 3
NAMED_POSTS = 5
#: One post is paid more than another when its full-time pay floor is at least this much above the other's ceiling:
#: a clear step (about one £5,000 band at £100,000), since adjacent bands are within what individual pay settles.
PAY_STEP = 1.05
#: Two staff grades are twins, one grade in two names, when their pay ranges overlap over at least this share of the
#: wider range and their midpoints differ by less than a clear step (:data:`PAY_STEP`).
TWIN_OVERLAP = 0.9
#: The upper grades of the staff, the ones managers are on: those whose pay floor lies in the top third of the range
#: from the lowest pay floor of the organisation's staff to the highest.
UPPER_GRADES = 2 / 3

_SCS = re.compile(r"scs\s*(\d)\s*(a?)", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+")


def manager_titles(lines: Iterable[Staff]) -> dict[str, float]:
    """The FTE of the staff whose titles say they manage or head something (Manager, Associate Director, Head of …),
    by title.

    >>> from orgdiag.model import Staff
    >>> manager_titles([Staff(title="Passenger Focus Manager", fte=10), Staff(title="Executive", fte=20),
    ...     Staff(title="Associate Director", fte=2.5), Staff(title="Telecommunications Headset Officer", fte=1)])
    {'Passenger Focus Manager': 10.0, 'Associate Director': 2.5}
    """
    found: dict[str, float] = {}
    for line in lines:
        if line.title and says_it_manages(line.title):
            found[line.title] = found.get(line.title, 0.0) + float(line.fte or 0.0)
    return found


def grade_level(grade: str | None) -> float | None:
    """How senior a UK senior civil service grade is (SCS1, SCS1A, SCS2 … SCS4); None for a grade it does not state.

    >>> grade_level("SCS2"), grade_level("SCS1A"), grade_level("Band 3"), grade_level(None)
    (2.0, 1.5, None, None)
    """
    found = _SCS.fullmatch(grade.strip()) if grade else None
    return float(found[1]) + (0.5 if found[2] else 0.0) if found else None


def grade_floors(posts: Iterable[Position]) -> dict[str, float]:
    """The lowest pay floor of the full-time posts of each grade (posts with no FTE given count as full time).

    >>> grade_floors([Position(id="a", title="Director", grade="SCS2", pay={"low": 85000, "high": 89999}),
    ...     Position(id="b", title="Director", grade="SCS2", pay={"low": 50000, "high": 54999}, fte=0.6)])
    {'SCS2': 85000.0}
    """
    floors: dict[str, float] = {}
    for post in posts:
        if post.grade and post.pay is not None and (post.fte is None or post.fte >= 1):
            floors[post.grade] = min(floors.get(post.grade, post.pay.low), post.pay.low)
    return floors


def pro_rata(post: Position, floors: dict[str, float]) -> bool:
    """Whether a part-time post's published pay is its actual, pro-rata pay rather than its full-time rate.

    Organograms differ: one publishes a 0.6 FTE director's £50,000–£54,999, another a 0.6 FTE contractor's full-time
    £125,000–£129,999. Pay is taken as pro rata when its ceiling is below the lowest pay of the full-time posts of
    its grade; otherwise (or with no such posts to compare) as the full-time rate.

    >>> post = Position(id="b", title="Director", grade="SCS2", pay={"low": 50000, "high": 54999}, fte=0.6)
    >>> pro_rata(post, {"SCS2": 85000.0}), pro_rata(post, {})
    (True, False)
    """
    if post.pay is None or post.fte is None or post.fte >= 1 or not post.grade or post.grade not in floors:
        return False
    return post.pay.high < floors[post.grade]


def paid_more(pay: tuple[float, float], other: tuple[float, float]) -> bool:
    """One full-time pay range is a clear step (:data:`PAY_STEP`) above another.

    >>> paid_more((100000, 104999), (90000, 94999)), paid_more((95000, 99999), (90000, 94999))
    (True, False)
    """
    return pay[0] >= other[1] * PAY_STEP


@lru_cache(maxsize=1 << 16)
def role_key(title: str) -> str:
    """A title without the words that say it is held in temporary charge, its punctuation and its case: two posts
    with the same key are one role.

    >>> role_key("Director, International Finance (Acting)") == role_key("Director - International Finance")
    True
    """
    acting = matched_words("posts", title).get("acting")
    text = title.replace(acting, " ") if acting else title
    return " ".join(_WORDS.findall(text.lower()))


def pay_below(ceiling: float, amount: float) -> bool:
    """A pay ceiling is below an amount: a ceiling written £89,999 stands for "under £90,000", not below it.

    >>> pay_below(89999, 90000), pay_below(79999, 90000)
    (False, True)
    """
    return ceiling + 1 < amount


@dataclass(frozen=True)
class StaffProfile:
    """The staff counted under one post: their highest pay band, their grades and how many are on upper grades."""

    fte: float
    top_pay: float = 0.0
    top_band: str = ""
    grades: int = 0
    grade_span: str = ""
    upper_fte: float = 0.0
    upper_grades: tuple[str, ...] = ()


@dataclass(frozen=True)
class Standing:
    """A post among its peers (the posts reporting to the same manager that lead anyone): where it stands by the
    people it leads and by pay, and the peers out of line with it."""

    peers: int
    #: percent of the other peers leading fewer people / paid less (of those whose pay is published), whole
    scope_above: int
    paid_above: int
    #: peers paid less that lead more people, the largest first, and how many times its people the largest leads
    lower_paid_larger: tuple[str, ...] = ()
    lower_paid_larger_ids: tuple[str, ...] = ()
    lower_paid_larger_ratio: float = 0.0
    #: peers graded or paid higher that lead fewer people, the smallest first, and how many times theirs it leads
    higher_ranked_smaller: tuple[str, ...] = ()
    higher_ranked_smaller_ids: tuple[str, ...] = ()
    higher_ranked_smaller_ratio: float = 0.0
    #: its full-time pay floor as a percent of the highest full-time ceiling of the other peers with published pay,
    #: and its people as a percent of the most any other peer leads (0 without pay or without such peers)
    pay_over_peers: int = 0
    people_of_largest_peer: int = 0
    #: the best-paid of the other peers, described with whom it leads, and its id
    next_paid: str = ""
    next_paid_id: str = ""


@dataclass(frozen=True)
class PaybillCheck:
    """What a published paybill covers and what that could cost. Its floor: the staff counted under the post, at the
    bottom of their scales (some exports show the cost of a small team against nobody, so the teams below are not
    counted on). Its ceiling: those staff and the staff of the posts whose cost it may carry (those below without a
    paybill of their own) at the top of their scales, with the pay of those posts (an export's notes say "own and
    team salary costs shown under" the manager)."""

    paybill: float
    fte: float
    floor: float
    ceiling: float
    #: the posts below whose cost the paybill carries (they publish none of their own)
    folded: tuple[str, ...] = ()


@dataclass
class Workforce:
    """The workforce measures of an organisation, each by position id (only for the posts it concerns)."""

    positions: list[str]
    attrs: dict[str, dict[str, Any]]
    unit_of: dict[str, str] = field(default_factory=dict)
    #: whether the data holds anything of the workforce; if not, nothing else is measured
    active: bool = False
    #: whether the posts listed are senior posts (an organogram's): staff are counted under the posts, and at least
    #: half the posts have staff, pay or a grade of their own (a file that lists its junior people besides is no
    #: list of senior posts)
    senior: bool = False
    #: the posts whose marks say they are a pool or no post
    pools: set[str] = field(default_factory=set)
    staff_fte: float = 0.0
    #: the median staff FTE counted under the posts that have any
    median_staff: float = 0.0
    #: the pay floor from which a staff grade is an upper (manager) grade (0 when the staff have no pay scales)
    upper_floor: float = 0.0
    #: people each post leads: the posts below it and the staff FTE counted under it and them
    people: dict[str, float] = field(default_factory=dict)
    posts_below: dict[str, int] = field(default_factory=dict)
    #: full-time pay where published, and the posts whose published pay is pro rata (part-time)
    pay: dict[str, tuple[float, float]] = field(default_factory=dict)
    pro_rata: set[str] = field(default_factory=set)
    staff: dict[str, StaffProfile] = field(default_factory=dict)
    standing: dict[str, Standing] = field(default_factory=dict)
    paybills: dict[str, PaybillCheck] = field(default_factory=dict)
    #: the median of the published paybills as a percent of the most their staff could cost (0 without any): where it
    #: is well below 100, the export's paybills are salaries at most, without on-costs
    paybills_typical: int = 0
    #: the highest pay band of any staff, where any staff have pay: its ceiling, its label and the posts it is under
    top_band_pay: float = 0.0
    top_band: str = ""
    top_band_posts: tuple[str, ...] = ()
    #: posts with published pay, and those whose full-time pay ceiling is below the top band's ceiling (lowest first)
    paid_posts: int = 0
    paid_below_top_band: tuple[str, ...] = ()
    #: pairs of staff grades with nearly the same pay range (:func:`twin_grades`), and the posts whose staff hold them
    twin_grades: tuple[tuple[str, str], ...] = ()
    twin_grade_labels: tuple[str, ...] = ()
    twin_grade_posts: tuple[str, ...] = ()
    #: by post: its direct reports paid more than it (the report's full-time floor above its ceiling), best paid first
    better_paid_reports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: by post below the top: its live direct reports at its own grade (no advisers, pools or acting holders)
    same_grade_reports: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: by post with such reports: the percent of its live reports (no advisers, pools or acting holders) they are
    same_grade_share: dict[str, float] = field(default_factory=dict)
    #: by post whose title says it is held in acting charge: the posts of the same role in its unit that do not
    twins: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: by post: the acting posts of its role in its unit (its cover)
    covers: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: by post whose named holder holds other live posts too: all of that holder's posts, in the file's order
    holder_posts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _titles: Counter[str] | None = None
    _labels: dict[tuple[str, str], str] = field(default_factory=dict)

    def pay_label(self, position: str) -> str:
        """The post's pay as published, with its FTE and full-time rate where that pay is pro rata; empty when the
        export gives none ("£50,000–£54,999 for 0.6 FTE, £83,333–£91,665 full time")."""
        post = self.post(position)
        if post.pay is None:
            return ""
        published = pay_range(post.pay.low, post.pay.high)
        if position not in self.pro_rata:
            return published
        return f"{published} for {post.fte:g} FTE, {pay_range(*self.pay[position])} full time"

    def post(self, position: str) -> Position:
        post: Position = self.attrs[position]["post"]
        return post

    def temporary(self, position: str) -> bool:
        """Held in temporary charge: the notes say acting or interim, or the title does."""
        node = self.attrs[position]
        return not TEMPORARY_MARKS.isdisjoint(node["post"].marks) or "acting" in node["posts"]

    def pool(self, position: str) -> bool:
        """A pool of people between postings, or a row that is no post: its reports are no team."""
        return position in self.pools or "pool" in self.attrs[position]["posts"]

    def people_share(self, position: str) -> float:
        """Percent of everyone the organisation counts (its live posts and its staff FTE) that the post leads."""
        everyone = len(self.positions) + self.staff_fte
        return round(100 * self.people.get(position, 0.0) / everyone, 1) if everyone else 0.0

    def people_label(self, position: str) -> str:
        """Whom a post leads, in words: "nobody", "2 posts", "3.6 FTE of staff", "4 posts and 852.3 FTE of staff"."""
        posts = self.posts_below.get(position, 0)
        staff = fte(self.people.get(position, 0.0) - posts)
        parts = [counted(posts, "post")] if posts else []
        if staff != fte(0):
            parts.append(f"{staff} FTE of staff")
        return " and ".join(parts) or "nobody"

    def label(self, position: str) -> str:
        """The post's title; where other posts share it, with its unit's name ("Deputy Director, Social Survey"),
        unless the title names the unit already. Worked out when first asked for, once per title and unit."""
        title: str = self.attrs[position]["title"]
        unit = self.unit_of.get(position)
        if self._titles is None:
            self._titles = Counter(self.attrs[p]["title"] for p in self.positions)
        if unit is None or self._titles[title] < 2:
            return title
        label = self._labels.get((title, unit))
        if label is None:
            name: str = self.attrs[unit]["name"]
            label = self._labels[title, unit] = title if _words(name) <= _words(title) else f"{title}, {name}"
        return label

    def describe(self, position: str) -> str:
        """The post as a message names it: its label, grade and pay ("Director of Learning (SCS2, £75,000–£79,999)").

        The grade is left out where the title says it already ("Grade 7" under "Grade 7").
        """
        post = self.post(position)
        label = self.label(position)
        grade = post.grade if post.grade and post.grade.lower() not in label.lower() else None
        details = ", ".join(part for part in (grade, self.pay_label(position)) if part)
        return f"{label} ({details})" if details else label


def measure_workforce(
    index: EdgeIndex,
    attrs: dict[str, dict[str, Any]],
    unit_of: dict[str, str],
    depth: dict[str, int],
    staff: dict[str, float],
    given: frozenset[str],
    unplaced: float = 0.0,
) -> Workforce:
    """Measure the workforce of an organisation graph: one pass over the posts, then one up the reporting lines and
    one per peer group. An organisation whose data holds nothing of its workforce (no staff counted under posts, no
    pay, grade, paybill or marks, no title saying acting) is measured no further: nothing below would be found.
    `staff`: the FTE counted under each post that has any; `given`: the fields of the posts' rows any post gives
    (:func:`~orgdiag.model.bulk.fields_given`); `unplaced`: the FTE the data counts under no listed post, which the
    organisation's totals (its staff, everyone a post's share is of) include."""
    positions = index.of_type("position")
    workforce = Workforce(positions, attrs, unit_of)
    workforce.active = bool(staff) or bool(unplaced) or _states_workforce(positions, attrs, given)
    if not workforce.active:
        return workforce
    workforce.staff_fte = round(total_fte([*staff.values(), unplaced]), 2)
    workforce.median_staff = statistics.median(staff.values()) if staff else 0.0
    _people(workforce, index, staff, depth)
    lines = [line for p in staff for line in attrs[p]["post"].staff]
    workforce.upper_floor = upper_grade_floor(lines)
    grades_read = len({line.grade for line in lines if line.grade}) <= MAX_GRADES
    floors = grade_floors(attrs[p]["post"] for p in positions)
    for position in positions:
        post: Position = attrs[position]["post"]
        if post.pay is not None:
            share = post.fte if post.fte is not None and pro_rata(post, floors) else 1.0
            workforce.pay[position] = post.pay.low / share, post.pay.high / share
            if share < 1:
                workforce.pro_rata.add(position)
        if post.staff:
            workforce.staff[position] = staff_profile(post.staff, workforce.upper_floor, grades_read)
        if not POOL_MARKS.isdisjoint(post.marks):
            workforce.pools.add(position)
    workforce.paid_posts = len(workforce.pay)
    described = sum(1 for p in positions if p in staff or p in workforce.pay or attrs[p]["post"].grade)
    workforce.senior = bool(staff) and 2 * described >= len(positions)
    _top_band(workforce)
    if grades_read:
        _twin_grades(workforce, lines, staff)
    _better_paid_reports(workforce, index)
    _same_grade_reports(workforce, index)
    _standings(workforce, index)
    _paybills(workforce, index)
    _twins(workforce, unit_of)
    _shared_holders(workforce)
    return workforce


def _states_workforce(positions: list[str], attrs: dict[str, dict[str, Any]], given: frozenset[str]) -> bool:
    """Whether a post's data says something of the workforce: pay, a grade, a paybill, marks (only fields some post
    is `given` can), or a title saying acting. Asked field by field at C speed: a large organisation without them
    asks 10^5 times."""
    nodes = list(map(attrs.__getitem__, positions))
    stated = [name for name in ("pay", "grade", "paybill", "marks") if name in given]
    if stated:
        posts = list(map(itemgetter("post"), nodes))
        if any(any_set(posts, name) for name in stated):
            return True
    return any(map(contains, map(itemgetter("posts"), nodes), repeat("acting")))


def _people(workforce: Workforce, index: EdgeIndex, staff: dict[str, float], depth: dict[str, int]) -> None:
    """Posts and staff below each post, added up the reporting lines once, deepest posts first."""
    manager_of = {report: managers[0] for report, managers in index.out("reports_to").items()}
    people = {p: staff.get(p, 0.0) for p in workforce.positions}
    posts = dict.fromkeys(workforce.positions, 0)
    for position in sorted(manager_of, key=depth.__getitem__, reverse=True):
        manager = manager_of[position]
        people[manager] += people[position] + 1
        posts[manager] += posts[position] + 1
    workforce.people, workforce.posts_below = people, posts


def upper_grade_floor(lines: Iterable[Staff]) -> float:
    """The pay floor from which a staff grade is an upper (manager) grade: two thirds of the way from the lowest pay
    floor of the staff to the highest; 0 when fewer than two floors are given.

    >>> upper_grade_floor([Staff(title="AO", fte=9, pay={"low": 15000, "high": 18000}),
    ...     Staff(title="Grade 6", fte=1, pay={"low": 48000, "high": 67000})])
    37000.0
    """
    floors = [line.pay.low for line in lines if line.pay is not None]
    low, high = min(floors, default=0.0), max(floors, default=0.0)
    return low + (high - low) * UPPER_GRADES if high > low else 0.0


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> frozenset[str]:
    return frozenset(_WORDS.findall(text.lower()))


def staff_profile(lines: Iterable[Staff], upper_floor: float = 0.0, grades_read: bool = True) -> StaffProfile:
    """The highest pay band and the grades of the staff counted under a post (none where the export's grades are not
    read as grades: :data:`MAX_GRADES`), and how many are on upper grades (pay floors from `upper_floor`).

    >>> profile = staff_profile([Staff(title="Officer", fte=8, grade="EO", pay={"low": 20000, "high": 29000}),
    ...     Staff(title="Team Leader", fte=2, grade="HEO", pay={"low": 25000, "high": 34000})], upper_floor=25000)
    >>> profile.top_band, profile.grades, profile.grade_span, profile.upper_fte, profile.upper_grades
    ('Team Leader, HEO (£25,000–£34,000)', 2, 'EO to HEO', 2.0, ('HEO',))
    """
    staff = list(lines)
    paid = [line for line in staff if line.pay is not None]
    top_pay = max((line.pay.high for line in paid if line.pay is not None), default=0.0)
    grades = _grades_by_pay(staff) if grades_read else []
    upper = [line for line in paid if upper_floor and line.pay is not None and line.pay.low >= upper_floor]
    return StaffProfile(
        fte=round(total_fte(line.fte for line in staff), 2),
        top_pay=top_pay,
        top_band=_band_label([line for line in paid if line.pay is not None and line.pay.high == top_pay]),
        grades=len(grades),
        grade_span=f"{grades[0]} to {grades[-1]}" if len(grades) > 1 else "",
        upper_fte=round(total_fte(line.fte for line in upper), 2),
        upper_grades=tuple(dict.fromkeys(line.grade or line.title for line in upper)),
    )


def _grades_by_pay(staff: list[Staff]) -> list[str]:
    """The distinct grades of the staff, lowest paid first (grades without pay last, in the file's order)."""
    floors: dict[str, float] = {}
    for line in staff:
        if line.grade:
            low = line.pay.low if line.pay is not None else float("inf")
            floors[line.grade] = min(floors.get(line.grade, low), low)
    return sorted(floors, key=floors.__getitem__)


def _band_label(lines: list[Staff]) -> str:
    """Staff on one pay band, as a message names them: their titles, grade and pay range."""
    if not lines or lines[0].pay is None:
        return ""
    titles = ", ".join(dict.fromkeys(line.title for line in lines))
    grades = ", ".join(dict.fromkeys(line.grade for line in lines if line.grade and line.grade not in titles))
    pay = pay_range(lines[0].pay.low, lines[0].pay.high)
    return f"{titles}, {grades} ({pay})" if grades else f"{titles} ({pay})"


def _top_band(workforce: Workforce) -> None:
    """The highest pay band any staff are on, the posts they are under, and the posts paid below its ceiling."""
    top = max((profile.top_pay for profile in workforce.staff.values()), default=0.0)
    if not top:
        return
    holders = tuple(p for p, profile in workforce.staff.items() if profile.top_pay == top)
    lines = [line for p in holders for line in workforce.post(p).staff if line.pay is not None and line.pay.high == top]
    workforce.top_band_pay, workforce.top_band, workforce.top_band_posts = top, _band_label(lines), holders
    below = [p for p, (_, high) in workforce.pay.items() if pay_below(high, top)]
    workforce.paid_below_top_band = tuple(sorted(below, key=lambda p: workforce.pay[p][1]))


def twin_grades(lines: Iterable[Staff]) -> list[tuple[str, str]]:
    """Pairs of staff grades that are one grade in two names: their pay ranges overlap over at least
    :data:`TWIN_OVERLAP` of the wider range and their midpoints are less than a clear step (:data:`PAY_STEP`) apart.
    A grade whose name holds the other's ("HEO Specialist", "HEO") is a variant of it, not a second grade.

    >>> twin_grades([Staff(title="Officer", fte=1, grade="A", pay={"low": 39322, "high": 74100}),
    ...     Staff(title="Officer", fte=1, grade="Band 3", pay={"low": 42200, "high": 75900}),
    ...     Staff(title="Officer", fte=1, grade="B", pay={"low": 30000, "high": 45000})])
    [('A', 'Band 3')]
    """
    ranges: dict[str, tuple[float, float]] = {}
    for line in lines:
        if line.grade and line.pay is not None and line.pay.high > line.pay.low:
            ranges.setdefault(line.grade, (line.pay.low, line.pay.high))
    names = sorted(ranges)
    pairs = []
    for i, one in enumerate(names):
        for other in names[i + 1 :]:
            (low, high), (low2, high2) = ranges[one], ranges[other]
            words, words2 = _words(one), _words(other)
            if (low, high) == (low2, high2) or words <= words2 or words2 <= words:
                continue
            overlap = min(high, high2) - max(low, low2)
            middle, middle2 = (low + high) / 2, (low2 + high2) / 2
            if overlap >= TWIN_OVERLAP * max(high - low, high2 - low2) and max(middle, middle2) < PAY_STEP * min(
                middle, middle2
            ):
                pairs.append((one, other))
    return pairs


def _twin_grades(workforce: Workforce, lines: list[Staff], staff: dict[str, float]) -> None:
    """The twin grades of the organisation's staff, described with their ranges, and the posts whose staff hold
    them."""
    pairs = twin_grades(lines)
    if not pairs:
        return
    ranges = {line.grade: line.pay for line in lines if line.grade and line.pay is not None}
    twins = {grade for pair in pairs for grade in pair}

    def described(grade: str) -> str:
        pay = ranges[grade]
        return f"{grade} ({pay_range(pay.low, pay.high)})" if pay is not None else grade

    workforce.twin_grades = tuple(pairs)
    workforce.twin_grade_labels = tuple(f"{described(one)} and {described(other)}" for one, other in pairs)
    workforce.twin_grade_posts = tuple(p for p in staff if any(line.grade in twins for line in workforce.post(p).staff))


def _better_paid_reports(workforce: Workforce, index: EdgeIndex) -> None:
    """Each post paid less than a post reporting to it: the report's full-time pay floor above the post's ceiling. A
    post in acting charge is paid at its holder's own grade, and is not judged by it; nor is a manager by a report
    :func:`_apart` (an adviser or head of profession, paid for expertise)."""
    pay = workforce.pay
    for manager in pay:
        if workforce.temporary(manager):
            continue
        above = [
            report
            for report in index.sources(manager, "reports_to")
            if report in pay and pay_below(pay[manager][1], pay[report][0]) and not _apart(workforce, report)
        ]
        if above:
            workforce.better_paid_reports[manager] = tuple(sorted(above, key=lambda r: -pay[r][0]))


def same_grade(grade: str | None, other: str | None) -> bool:
    """Whether two posts' grades, as the export writes them, are one grade (case and spaces aside).

    >>> same_grade("SCS1", "scs 1"), same_grade("SCS1", "SCS1A"), same_grade(None, None)
    (True, False, False)
    """
    return bool(grade and other) and "".join(str(grade).split()).casefold() == "".join(str(other).split()).casefold()


def _same_grade_reports(workforce: Workforce, index: EdgeIndex) -> None:
    """Each post below the top with live reports at its own grade: a layer with no step in grade. At the top, a
    deputy at the head's grade (a second permanent secretary) is ordinary and not counted; nor is a report apart
    (:func:`_apart`) or one whose post is vacant or abolished."""
    attrs = workforce.attrs
    for manager in workforce.positions:
        grade = attrs[manager]["post"].grade
        if not grade or _apart(workforce, manager) or not index.targets(manager, "reports_to"):
            continue
        reports = [
            report
            for report in index.sources(manager, "reports_to")
            if not attrs[report]["vacant"] and not _apart(workforce, report)
        ]
        same = [report for report in reports if same_grade(grade, attrs[report]["post"].grade)]
        if same:
            workforce.same_grade_reports[manager] = tuple(sorted(same))
            workforce.same_grade_share[manager] = round(100 * len(same) / len(reports), 1)


def _standings(workforce: Workforce, index: EdgeIndex) -> None:
    """Each post that leads anyone, among the posts reporting to the same manager that do (but for those
    :func:`_apart`)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for report, managers in index.out("reports_to").items():
        if workforce.people.get(report) and not _apart(workforce, report, leading=True):
            groups[managers[0]].append(report)
    for peers in groups.values():
        comparable = [p for p in peers if p in workforce.pay or grade_level(workforce.post(p).grade) is not None]
        if len(peers) < 2 or len(peers) > MAX_PEERS or not comparable:
            continue
        for position in peers:
            workforce.standing[position] = _standing(workforce, position, peers)


def _apart(workforce: Workforce, position: str, leading: bool = False) -> bool:
    """A post no peer is measured against: a pool leads no team, an adviser or head of profession is paid for
    expertise rather than scope, and an acting holder is paid at their own grade rather than the post's. Where peers
    are compared by whom they lead (`leading`), an adviser heading a group (senior posts reporting to it, and more
    than one team's worth of people: :data:`ONE_TEAM`), as a chief legal or economic adviser heads a professional
    group, leads a directorate like its peers, and is compared."""
    adviser = "adviser" in workforce.attrs[position]["posts"]
    if adviser and leading and workforce.posts_below.get(position, 0) >= 2 and workforce.people[position] > ONE_TEAM:
        adviser = False
    return workforce.pool(position) or adviser or workforce.temporary(position)


def _standing(workforce: Workforce, position: str, peers: list[str]) -> Standing:
    people, pay = workforce.people, workforce.pay
    mine = people[position]
    others = [p for p in peers if p != position]
    own_pay = pay.get(position)
    paid_others = [p for p in others if p in pay]
    paid_less = [p for p in paid_others if own_pay is not None and paid_more(own_pay, pay[p])]
    lower_paid_larger = sorted((p for p in paid_less if people[p] > mine), key=lambda p: -people[p])
    higher = [p for p in others if _ranked_higher(workforce, p, position) and people[p] < mine]
    higher_ranked_smaller = sorted(higher, key=lambda p: people[p])
    next_paid = max(
        _not_graded_below(workforce, position, paid_others), key=lambda p: (pay[p][1], people[p]), default=None
    )
    largest = max(people[p] for p in others)
    return Standing(
        peers=len(peers),
        scope_above=round(100 * sum(1 for p in others if people[p] < mine) / len(others)),
        paid_above=round(100 * len(paid_less) / len(paid_others)) if paid_others and own_pay else 0,
        lower_paid_larger=tuple(_leads(workforce, p) for p in lower_paid_larger[:NAMED_PEERS]),
        lower_paid_larger_ids=tuple(lower_paid_larger[:NAMED_PEERS]),
        lower_paid_larger_ratio=round(people[lower_paid_larger[0]] / mine, 1) if lower_paid_larger else 0.0,
        higher_ranked_smaller=tuple(_leads(workforce, p) for p in higher_ranked_smaller[:NAMED_PEERS]),
        higher_ranked_smaller_ids=tuple(higher_ranked_smaller[:NAMED_PEERS]),
        higher_ranked_smaller_ratio=round(mine / people[higher_ranked_smaller[0]], 1) if higher else 0.0,
        pay_over_peers=round(100 * own_pay[0] / pay[next_paid][1]) if own_pay and next_paid else 0,
        people_of_largest_peer=round(100 * mine / largest) if own_pay and next_paid and largest else 0,
        next_paid=_leads(workforce, next_paid) if own_pay and next_paid else "",
        next_paid_id=next_paid if own_pay and next_paid else "",
    )


def _not_graded_below(workforce: Workforce, position: str, peers: list[str]) -> list[str]:
    """The `peers` not graded below the post, the ones its pay is fairly set against: a First Parliamentary Counsel
    at SCS4 is paid more than SCS2 directors for its grade, not as a premium over them."""
    own = grade_level(workforce.post(position).grade)
    if own is None:
        return peers
    return [p for p in peers if (level := grade_level(workforce.post(p).grade)) is None or level >= own]


def _ranked_higher(workforce: Workforce, other: str, position: str) -> bool:
    """`other` holds a higher grade than `position` (where both state an SCS grade), or else is paid more (a clear
    step of full-time pay: :func:`paid_more`)."""
    theirs, mine = grade_level(workforce.post(other).grade), grade_level(workforce.post(position).grade)
    if theirs is not None and mine is not None and theirs != mine:
        return theirs > mine
    other_pay, own_pay = workforce.pay.get(other), workforce.pay.get(position)
    return other_pay is not None and own_pay is not None and paid_more(other_pay, own_pay)


def _leads(workforce: Workforce, position: str) -> str:
    return f"{workforce.describe(position)} leads {workforce.people_label(position)}"


def _paybills(workforce: Workforce, index: EdgeIndex) -> None:
    """What each published paybill covers, and what that could cost at the bottom and the top of the pay scales."""
    allowance = workforce.top_band_pay
    for position in workforce.positions:
        paybill = workforce.post(position).paybill
        if not paybill:
            continue
        folded: list[str] = []
        salaries = 0.0
        frontier = list(index.sources(position, "reports_to"))
        while frontier:
            below = frontier.pop()
            if not workforce.post(below).paybill:
                folded.append(below)
                salaries += _salary_ceiling(workforce, below, allowance)
                frontier.extend(index.sources(below, "reports_to"))
        own = workforce.post(position).staff
        lines = [*own, *(line for p in folded for line in workforce.post(p).staff)]
        if any(line.pay is None for line in lines):
            continue
        workforce.paybills[position] = PaybillCheck(
            paybill=paybill,
            fte=round(total_fte(line.fte for line in lines), 2),
            floor=sum(line.fte * line.pay.low for line in own if line.pay is not None),
            ceiling=sum(line.fte * line.pay.high for line in lines if line.pay is not None) + salaries,
            folded=tuple(folded),
        )
    shares = [100 * check.paybill / check.ceiling for check in workforce.paybills.values() if check.ceiling]
    workforce.paybills_typical = round(statistics.median(shares)) if shares else 0


def _salary_ceiling(workforce: Workforce, position: str, allowance: float) -> float:
    """The most a post's own pay may add to a paybill: its published ceiling, or (withheld) the top staff band's."""
    pay = workforce.post(position).pay
    return pay.high if pay is not None else allowance


def _shared_holders(workforce: Workforce) -> None:
    """The posts one named person holds together (the name as written, but for case and spaces): a leader carrying
    several roles, or one post listed twice. A job share is one post, and a withheld name names nobody."""
    by_holder: dict[str, list[str]] = defaultdict(list)
    for position in workforce.positions:
        node = workforce.attrs[position]
        if node["holder"] and not node["vacant"]:
            by_holder[" ".join(node["holder"].split()).casefold()].append(position)
    for posts in by_holder.values():
        if len(posts) > 1:
            workforce.holder_posts.update((p, tuple(posts)) for p in posts)


def _twins(workforce: Workforce, unit_of: dict[str, str]) -> None:
    """The posts whose title says they are held in acting charge ("Head of DFID Ethiopia (Acting)"), and the posts of
    the same role beside them: in the same unit, with the same title once the acting words are left out. Only
    sought where a title says acting, so that most organisations skip it."""
    acting = {p for p in workforce.positions if "acting" in workforce.attrs[p]["posts"]}
    if not acting:
        return
    roles = {(role_key(workforce.attrs[p]["title"]), unit_of.get(p)) for p in acting}
    by_role: dict[tuple[str, str | None], list[str]] = defaultdict(list)
    for position in workforce.positions:
        role = role_key(workforce.attrs[position]["title"]), unit_of.get(position)
        if role in roles:
            by_role[role].append(position)
    for posts in by_role.values():
        covering = tuple(p for p in posts if p in acting)
        substantive = tuple(p for p in posts if p not in acting)
        workforce.twins.update((p, substantive) for p in covering if substantive)
        workforce.covers.update((p, covering) for p in substantive)
