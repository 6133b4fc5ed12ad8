"""The workforce fields of `position` and `org` facts: whom a post leads, its pay against its peers and its staff's
bands, its published paybill, how it is held; and the organisation's senior posts, managers and pay bands.

The measures come from :mod:`orgdiag.measure.workforce`, taken once per organisation; here they become fields. An
organisation whose data says nothing of its workforce (an HR export without pay, grades or counted staff) gets no
workforce fields on its position facts: no rule that reads them could match, and 100,000 positions stay as fast to
diagnose (a rule's finding fills the fields it names from :data:`WORKFORCE_DEFAULTS`). Within one that does, a post
with no workforce data of its own shares one tail of empty fields.
"""

from __future__ import annotations

from collections.abc import Iterable

from orgdiag.measure.facts.context import Fact, OrgContext
from orgdiag.measure.workforce import (
    MAX_GRADES,
    NAMED_POSTS,
    ONE_TEAM,
    SMALL_TEAM,
    PaybillCheck,
    StaffProfile,
    Standing,
    Workforce,
    manager_titles,
    pay_below,
)
from orgdiag.model import Position
from orgdiag.model.org import total_fte
from orgdiag.naming import fte as fte_text
from orgdiag.naming import money

#: The workforce fields of a `position` fact, with what each means.
WORKFORCE_POSITION_FIELDS: dict[str, str] = {
    "title_label": 'its title; where other posts share it, with its unit\'s name ("Deputy Director, Social Survey")',
    "post_label": "its title label with its grade and pay, as messages name it "
    '("Director of Learning (SCS2, £75,000–£79,999)")',
    "grade": "its grade as the export writes it, or empty",
    "pay_label": 'its pay as published ("£80,000–£84,999"; where it is pro rata, with its FTE and full-time rate), or '
    "empty when withheld",
    "pay_low": "its full-time pay floor (0 when not published): a part-time post's pay over its FTE where that pay "
    "is pro rata (below the lowest pay of the full-time posts of its grade)",
    "pay_high": "its full-time pay ceiling (0 when not published)",
    "senior": "the posts listed are senior posts (an organogram's): staff are counted under them, and at least half "
    "the posts have staff, pay or a grade of their own",
    "judged_by_team": "its team size says something of it: it is no adviser, pool, vacancy or half of a job share",
    "people": "people it leads: the posts below it and the staff FTE counted under it and under them",
    "people_label": 'whom it leads, in words ("nobody", "4 posts and 852.3 FTE of staff")',
    "people_share": "percent of everyone the organisation counts (its live posts and staff FTE) that it leads",
    "posts_below": "live posts below it on the reporting lines",
    "staff_share": "percent of all staff FTE counted directly under it (no listed post between it and them)",
    "staff_vs_median": "how many times the median staff FTE of the posts with staff counted under them it has",
    "manager_label": "its manager's label, or empty at the top",
    "staff_label": 'the staff counted directly under it, as a message says it ("808.7 FTE"), or empty',
    "staff_top_pay": "the highest pay ceiling of the staff counted under it (0 when they have no pay scales)",
    "staff_band_label": 'who is on that band: "Senior Manager, Salary Band 70k-90k (£70,000–£90,000)"',
    "band_above_pay": "that ceiling is above its own full-time pay ceiling",
    "staff_grades": "distinct grades of the staff counted under it (0 where the export's staff hold more than "
    f"{MAX_GRADES} grades: titles, not grades)",
    "fte_per_grade": "staff FTE under it for each of those grades",
    "grade_span": 'its staff\'s grades from the lowest paid to the highest ("Band 3 to Band 8D"), or empty',
    "upper_fte": "FTE of its staff on upper (manager) grades: grades whose pay floor lies in the top third of the "
    "range of the organisation's staff pay floors",
    "upper_share": "percent of its staff FTE they are",
    "upper_label": 'as a message says it: "7.5 of 14.1 FTE"',
    "upper_grades": "those grades (or titles, where no grade is given)",
    "peers": "posts reporting to its manager that lead anyone (no pools, posts in acting charge, or advisers and heads "
    "of profession other than those heading a group: two senior posts reporting to them, and more than twelve "
    "people), itself included, where any of them has pay or an SCS grade (0 otherwise)",
    "scope_above": "percent of the other peers leading fewer people than it (whole)",
    "paid_above": "percent of the other peers with published pay that are paid less than it, by a clear step (their "
    "full-time ceiling at least 5% below its floor) (whole)",
    "lower_paid_larger_label": "peers paid less that lead more people, the largest first (at most three): each "
    "described, with the people it leads, separated by semicolons",
    "lower_paid_larger_ids": "their ids",
    "lower_paid_larger_ratio": "how many times its people the largest of them leads (0 without any)",
    "higher_ranked_smaller_label": "peers of a higher SCS grade, or else paid more by a clear step, that lead fewer "
    "people, the smallest first (at most three), as `lower_paid_larger`",
    "higher_ranked_smaller_ids": "their ids",
    "higher_ranked_smaller_ratio": "how many times the people of the smallest of them it leads (0 without any)",
    "pay_over_peers": "its full-time pay floor as a percent of the highest full-time pay ceiling of its other peers "
    "with published pay (whole; 0 without its pay or theirs)",
    "people_of_largest_peer": "where `pay_over_peers` is measured, the people it leads as a percent of the most any "
    "other peer leads (whole)",
    "next_paid_label": "the best-paid of its other peers, described, with the people it leads, or empty",
    "next_paid_id": "its id, or empty",
    "better_paid_reports": "posts reporting to it (no advisers or heads of profession) whose full-time pay floor is "
    "above its own full-time ceiling (0 for a post in acting charge, paid at its holder's grade)",
    "better_paid_reports_label": "them, each described, separated by semicolons",
    "better_paid_report_ids": "their ids",
    "same_grade_reports": "live posts reporting to it at its own grade (none counted at the top, nor advisers, pools "
    "or posts in acting charge): a layer with no step in grade",
    "same_grade_reports_label": "them, each described, separated by semicolons",
    "same_grade_report_ids": "their ids",
    "same_grade_share": "percent of its live reports (no advisers, pools or posts in acting charge) they are",
    "paybill": "its published paybill: the pay cost of the staff under it (0 when none is published)",
    "paybill_label": "that paybill as money, or empty",
    "paybill_covers_label": 'the staff the paybill may cover, in words ("32.5 FTE of staff", "no staff"): under it '
    "and under the posts below that publish none of their own",
    "paybill_bounds_label": 'what it could cost ("between £640,300 and £1,128,250", "at most £104,999"): at least its '
    "own staff at the bottom of their scales, at most those staff at the top of theirs with the pay of those posts "
    "below",
    "paybill_of_ceiling": "the paybill as a percent of that top (0 when the staff's scales are not all given)",
    "paybills_typical_of_ceiling": "the median of that percent over the organisation's published paybills (0 without "
    "any): well below 100, the export's paybills carry salaries without on-costs",
    "paybill_of_floor": "the paybill as a percent of that bottom (0 when unknown or nothing to cover)",
    "paybill_folded": "the posts whose cost the paybill may carry, separated by semicolons",
    "paybill_folded_ids": "their ids",
    "held_as_label": 'how the post is held, in words, when not in the ordinary way ("vacant", "held in acting '
    'charge" …)',
    "held_by": "its holder's name as the export gives it, or empty",
    "interim": "the notes say an interim or agency contractor holds it",
    "temporary": "held in temporary charge: the export's notes or the title say acting, interim, temporary promotion",
    "on_leave": "the notes say its holder is on leave (maternity or other)",
    "dual_reporting": "its notes or job text say it reports to two managers (dual reporting, matrix management)",
    "covered": "it is held in temporary charge, or a post of its role in its unit is titled acting",
    "notes": "the export's notes on it, as written, or empty",
    "substantive_twins": "where its title says it is held in acting charge: the posts of the same role in its unit "
    "(the same title once the acting words are left out) whose titles do not",
    "substantive_twin_ids": "their ids",
    "substantive_twins_label": "each described with its holder, separated by semicolons",
    "holder_posts": "where its named holder holds other live posts too: how many posts that person holds (else 0)",
    "holder_first": "it is the first of them in the file",
    "holder_other_ids": "the others",
    "holder_others_label": "each described, separated by semicolons",
}

