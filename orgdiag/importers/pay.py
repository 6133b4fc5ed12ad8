"""Pay as exports write it: a row's pay range, and amounts of money with their currency signs and thousands
commas."""

from __future__ import annotations

import math
import re


def pay_range(values: dict[str, str]) -> tuple[float, float] | None:
    """A row's pay range, when it gives both ends as positive amounts ("N/D" and 0 give none).

    >>> pay_range({"pay_low": "£95,000", "pay_high": "99999"}), pay_range({"pay_low": "0", "pay_high": "0"})
    ((95000.0, 99999.0), None)
    """
    low, high = amount(values.get("pay_low", "")), amount(values.get("pay_high", ""))
    if low is None or high is None:
        return None
    return (min(low, high), max(low, high))


#: The largest amount read as money: a trillion, above any paybill; a larger number is a slip, not pay.
MAX_AMOUNT = 1e12
#: What an amount may be written with that is not part of its number: currency signs, spaces, thousands commas.
_NOT_PART_OF_AMOUNT = re.compile(r"[£$€\s]|,(?=\d{3}\b)")


def amount(text: str) -> float | None:
    """A positive amount of money written as an export writes it: currency signs, spaces and thousands commas
    left out; None for anything else (a negative, infinite or impossibly large number included).

    >>> amount("£95,000"), amount("17 103"), amount("N/D"), amount("0"), amount("1e400"), amount("-5")
    (95000.0, 17103.0, None, None, None, None)
    """
    value = number_in(text)
    return value if value is not None and 0 < value <= MAX_AMOUNT else None


def number_in(text: str) -> float | None:
    """The finite number an amount's text writes, whatever its sign or size; None when it writes none.

    >>> number_in("£-5"), number_in("1e400"), number_in("N/D")
    (-5.0, None, None)
    """
    value = _float(text)
    return value if value is not None and math.isfinite(value) else None


def no_amount(text: str) -> bool:
    """Whether `text` writes a number that cannot be an amount of money: negative, not finite, or over a trillion
    (0 is how exports withhold pay, and is no such number).

    >>> no_amount("-5"), no_amount("inf"), no_amount("1e400"), no_amount("0"), no_amount("N/D"), no_amount("95000")
    (True, True, True, False, False, False)
    """
    value = _float(text)
    return value is not None and not (math.isfinite(value) and 0 <= value <= MAX_AMOUNT)


def _float(text: str) -> float | None:
    try:
        return float(_NOT_PART_OF_AMOUNT.sub("", text)) if text else None
    except ValueError:
        return None
