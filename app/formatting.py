"""How numbers are written on the pages: integers without ".0", otherwise at most 6 significant digits.

Displayed numbers use the true minus sign (U+2212); values put back into input fields use ASCII "-" and
15 significant digits, so they parse back to (almost exactly) the number the server computed.
"""

from __future__ import annotations

import math
from decimal import Decimal

MINUS = "\u2212"


def _short(v: float) -> str:
    v = float(v)
    if v == 0:
        return "0"  # also for -0.0: "−0" would only puzzle
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    return f"{v:.6g}"


def number(v: float) -> str | None:
    """Display form of v ("70", "−700", "0.001", "1.23457e+06"); None when v is nan or infinite."""
    if not math.isfinite(float(v)):
        return None
    return _short(v).replace("-", MINUS)


def field_value(v: float) -> str:
    """The value written into an input field: ASCII minus, 15 significant digits, no exponent for ordinary
    sizes ("20.04", "-10", "0.00001")."""
    v = float(v)
    if v == 0:
        return "0"
    if v.is_integer() and abs(v) < 1e15:
        return str(int(v))
    text = f"{v:.15g}"
    if "e" in text and 1e-9 <= abs(v) < 1e15:
        text = format(Decimal(text), "f")  # 1e-05 -> 0.00001: easier to read and edit in a field
    return text


def limit_text(v: float) -> str:
    """A bound as a learner reads it: 1e-05 -> "0.00001", 10.0 -> "10", -2 -> "−2", 1000000 -> "1 000 000" (no
    exponent, a true minus, thousands apart by narrow no-break spaces from 10 000 on)."""
    if float(v).is_integer() and abs(v) >= 10_000:
        return f"{v:,.0f}".replace(",", "\u202f").replace("-", MINUS)
    return field_value(v).replace("-", MINUS)


def latex_number(v: float, paren: bool = False) -> str:
    """v as LaTeX (1.5e-07 -> 1.5 \\cdot 10^{-7}; -10 -> {-10}); paren=True also puts negatives in parentheses,
    for products like (-10)(1)."""
    v = float(v)
    if not math.isfinite(v):
        raise ValueError(f"cannot write a non-finite number in a formula: {v!r}")
    text = _short(v)
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    if v < 0:
        text = "{" + text + "}"  # a group: MathML then writes a prefix minus, "(−10)" rather than "( − 10)"
        if paren:
            return f"({text})"
    return text


def percent(fraction: float) -> str:
    """A fraction as the pages write a percentage: one decimal and a narrow no-break space before the sign,
    0.9333 -> "93.3 %" (the same in both languages); "–" when not finite."""
    if not math.isfinite(float(fraction)):
        return "–"
    return f"{100 * float(fraction):.1f}\u202f%"
