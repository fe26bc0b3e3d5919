"""Masked display of personal data for roles that do not need it in full (R-X-3).

Every function accepts None or odd lengths and returns a string (empty for None/blank);
none of them ever returns more characters of the original than the rules below show.
"""

from __future__ import annotations

__all__ = ["MASK", "mask_id_number", "mask_mobile", "mask_name"]

MASK = "*"


def _text(value: object) -> str:
    return "" if value is None else str(value).strip()


def mask_id_number(value: object) -> str:
    """``150102199003071234`` -> ``150102********1234``.

    Eleven characters or more keep the first 6 (area) and last 4; 7-10 characters
    (passports, permits) keep the first and the last 2; 2-6 keep the last one.
    """
    text = _text(value)
    n = len(text)
    if n >= 11:
        return text[:6] + MASK * (n - 10) + text[-4:]
    if n >= 7:
        return text[:1] + MASK * (n - 3) + text[-2:]
    if n >= 2:
        return MASK * (n - 1) + text[-1:]
    return MASK * n


def mask_mobile(value: object) -> str:
    """``13812345678`` -> ``138****5678``.

    Eleven characters or more keep the first 3 and last 4; 4-10 keep the last 2.
    """
    text = _text(value)
    n = len(text)
    if n >= 11:
        return text[:3] + MASK * (n - 7) + text[-4:]
    if n >= 4:
        return MASK * (n - 2) + text[-2:]
    return MASK * n


def mask_name(value: object) -> str:
    """``张三丰`` -> ``张*丰``, ``李四`` -> ``李*``, ``王`` -> ``*``.

    Three characters or more keep the first and last; two keep the first.
    """
    text = _text(value)
    n = len(text)
    if n >= 3:
        return text[0] + MASK * (n - 2) + text[-1]
    if n == 2:
        return text[0] + MASK
    return MASK * n