#: The workforce fields of the `org` fact, with what each means.
WORKFORCE_ORG_FIELDS: dict[str, str] = {
    "senior_listing": "the posts listed are senior posts (as `senior` of a position)",
    "senior_posts": "live posts listed (in an organogram, the senior posts)",
    "staff_fte": "staff FTE counted under posts rather than listed",
    "staff_label": 'that staff, as a message says it ("1,020.5 FTE")',
    "staff_per_post": "that staff FTE for each listed post (0 without counted staff)",
    "small_team_posts": f"senior posts (not advisers, pools or vacancies) leading {SMALL_TEAM} people or fewer",
    "small_team_share": "percent of the senior posts (not advisers, pools or vacancies) they are",
    "small_team_ids": "their ids",
    "small_teams_label": "each described with whom it leads, separated by semicolons (at most "
    f"{NAMED_POSTS}, then how many more)",
    "one_team_posts": f"senior posts (not advisers, pools or vacancies) leading {ONE_TEAM} people or fewer: one "
    "team's worth",
    "one_team_share": "percent of the senior posts (not advisers, pools or vacancies) they are",
    "one_team_ids": "their ids",
    "one_teams_label": "each described with whom it leads, separated by semicolons (at most "
    f"{NAMED_POSTS}, then how many more)",
    "upper_floor_label": "the pay floor from which a staff grade is an upper (manager) grade: two thirds of the way "
    "from the lowest staff pay floor to the highest (empty without staff pay scales)",
    "upper_fte": "staff FTE on upper grades",
    "upper_share": "percent of all staff FTE they are",
    "upper_label": 'as a message says it: "341.5 of 1,020.5 FTE"',
    "upper_grades": "those grades (or titles, where no grade is given)",
    "manager_title_fte": "staff FTE whose titles say they manage or head something (Manager, Director, Head)",
    "manager_title_share": "percent of all staff FTE they are",
    "manager_title_label": 'as a message says it: "10.0 of 39.4 FTE"',
    "manager_titles_label": "their titles with their FTE, the largest first (at most "
    f"{NAMED_POSTS}, then how many more)",
    "top_band_label": "the highest pay band of any staff: who is on it, the grade and the range",
    "top_band_pay": "its ceiling (0 when no staff have pay scales)",
    "top_band_post_ids": "the posts those staff are counted under",
    "twin_grades": "pairs of staff grades that are one grade in two names: pay ranges overlapping over 90% of the "
    "wider one, midpoints less than 5% apart (a grade whose name holds the other's is a variant, not counted)",
    "twin_grades_label": 'those pairs with their ranges ("A (£39,322–£74,100) and Band 3 (£42,200–£75,900)"), '
    "separated by semicolons",
    "twin_grade_post_ids": "the posts whose staff hold those grades",
    "paid_posts": "posts whose pay is published",
    "paid_below_top_band": "of those, the posts whose full-time pay ceiling is below the top band's ceiling",
    "paid_below_top_band_share": "percent of the posts with published pay they are",
    "paid_below_top_band_ids": "their ids, the lowest paid first",
    "paid_below_top_band_label": f"each described, separated by semicolons (at most {NAMED_POSTS}, then how many more)",
}


