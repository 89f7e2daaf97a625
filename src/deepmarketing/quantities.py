"""Exact amounts: Decimal conversion, named rounding, and the Metric a number measures.

Money, volume and counts are :class:`decimal.Decimal`, never ``float``: a float given
where an amount is expected raises :class:`~deepmarketing.errors.AmountTypeError`
(also a ``TypeError``). Rounding always names its quantum and its mode, and never reads
the process-wide decimal context: every operation here runs in the module's own
:data:`DECIMAL_CONTEXT`, so a host application that changes ``decimal.getcontext()``
cannot change a result.

Examples:
    >>> from decimal import Decimal
    >>> from deepmarketing.quantities import Metric, Rounding, quantize, to_decimal
    >>> to_decimal("1234.5")
    Decimal('1234.5')
    >>> to_decimal(0.1)
    Traceback (most recent call last):
    ...
    deepmarketing.errors.AmountTypeError: amount: expected a Decimal, int or numeric string, ...
    >>> quantize(Decimal("2.675"), Decimal("0.01"), rounding=Rounding.HALF_UP)
    Decimal('2.68')
    >>> sales = Metric("sales", "CNY", Decimal("0.01"))
    >>> sales.quantize(Decimal("10.005"))
    Decimal('10.00')
    >>> sales.format(Decimal("1234567.5"))
    '1,234,567.50 CNY'
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable
from decimal import Decimal

import attrs

from .errors import AmountTypeError, QuantityError

__all__ = [
    "COLLECTION_CNY",
    "DECIMAL_CONTEXT",
    "EXPENSES_CNY",
    "NEW_CUSTOMERS",
    "SALES_CNY",
    "VOLUME_TONNES",
    "Amount",
    "Metric",
    "Rounding",
    "exact_sum",
    "is_multiple",
    "quantize",
    "to_decimal",
]

#: What callers may pass where an amount is expected (floats are refused).
Amount = Decimal | int | str

#: The context every computation in deepmarketing runs in: 60 significant digits (far
#: beyond any money amount), banker's rounding where a mode is not named, and traps on
#: invalid operations, division by zero and overflow, so nothing degrades silently.
DECIMAL_CONTEXT = decimal.Context(
    prec=60,
    rounding=decimal.ROUND_HALF_EVEN,
    Emin=-999_999,
    Emax=999_999,
    traps=[decimal.InvalidOperation, decimal.DivisionByZero, decimal.Overflow],
)


# Reading a string never rounds (maximum precision) and never depends on the caller's
# context: a malformed string always raises.
_PARSE_CONTEXT = decimal.Context(prec=decimal.MAX_PREC, traps=[decimal.InvalidOperation])


class Rounding(enum.StrEnum):
    """A rounding mode, by name; the values are :mod:`decimal`'s own constants.

    ``HALF_EVEN`` (banker's rounding) is the default wherever a mode may be omitted,
    because it has no upward bias over many roundings; ``HALF_UP`` is what most
    people do by hand; ``DOWN`` truncates toward zero (commission that never overpays).

    Examples:
        >>> quantize(Decimal("2.5"), 1), quantize(Decimal("2.5"), 1, rounding=Rounding.HALF_UP)
        (Decimal('2'), Decimal('3'))
        >>> quantize(Decimal("199.99"), 10, rounding=Rounding.DOWN)
        Decimal('190')
        >>> Rounding("ROUND_CEILING") is Rounding.CEILING
        True
    """

    HALF_EVEN = decimal.ROUND_HALF_EVEN
    HALF_UP = decimal.ROUND_HALF_UP
    HALF_DOWN = decimal.ROUND_HALF_DOWN
    UP = decimal.ROUND_UP
    DOWN = decimal.ROUND_DOWN
    CEILING = decimal.ROUND_CEILING
    FLOOR = decimal.ROUND_FLOOR


def to_decimal(value: object, *, what: str = "amount") -> Decimal:
    """Turn an amount into a finite :class:`~decimal.Decimal`, refusing floats.

    Args:
        value: A ``Decimal``, an ``int`` or a numeric string such as ``"1234.50"``.
        what: How the value is named in an error message (a field or record name).

    Returns:
        The value as a finite Decimal (a Decimal is returned as it is).

    Raises:
        AmountTypeError: For a float, a bool, or any other type (also a ``TypeError``).
        QuantityError: For a string that is not a number, or NaN / infinity.

    Examples:
        >>> to_decimal(5)
        Decimal('5')
        >>> to_decimal("abc", what="target of 'P-1'")
        Traceback (most recent call last):
        ...
        deepmarketing.errors.QuantityError: target of 'P-1': expected a number, got 'abc'
    """
    if isinstance(value, Decimal):
        result = value
    elif isinstance(value, int) and not isinstance(value, bool):
        result = Decimal(value)
    elif isinstance(value, str):
        try:
            result = _PARSE_CONTEXT.create_decimal(value.strip().replace("_", ""))
        except decimal.InvalidOperation:
            raise QuantityError(f"expected a number, got {value!r}", record=what) from None
    else:
        raise AmountTypeError(
            f"expected a Decimal, int or numeric string, got {type(value).__name__} {value!r}",
            record=what,
        )
    if not result.is_finite():
        raise QuantityError(f"expected a finite number, got {value!r}", record=what)
    return result


def _check_quantum(quantum: Decimal) -> Decimal:
    quantum = to_decimal(quantum, what="quantum")
    if quantum <= 0:
        raise QuantityError(f"expected a positive quantum, got {quantum}", record="quantum")
    return quantum


def quantize(
    value: Amount, quantum: Amount, *, rounding: Rounding | str = Rounding.HALF_EVEN
) -> Decimal:
    """Round ``value`` to a whole multiple of ``quantum`` with the named ``rounding``.

    Unlike :meth:`decimal.Decimal.quantize`, the quantum need not be a power of ten:
    ``Decimal("0.05")`` rounds to the nearest five fen, ``Decimal("500")`` to the nearest
    500 yuan. The result carries the quantum's exponent (``2`` -> ``Decimal('2.00')``
    for a quantum of ``0.01``).

    Args:
        value: The amount to round.
        quantum: The smallest step, a positive amount.
        rounding: How to break the remainder; banker's rounding unless named.

    Returns:
        The multiple of ``quantum`` nearest to ``value`` under ``rounding``.

    Raises:
        QuantityError: If ``quantum`` is not positive, ``rounding`` names no mode, or
            ``value`` has too many digits for :data:`DECIMAL_CONTEXT` at this quantum.
        AmountTypeError: If either number is a float.

    Examples:
        >>> quantize(Decimal("12.5"), Decimal("1"))
        Decimal('12')
        >>> quantize(Decimal("12.5"), Decimal("1"), rounding=Rounding.HALF_UP)
        Decimal('13')
        >>> quantize(Decimal("1.37"), Decimal("0.05"))
        Decimal('1.35')
    """
    amount = to_decimal(value)
    step = _check_quantum(to_decimal(quantum, what="quantum"))
    try:
        mode = Rounding(rounding)
    except ValueError:
        expected = ", ".join(m.value for m in Rounding)
        raise QuantityError(
            f"expected a Rounding or one of {expected}, got {rounding!r}", record="rounding"
        ) from None
    ctx = DECIMAL_CONTEXT
    try:
        steps = ctx.divide(amount, step).quantize(Decimal(1), rounding=mode.value, context=ctx)
        return ctx.multiply(steps, step).quantize(step, context=ctx)
    except decimal.InvalidOperation:
        raise QuantityError(
            f"{amount} is too large to round to a quantum of {step}", record="amount"
        ) from None


def is_multiple(value: Amount, quantum: Amount) -> bool:
    """Whether ``value`` is a whole multiple of ``quantum``.

    Examples:
        >>> is_multiple(Decimal("10.50"), Decimal("0.01"))
        True
        >>> is_multiple(Decimal("10.505"), Decimal("0.01"))
        False
        >>> is_multiple(Decimal("1.5"), Decimal("0.5"))
        True
    """
    amount = to_decimal(value)
    step = _check_quantum(to_decimal(quantum, what="quantum"))
    try:
        return DECIMAL_CONTEXT.remainder(amount, step) == 0
    except decimal.InvalidOperation:
        raise QuantityError(
            f"{amount} is too large to test against a quantum of {step}", record="amount"
        ) from None


def exact_sum(values: Iterable[Amount]) -> Decimal:
    """Add amounts exactly in :data:`DECIMAL_CONTEXT`, refusing floats.

    Examples:
        >>> exact_sum([Decimal("0.10"), Decimal("0.20"), 3])
        Decimal('3.30')
        >>> exact_sum([])
        Decimal('0')
    """
    items = list(values)
    add = DECIMAL_CONTEXT.add
    total = Decimal(0)
    try:
        # Fast path: a plain Decimal needs no conversion; a NaN or an infinity among
        # them leaves the total non-finite (or traps), and the careful loop names it.
        for value in items:
            total = add(total, value if type(value) is Decimal else to_decimal(value))
        if total.is_finite():
            return total
    except decimal.InvalidOperation:
        pass
    total = Decimal(0)
    for value in items:
        total = add(total, to_decimal(value))
    return total


def _positive_quantum(value: object) -> Decimal:
    return _check_quantum(to_decimal(value, what="quantum"))


def _non_empty(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not value.strip():
        raise QuantityError(
            f"expected a non-empty string for {attribute.name}, got {value!r}", record="metric"
        )


@attrs.frozen
class Metric:
    """What a number measures: its name, its unit, and its smallest step (quantum).

    Args:
        name: What is measured, e.g. ``"sales"``, ``"collection"``, ``"new_customers"``.
        unit: The unit the amounts are in, e.g. ``"CNY"``, ``"t"``, ``"customers"``.
        quantum: The smallest step: ``Decimal("0.01")`` for money to the cent (fen),
            ``Decimal("1")`` for whole customers, ``Decimal("0.001")`` for tonnes to the
            kilogram. Given as a Decimal, an int or a numeric string; floats are refused.

    Examples:
        >>> tonnes = Metric("volume", "t", Decimal("0.001"))
        >>> tonnes.validate(Decimal("12.5"))
        Decimal('12.5')
        >>> tonnes.validate(Decimal("12.5005"), record="target of 'P-3'")
        Traceback (most recent call last):
        ...
        deepmarketing.errors.QuantityError: target of 'P-3': expected a multiple of 0.001 t, ...
    """

    name: str = attrs.field(validator=_non_empty)
    unit: str = attrs.field(validator=_non_empty)
    quantum: Decimal = attrs.field(converter=_positive_quantum)

    def quantize(self, value: Amount, *, rounding: Rounding | str = Rounding.HALF_EVEN) -> Decimal:
        """Round ``value`` to this metric's quantum (see :func:`quantize`)."""
        return quantize(value, self.quantum, rounding=rounding)

    def validate(self, value: Amount, *, record: str | None = None) -> Decimal:
        """Check that ``value`` is an exact amount of this metric and return it as a Decimal.

        Args:
            value: The amount to check.
            record: Names the record in an error message; defaults to the metric's name.

        Raises:
            QuantityError: If ``value`` is not a whole multiple of the quantum.
            AmountTypeError: If ``value`` is a float.
        """
        what = record or self.name
        amount = to_decimal(value, what=what)
        if not is_multiple(amount, self.quantum):
            raise QuantityError(
                f"expected a multiple of {self.quantum} {self.unit}, got {amount}", record=what
            )
        return amount

    def format(self, value: Amount) -> str:
        """Show ``value`` at the quantum's precision with thousands separators and the unit.

        Examples:
            >>> NEW_CUSTOMERS.format(12)
            '12 customers'
        """
        amount = to_decimal(value)
        exponent = self.quantum.normalize(DECIMAL_CONTEXT).as_tuple().exponent
        places = max(0, -exponent) if isinstance(exponent, int) else 0
        # Decimal.__format__ rounds with the current context's mode; use ours instead.
        with decimal.localcontext(DECIMAL_CONTEXT):
            return f"{amount:,.{places}f} {self.unit}"

    @property
    def zero(self) -> Decimal:
        """Zero at this metric's precision (``Decimal('0.00')`` for money in cents)."""
        return Decimal(0).quantize(self.quantum, context=DECIMAL_CONTEXT)


#: Sales revenue in yuan, to the fen.
SALES_CNY = Metric("sales", "CNY", Decimal("0.01"))
#: Payment collected (货款回收) in yuan, to the fen.
COLLECTION_CNY = Metric("collection", "CNY", Decimal("0.01"))
#: Field expenses in yuan, to the fen.
EXPENSES_CNY = Metric("expenses", "CNY", Decimal("0.01"))
#: Sales volume in tonnes, to the kilogram.
VOLUME_TONNES = Metric("volume", "t", Decimal("0.001"))
#: New customers developed, whole customers.
NEW_CUSTOMERS = Metric("new_customers", "customers", Decimal("1"))
