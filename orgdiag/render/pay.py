"""Pay as every report writes it: an estimate that says its basis, "not disclosed" where the data withholds the pay
(never a blank in one file and 0 in another), and the paybills the export publishes set beside the estimate, with
a caveat where the two are not the same money.

>>> from orgdiag.coverage import UnitCount
>>> pay_text(UnitCount(posts=3, pay_cost=250000)), pay_text(UnitCount(posts=3, pay_undisclosed_posts=3))
('250,000', 'not disclosed')
>>> pay_text(UnitCount(posts=3, pay_cost=180000, pay_undisclosed_posts=1, pay_undisclosed_fte=2.5))
'180,000 (not disclosed: 1 post, 2.5 FTE of staff)'
"""

from __future__ import annotations

from orgdiag.coverage import Coverage
from orgdiag.naming import counted
from orgdiag.structure import PAY_BASIS, UnitCount

NOT_DISCLOSED = "not disclosed"


def pay_text(count: UnitCount) -> str:
    """A pay cost as a table's cell gives it: the estimate, and what it leaves out for want of pay; "not disclosed"
    where the data gives the pay of none of the posts and staff it counts."""
    if not count.pay_disclosed:
        return NOT_DISCLOSED
    left_out = undisclosed(count)
    return f"{count.pay_cost:,.0f}" + (f" ({NOT_DISCLOSED}: {left_out})" if left_out else "")


def undisclosed(count: UnitCount) -> str:
    """The posts and staff whose pay the data does not give, in words ("1 post, 2.5 FTE of staff"), or ""."""
    parts = [counted(count.pay_undisclosed_posts, "post")] if count.pay_undisclosed_posts else []
    parts += [f"{count.pay_undisclosed_fte:,.1f} FTE of staff"] if count.pay_undisclosed_fte else []
    return ", ".join(parts)


def paybill_text(count: UnitCount) -> str:
    """The estimate set beside the published paybills, in words, or "" where none is published.

    >>> paybill_text(UnitCount(paybill=100000, staff_pay_cost=229000))
    'the posts publish 100,000 a year as the pay of their staff (salary cost of reports); the estimate of the \
staff is 229,000, 229% of it: too far apart to be the same money (wide pay bands, or paybills that count on-costs \
or staff the posts do not list); quote the published paybills'
    """
    share = count.paybill_share
    if count.paybill is None or share is None:
        return ""
    text = f"the posts publish {count.paybill:,.0f} a year as the pay of their staff (salary cost of reports); "
    text += f"the estimate of the staff is {count.staff_pay_cost:,.0f}"
    text += f", {share:.0%} of it" if count.paybill else ""
    if count.paybill_apart:
        text += (
            ": too far apart to be the same money (wide pay bands, or paybills that count on-costs or staff the posts "
            "do not list); quote the published paybills"
        )
    return text


def pay_notes(coverage: Coverage | None) -> list[str]:
    """What a report says of pay under its pay figures: how they are estimated, what the data withholds, and how the
    estimate compares with the published paybills; nothing where the data gives no pay."""
    pay = coverage.pay if coverage is not None else None
    if pay is None:
        return []
    notes = [f"Pay cost: {PAY_BASIS}; {pay.pay_cost:,.0f} for the whole organisation."]
    left_out = undisclosed(pay)
    if left_out:
        notes.append(f"Pay {NOT_DISCLOSED} in the data, and in no pay cost: {left_out}.")
    compared = paybill_text(pay)
    if compared:
        notes.append(f"Published paybills: {compared}.")
    return notes