def listed(texts: Iterable[str]) -> str:
    """Texts joined by semicolons, at most :data:`NAMED_POSTS` of them and then how many more.

    >>> listed(f"post {n}" for n in range(1, 8))
    'post 1; post 2; post 3; post 4; post 5; and 2 more'
    """
    items = list(texts)
    more = len(items) - NAMED_POSTS
    return "; ".join(items[:NAMED_POSTS] + ([f"and {more} more"] if more > 0 else []))


def has_workforce_data(workforce: Workforce, position: str) -> bool:
    """Whether a post has anything for the workforce fields beyond its people: pay, staff, peers, a paybill, a grade,
    notes, marks, a vacancy, a title that says how it is held or a holder who holds other posts too."""
    node = workforce.attrs[position]
    post: Position = node["post"]
    return bool(
        position in workforce.pay
        or post.staff
        or position in workforce.standing
        or post.paybill
        or post.grade
        or post.notes
        or post.marks
        or node["vacant"]
        or "acting" in node["posts"]
        or position in workforce.holder_posts
    )


def position_workforce_fields(ctx: OrgContext, position: str, fte: float) -> Fact:
    """The workforce fields of one post (`fte`: the staff counted directly under it), in an organisation whose data
    says anything of its workforce; a post without workforce data of its own shares :data:`EMPTY_TAIL`."""
    workforce = ctx.workforce
    staff_fte, median = workforce.staff_fte, workforce.median_staff
    return {
        "title_label": workforce.label(position),
        "post_label": workforce.describe(position),
        "senior": workforce.senior,
        "judged_by_team": judged_by_team(workforce, position),
        "people": round(workforce.people[position], 1),
        "people_label": workforce.people_label(position),
        "people_share": workforce.people_share(position),
        "posts_below": workforce.posts_below[position],
        "staff_share": round(100 * fte / staff_fte, 1) if fte else 0.0,
        "staff_vs_median": round(fte / median, 1) if fte else 0.0,
        **(workforce_tail(ctx, position) if has_workforce_data(workforce, position) else EMPTY_TAIL),
    }


