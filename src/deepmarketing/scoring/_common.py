"""Helpers shared by the scoring modules: exact rounding, key order, percent text.

Scores are computed exactly with :class:`fractions.Fraction` (a Decimal converts to a
Fraction without loss) and rounded once, at the end, to a named quantum with a named
:class:`~deepmarketing.quantities.Rounding`; parts of a total are rounded by the
largest-remainder method so that they add back to the rounded total exactly.
"""

from __future__ import annotations

import types
from collections.abc import Hashable, Iterable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any, TypeVar

from deepmarketing.errors import ScoringError
from deepmarketing.quantities import DECIMAL_CONTEXT, Amount, Rounding, quantize, to_decimal

K = TypeVar("K", bound=Hashable)

_HALF = Fraction(1, 2)
_PERCENT = Decimal(100)
_TENTH = Decimal("0.1")


def ordered(keys: Iterable[K]) -> list[K]:
    """The keys in their own order where they have one, else by type name and ``repr``.

    The result never depends on the order the keys came in: it is the tie-break every
    scoring function uses (person ids are strings, so usually plain string order).
    """
    items = list(keys)
    try:
        return sorted(items)  # type: ignore[type-var]
    except TypeError:
        return sorted(items, key=lambda key: (type(key).__name__, repr(key)))


def round_units(value: Fraction, rounding: Rounding) -> int:
    """``value`` rounded to a whole number with the named mode, exactly."""
    floor = value.numerator // value.denominator
    rest = value - floor
    if rest == 0:
        return floor
    ceiling = floor + 1
    if rounding is Rounding.FLOOR:
        return floor
    if rounding is Rounding.CEILING:
        return ceiling
    if rounding is Rounding.DOWN:
        return floor if value > 0 else ceiling
    if rounding is Rounding.UP:
        return ceiling if value > 0 else floor
    if rest != _HALF:
        return floor if rest < _HALF else ceiling
    if rounding is Rounding.HALF_EVEN:
        return floor if floor % 2 == 0 else ceiling
    if rounding is Rounding.HALF_UP:
        return ceiling if value > 0 else floor
    return floor if value > 0 else ceiling  # HALF_DOWN: toward zero


def to_amount(units: int, quantum: Decimal) -> Decimal:
    """``units`` whole quanta as a Decimal with the quantum's exponent."""
    return DECIMAL_CONTEXT.multiply(Decimal(units), quantum)


def round_fraction(value: Fraction, quantum: Decimal, rounding: Rounding) -> Decimal:
    """``value`` rounded to a multiple of ``quantum`` with the named mode, exactly."""
    return to_amount(round_units(value / Fraction(quantum), rounding), quantum)


def split_total(
    parts: Sequence[Fraction], quantum: Decimal, rounding: Rounding, priority: Sequence[Any]
) -> tuple[Decimal, list[Decimal]]:
    """Round the exact sum of ``parts``, then round the parts so they add back to it.

    The total is ``sum(parts)`` rounded to ``quantum`` with ``rounding``. Each part is
    rounded down to a whole quantum, and the quanta left over (never more than the
    number of parts with a remainder) go one each to the parts with the largest
    remainders; equal remainders go to the part whose ``priority`` sorts first. So
    every part is its exact value rounded down or up, within one quantum of it.
    """
    step = Fraction(quantum)
    units = [part / step for part in parts]
    total = round_units(sum(units, Fraction(0)), rounding)
    floors = [u.numerator // u.denominator for u in units]
    left = total - sum(floors)
    by_remainder = sorted(range(len(parts)), key=lambda i: (-(units[i] - floors[i]), priority[i]))
    for i in by_remainder[:left]:
        floors[i] += 1
    return to_amount(total, quantum), [to_amount(f, quantum) for f in floors]


def percent(ratio: Decimal) -> str:
    """A parameter as a percentage, as short as it is exact: ``1.1`` -> ``'110%'``."""
    value = DECIMAL_CONTEXT.multiply(ratio, _PERCENT).normalize(DECIMAL_CONTEXT)
    return f"{value:f}%"


def percent_1(ratio: Decimal) -> str:
    """A computed ratio as a percentage to 0.1% (half-even): ``1.2`` -> ``'120.0%'``."""
    value = quantize(DECIMAL_CONTEXT.multiply(ratio, _PERCENT), _TENTH)
    return f"{value:f}%"


def number(value: Decimal) -> str:
    """A Decimal in plain notation, never with an exponent."""
    return f"{value:f}"


def positive_quantum(value: Amount) -> Decimal:
    """A quantum for scores or shares: a positive amount."""
    step = to_decimal(value, what="quantum")
    if step <= 0:
        raise ScoringError(f"expected a positive quantum, got {step}", record="quantum")
    return step


def to_rounding(value: Rounding | str) -> Rounding:
    """A :class:`Rounding` from itself or its name, or a ScoringError."""
    try:
        return Rounding(value)
    except ValueError:
        expected = ", ".join(m.value for m in Rounding)
        raise ScoringError(
            f"expected a Rounding or one of {expected}, got {value!r}", record="rounding"
        ) from None


def read_only(value: Mapping[Any, Any]) -> Mapping[Any, Any]:
    """A read-only copy of a mapping, for a frozen object's field."""
    return types.MappingProxyType(dict(value))
