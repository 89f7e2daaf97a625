"""Exact pay arithmetic: the one rounding of the pay statements, and how numbers read.

Pay is computed exactly, as :class:`fractions.Fraction` (a Decimal converts to a Fraction
without loss, and a division such as actual / target stays exact), and each statement
line is rounded **once** to the currency quantum with :data:`PAY_ROUNDING`.
"""

from __future__ import annotations

import decimal
from decimal import Decimal
from fractions import Fraction

from deepmarketing.quantities import DECIMAL_CONTEXT, Rounding

__all__ = [
    "PAY_ROUNDING",
    "Exact",
    "money",
    "number",
    "percent",
    "round_pay",
    "to_fraction",
]

#: The rounding of every pay line: half away from zero (``ROUND_HALF_UP``), the rule
#: payroll clerks and sales people apply by hand when they check a statement, and
#: symmetric about zero, so a clawback of a commission rounds to exactly its negative.
#: Each line is rounded once, so the upward bias of halves is at most half a quantum per
#: line and arises only on exact halves.
PAY_ROUNDING = Rounding.HALF_UP

#: An exact amount: a Decimal as given, or a Fraction where a division was needed.
Exact = Decimal | Fraction

_ZERO = Fraction(0)


def to_fraction(value: Decimal | Fraction | int) -> Fraction:
    """``value`` as an exact Fraction (a Decimal converts without loss)."""
    if isinstance(value, Fraction):
        return value
    return Fraction(value)


def round_pay(value: Exact | int, quantum: Decimal) -> Decimal:
    """Round ``value`` once to a multiple of ``quantum``, half away from zero.

    Examples:
        >>> (
        ...     round_pay(Fraction(1, 200), Decimal("0.01")),
        ...     round_pay(Fraction(-1, 200), Decimal("0.01")),
        ... )
        (Decimal('0.01'), Decimal('-0.01'))
        >>> round_pay(Decimal("2.344999"), Decimal("0.01"))
        Decimal('2.34')
    """
    exact = to_fraction(value) / to_fraction(quantum)
    whole, rest = divmod(abs(exact.numerator), exact.denominator)
    if 2 * rest >= exact.denominator:
        whole += 1
    if exact < 0:
        whole = -whole
    return DECIMAL_CONTEXT.multiply(Decimal(whole), quantum)


def _as_decimal(value: Exact | int, places: int) -> Decimal:
    if isinstance(value, Decimal):
        return value
    return round_pay(to_fraction(value), Decimal(1).scaleb(-places))


def number(value: Exact | int, *, places: int | None = None) -> str:
    """``value`` with thousands separators; ``places`` decimals, or as many as it has.

    Examples:
        >>> number(Decimal("1230000")), number(Decimal("1230000"), places=2)
        ('1,230,000', '1,230,000.00')
        >>> number(Fraction(1, 3), places=4)
        '0.3333'
    """
    amount = _as_decimal(value, 12 if places is None else places)
    with decimal.localcontext(DECIMAL_CONTEXT) as ctx:
        if places is None:
            amount = amount.normalize(ctx)
            exponent = amount.as_tuple().exponent
            shown = max(0, -exponent) if isinstance(exponent, int) else 0
            return f"{amount:,.{shown}f}"
        ctx.rounding = PAY_ROUNDING.value
        return f"{amount:,.{places}f}"


def money(value: Exact | int) -> str:
    """An amount of money as statements show it: two decimals, thousands separators.

    Examples:
        >>> money(Decimal("6900")), money(Fraction(-1, 3))
        ('6,900.00', '-0.33')
    """
    return number(value, places=2)


def percent(value: Exact | int) -> str:
    """A ratio as a percentage with up to four decimals (``0.025`` -> ``'2.5%'``).

    Examples:
        >>> percent(Decimal("0.025")), percent(Fraction(2, 3)), percent(1)
        ('2.5%', '66.6667%', '100%')
    """
    hundred = to_fraction(value) * 100
    shown = _as_decimal(hundred, 4).normalize(DECIMAL_CONTEXT)
    if shown == 0:
        shown = Decimal(0)
    return f"{number(shown)}%"