def workforce_tail(ctx: OrgContext, position: str) -> Fact:
    """The workforce fields of one post with workforce data (the others share :data:`EMPTY_TAIL`)."""
    workforce = ctx.workforce
    post = workforce.post(position)
    managers = ctx.index.targets(position, "reports_to")
    pay = workforce.pay.get(position, (0.0, 0.0))
    staff = workforce.staff.get(position, StaffProfile(0.0))
    return {
        "grade": post.grade or "",
        "pay_label": workforce.pay_label(position),
        "pay_low": round(pay[0]),
        "pay_high": round(pay[1]),
        "manager_label": workforce.label(managers[0]) if managers else "",
        **_staff_fields(staff, pay[1]),
        **_standing_fields(workforce.standing.get(position, Standing(0, 0, 0))),
        **_paybill_fields(workforce, workforce.paybills.get(position), post.paybill or 0.0),
        **_better_paid_fields(workforce, workforce.better_paid_reports.get(position, ())),
        **_same_grade_fields(workforce, workforce.same_grade_reports.get(position, ())),
        "same_grade_share": workforce.same_grade_share.get(position, 0.0),
        **_holding_fields(workforce, position),
    }


def _staff_fields(staff: StaffProfile, pay_high: float) -> Fact:
    return {
        "staff_label": f"{fte_text(staff.fte)} FTE" if staff.fte else "",
        "staff_top_pay": round(staff.top_pay),
        "staff_band_label": staff.top_band,
        "band_above_pay": bool(pay_high and pay_below(pay_high, staff.top_pay)),
        "staff_grades": staff.grades,
        "fte_per_grade": round(staff.fte / staff.grades, 1) if staff.grades else 0.0,
        "grade_span": staff.grade_span,
        "upper_fte": round(staff.upper_fte, 1),
        "upper_share": round(100 * staff.upper_fte / staff.fte, 1) if staff.fte else 0.0,
        "upper_label": f"{fte_text(staff.upper_fte)} of {fte_text(staff.fte)} FTE" if staff.upper_fte else "",
        "upper_grades": list(staff.upper_grades),
    }


def _standing_fields(standing: Standing) -> Fact:
    return {
        "peers": standing.peers,
        "scope_above": standing.scope_above,
        "paid_above": standing.paid_above,
        "lower_paid_larger_label": "; ".join(standing.lower_paid_larger),
        "lower_paid_larger_ids": list(standing.lower_paid_larger_ids),
        "lower_paid_larger_ratio": standing.lower_paid_larger_ratio,
        "higher_ranked_smaller_label": "; ".join(standing.higher_ranked_smaller),
        "higher_ranked_smaller_ids": list(standing.higher_ranked_smaller_ids),
        "higher_ranked_smaller_ratio": standing.higher_ranked_smaller_ratio,
        "pay_over_peers": standing.pay_over_peers,
        "people_of_largest_peer": standing.people_of_largest_peer,
        "next_paid_label": standing.next_paid,
        "next_paid_id": standing.next_paid_id,
    }


def _better_paid_fields(workforce: Workforce, reports: tuple[str, ...]) -> Fact:
    return {
        "better_paid_reports": len(reports),
        "better_paid_reports_label": listed(workforce.describe(r) for r in reports),
        "better_paid_report_ids": list(reports),
    }


def _same_grade_fields(workforce: Workforce, reports: tuple[str, ...]) -> Fact:
    return {
        "same_grade_reports": len(reports),
        "same_grade_reports_label": listed(workforce.describe(r) for r in reports),
        "same_grade_report_ids": list(reports),
    }


