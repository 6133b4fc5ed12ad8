"""Pay as exports write it: a row's pay range, and amounts of money with their currency signs and thousands
commas."""

from __future__ import annotations

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


#: What an amount may be written with that is not part of its number: currency signs, spaces, thousands commas.
_NOT_PART_OF_AMOUNT = re.compile(r"[£$€\s]|,(?=\d{3}\b)")


def amount(text: str) -> float | None:
    """A positive amount of money written as an export writes it: currency signs, spaces and thousands commas
    left out; None for anything else.

    >>> amount("£95,000"), amount("17 103"), amount("N/D"), amount("0")
    (95000.0, 17103.0, None, None)
    """
    if not text:
        return None
    cleaned = _NOT_PART_OF_AMOUNT.sub("", text)
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value > 0 else None
