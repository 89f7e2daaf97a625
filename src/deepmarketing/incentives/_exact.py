"""Exact pay arithmetic: the one rounding of the pay statements, and how numbers read.

Pay is computed exactly, as :class:`fractions.Fraction` (a Decimal converts to a Fraction
without loss, and a division such as actual / target stays exact), and each statement
line is rounded **once** to the currency quantum with :data:`PAY_ROUNDING`.
"""

from __future__ import annotations

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

_HALF_UP = PAY_ROUNDING.value


def to_fraction(value: Decimal | Fraction | int) -> Fraction:
    """``value`` as an exact Fraction (a Decimal converts without loss)."""
    if type(value) is Fraction:
        return value
    return Fraction(value)


def _ratio(value: Exact | int) -> tuple[int, int]:
    """``value`` as (numerator, denominator) integers, denominator positive."""
    if type(value) is Fraction:
        return value.numerator, value.denominator
    if type(value) is int:
        return value, 1
    return value.as_integer_ratio()


def _is_power_of_ten(quantum: Decimal) -> bool:
    """Whether ``quantum`` is written as a power of ten (``0.01``, ``1E+1``; not ``0.010``).

    Read from the quantum's own digits on every call, never cached: ``Decimal("0.01")``
    and ``Decimal("0.010")`` are equal and hash alike, so a cache keyed on the quantum
    would answer for one with what it found for the other, and
    ``value.quantize(Decimal("0.010"))`` rounds to 0.001, not to the quantum.
    """
    head = str(quantum).lstrip("0.")  # '0.01' -> '1', '1E+1' -> '1E+1', '0.010' -> '10'
    return head == "1" or head.startswith("1E")


def round_pay(value: Exact | int, quantum: Decimal) -> Decimal:
    """Round ``value`` once to a multiple of ``quantum``, half away from zero.

    Exact for every input: a Decimal at a power-of-ten quantum is quantized in
    :data:`~deepmarketing.quantities.DECIMAL_CONTEXT`; anything else is rounded with
    integer arithmetic on its exact ratio.

    Examples:
        >>> (
        ...     round_pay(Fraction(1, 200), Decimal("0.01")),
        ...     round_pay(Fraction(-1, 200), Decimal("0.01")),
        ... )
        (Decimal('0.01'), Decimal('-0.01'))
        >>> round_pay(Decimal("2.344999"), Decimal("0.01"))
        Decimal('2.34')
        >>> round_pay(Fraction(7, 3), Decimal("0.05"))
        Decimal('2.35')
    """
    if (
        type(value) is Decimal
        and value.adjusted() < DECIMAL_CONTEXT.prec - 2
        and _is_power_of_ten(quantum)
    ):
        return value.quantize(quantum, rounding=_HALF_UP, context=DECIMAL_CONTEXT)
    q_num, q_den = quantum.as_integer_ratio()
    num, den = _ratio(value)
    num, den = num * q_den, den * q_num  # value / quantum
    whole, rest = divmod(abs(num), den)
    if 2 * rest >= den:
        whole += 1
    if num < 0:
        whole = -whole
    return DECIMAL_CONTEXT.multiply(Decimal(whole), quantum)


def _as_decimal(value: Exact | int, places: int) -> Decimal:
    if type(value) is Decimal:
        return value
    return round_pay(value, _PLACES[places] if places in _PLACES else Decimal(1).scaleb(-places))


_PLACES = {n: Decimal(1).scaleb(-n) for n in range(13)}
_CENT = _PLACES[2]


def number(value: Exact | int, *, places: int | None = None) -> str:
    """``value`` with thousands separators; ``places`` decimals, or as many as it has.

    Examples:
        >>> number(Decimal("1230000")), number(Decimal("1230000"), places=2)
        ('1,230,000', '1,230,000.00')
        >>> number(Fraction(1, 3), places=4)
        '0.3333'
    """
    if places is None:
        amount = _as_decimal(value, 12)
        if amount == amount.to_integral_value(context=DECIMAL_CONTEXT):
            return f"{int(amount):,}"
        amount = amount.normalize(DECIMAL_CONTEXT)
        exponent = amount.as_tuple().exponent
        shown = max(0, -exponent) if isinstance(exponent, int) else 0
        return f"{amount:,.{shown}f}"
    # Rounded here with the pay rounding, so formatting below never rounds (and never
    # reads the process-wide context).
    amount = round_pay(value, _PLACES[places] if places in _PLACES else Decimal(1).scaleb(-places))
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
    if type(value) is Decimal:
        hundred: Exact = value.scaleb(2, context=DECIMAL_CONTEXT)
    else:
        hundred = to_fraction(value) * 100
    shown = round_pay(hundred, _PLACES[4])
    return f"{number(shown)}%"