def _bounds(floor: float, ceiling: float) -> str:
    """What a paybill could be, in words; without a floor (no staff of its own), only its most.

    >>> _bounds(640300, 1128250), _bounds(0, 104999)
    ('between £640,300 and £1,128,250', 'at most £104,999')
    """
    return f"between {money(floor)} and {money(ceiling)}" if floor else f"at most {money(ceiling)}"


def _paybill_fields(workforce: Workforce | None, check: PaybillCheck | None, paybill: float) -> Fact:
    if workforce is None or check is None:
        return {
            "paybill": round(paybill),
            "paybill_label": money(paybill) if paybill else "",
            "paybill_covers_label": "",
            "paybill_bounds_label": "",
            "paybill_of_ceiling": 0,
            "paybills_typical_of_ceiling": 0,
            "paybill_of_floor": 0,
            "paybill_folded": "",
            "paybill_folded_ids": [],
        }
    return {
        "paybill": round(paybill),
        "paybill_label": money(paybill),
        "paybill_covers_label": f"{fte_text(check.fte)} FTE of staff" if check.fte else "no staff",
        "paybill_bounds_label": _bounds(check.floor, check.ceiling),
        "paybill_of_ceiling": round(100 * paybill / check.ceiling) if check.ceiling else 0,
        "paybills_typical_of_ceiling": workforce.paybills_typical,
        "paybill_of_floor": round(100 * paybill / check.floor) if check.floor else 0,
        "paybill_folded": "; ".join(workforce.label(p) for p in check.folded),
        "paybill_folded_ids": list(check.folded),
    }


def _holding_fields(workforce: Workforce, position: str) -> Fact:
    post = workforce.post(position)
    temporary = workforce.temporary(position)
    substantive = list(workforce.twins.get(position, ()))
    return {
        "held_as_label": _held_as(post, temporary, workforce.attrs[position]["vacant"]),
        "held_by": workforce.attrs[position]["holder"] or "",
        "interim": "interim" in post.marks,
        "temporary": temporary,
        "on_leave": "leave" in post.marks,
        "dual_reporting": "dual-reporting" in post.marks,
        "covered": temporary or position in workforce.covers,
        "notes": post.notes or "",
        "substantive_twins": len(substantive),
        "substantive_twin_ids": substantive,
        "substantive_twins_label": "; ".join(_with_holder(workforce, twin) for twin in substantive),
        **_shared_holder_fields(workforce, position),
    }


def _shared_holder_fields(workforce: Workforce, position: str) -> Fact:
    held = workforce.holder_posts.get(position, ())
    others = [p for p in held if p != position]
    return {
        "holder_posts": len(held),
        "holder_first": bool(held) and held[0] == position,
        "holder_other_ids": others,
        "holder_others_label": "; ".join(workforce.describe(p) for p in others),
    }


def _held_as(post: Position, temporary: bool, vacant: bool) -> str:
    if vacant:
        return "vacant"
    if "interim" in post.marks:
        return "held by an interim or agency contractor"
    if temporary:
        return "held in acting or temporary charge"
    if "leave" in post.marks:
        return "held by someone on leave"
    if "secondment" in post.marks:
        return "held on secondment"
    return ""


def _with_holder(workforce: Workforce, position: str) -> str:
    holder = workforce.attrs[position]["holder"]
    label = workforce.describe(position)
    return f"{label}, held by {holder}" if holder and not workforce.attrs[position]["vacant"] else label


#: The workforce fields of a post without workforce data, shared by all such posts.
EMPTY_TAIL: Fact = {
    "grade": "",
    "pay_label": "",
    "pay_low": 0,
    "pay_high": 0,
    "manager_label": "",
    **_staff_fields(StaffProfile(0.0), 0.0),
    **_standing_fields(Standing(0, 0, 0)),
    **_paybill_fields(None, None, 0.0),
    **_better_paid_fields(Workforce([], {}), ()),
    **_same_grade_fields(Workforce([], {}), ()),
    "same_grade_share": 0.0,
    "held_as_label": "",
    "held_by": "",
    "interim": False,
    "temporary": False,
    "on_leave": False,
    "dual_reporting": False,
    "covered": False,
    "notes": "",
    "substantive_twins": 0,
    "substantive_twin_ids": [],
    "substantive_twins_label": "",
    "holder_posts": 0,
    "holder_first": False,
    "holder_other_ids": [],
    "holder_others_label": "",
}


#: Every workforce field of a `position` fact with its empty value: what a rule's finding fills in for a position
#: fact built without them.
WORKFORCE_DEFAULTS: Fact = {
    "title_label": "",
    "post_label": "",
    "senior": False,
    "judged_by_team": False,
    "people": 0.0,
    "people_label": "",
    "people_share": 0.0,
    "posts_below": 0,
    "staff_share": 0.0,
    "staff_vs_median": 0.0,
    **EMPTY_TAIL,
}


def workforce_org_fields(ctx: OrgContext) -> Fact:
    """The organisation's senior posts and staff, its managers, and its highest staff pay band."""
    workforce = ctx.workforce
    positions = workforce.positions
    staff_fte = workforce.staff_fte
    eligible = [p for p in positions if judged_by_team(workforce, p)] if workforce.senior else []
    small = [p for p in eligible if workforce.people[p] <= SMALL_TEAM]
    one_team = [p for p in eligible if workforce.people[p] <= ONE_TEAM]
    upper = round(total_fte(profile.upper_fte for profile in workforce.staff.values()), 2)
    upper_grades = dict.fromkeys(grade for profile in workforce.staff.values() for grade in profile.upper_grades)
    below = workforce.paid_below_top_band
    titled = manager_titles(line for p in workforce.staff for line in workforce.post(p).staff)
    titled_fte = round(total_fte(titled.values()), 2)
    return {
        "senior_listing": workforce.senior,
        "senior_posts": len(positions),
        "staff_fte": round(staff_fte, 1),
        "staff_label": f"{fte_text(staff_fte)} FTE",
        "staff_per_post": round(staff_fte / len(positions), 1) if staff_fte and positions else 0.0,
        "small_team_posts": len(small),
        "small_team_share": round(100 * len(small) / len(eligible), 1) if eligible else 0.0,
        "small_team_ids": small,
        "small_teams_label": listed(f"{workforce.describe(p)} leads {workforce.people_label(p)}" for p in small),
        "one_team_posts": len(one_team),
        "one_team_share": round(100 * len(one_team) / len(eligible), 1) if eligible else 0.0,
        "one_team_ids": one_team,
        "one_teams_label": listed(f"{workforce.describe(p)} leads {workforce.people_label(p)}" for p in one_team),
        "upper_floor_label": money(workforce.upper_floor) if workforce.upper_floor else "",
        "upper_fte": round(upper, 1),
        "upper_share": round(100 * upper / staff_fte, 1) if staff_fte else 0.0,
        "upper_label": f"{fte_text(upper)} of {fte_text(staff_fte)} FTE",
        "upper_grades": list(upper_grades),
        "manager_title_fte": round(titled_fte, 1),
        "manager_title_share": round(100 * titled_fte / staff_fte, 1) if staff_fte else 0.0,
        "manager_title_label": f"{fte_text(titled_fte)} of {fte_text(staff_fte)} FTE",
        "manager_titles_label": listed(f"{title} ({fte_text(fte)} FTE)" for title, fte in _largest_first(titled)),
        "top_band_label": workforce.top_band,
        "top_band_pay": round(workforce.top_band_pay),
        "top_band_post_ids": list(workforce.top_band_posts),
        "twin_grades": len(workforce.twin_grades),
        "twin_grades_label": listed(workforce.twin_grade_labels),
        "twin_grade_post_ids": list(workforce.twin_grade_posts),
        "paid_posts": workforce.paid_posts,
        "paid_below_top_band": len(below),
        "paid_below_top_band_share": round(100 * len(below) / workforce.paid_posts, 1) if workforce.paid_posts else 0.0,
        "paid_below_top_band_ids": list(below),
        "paid_below_top_band_label": listed(workforce.describe(p) for p in below),
    }


def _largest_first(amounts: dict[str, float]) -> list[tuple[str, float]]:
    return sorted(amounts.items(), key=lambda item: (-item[1], item[0]))


def judged_by_team(workforce: Workforce, position: str) -> bool:
    """A senior post whose team size says something: not an adviser, a pool, a vacancy or half of a job share."""
    node = workforce.attrs[position]
    return not (
        node["vacant"] or "adviser" in node["posts"] or workforce.pool(position) or "job-share" in node["post"].marks
    )
