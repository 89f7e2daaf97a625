"""Scoring rules: how a KPI's actual against its target becomes a credit.

A rule turns ``(actual, target)`` into a :class:`Credit`: a ratio where ``1`` means "as
good as the target" (100%), and a plain-language note that says how it got there. The
scorecard multiplies the credit by the KPI's weight. Rules are pluggable: anything with a
``credit(actual, target)`` method is a :class:`Rule`; the built-in ones are frozen attrs
classes, and the wrappers (:class:`Capped`, :class:`Floored`, :class:`Threshold`,
:class:`Banded`) apply to the credit of an inner rule (:class:`Linear` unless named), so
``Capped(Decimal("1.2"), rule=LowerIsBetter())`` caps an expense KPI at 120%.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from decimal import Decimal
from typing import Any, Protocol, runtime_checkable

import attrs

from deepmarketing.errors import ScoringError
from deepmarketing.quantities import DECIMAL_CONTEXT, Amount, to_decimal
from deepmarketing.scoring._common import percent, percent_1

__all__ = [
    "Band",
    "Banded",
    "Capped",
    "Credit",
    "Floored",
    "Linear",
    "LowerIsBetter",
    "Rule",
    "Threshold",
    "attainment",
]

_ZERO = Decimal(0)
_TWO = Decimal(2)


def _note(instance: Any, attribute: attrs.Attribute[str], value: object) -> None:
    if not isinstance(value, str):
        raise ScoringError(
            f"expected a string note, got {type(value).__name__} {value!r}", record="credit"
        )


def _credit_value(value: Amount) -> Decimal:
    return to_decimal(value, what="credit")


@attrs.frozen
class Credit:
    """What a rule makes of one KPI: a credit ratio and the note that explains it.

    Args:
        value: The credit as a ratio: ``Decimal("1")`` is 100% (the target met),
            ``Decimal("1.1")`` is 110%. Floats are refused.
        note: How the rule got there, in plain language, e.g. ``"attainment 120.0%,
            capped at 110%"``; the scorecard puts it into the KPI's explanation.

    Examples:
        >>> Credit(Decimal("1.1"), "attainment 120.0%, capped at 110%").value
        Decimal('1.1')
    """

    value: Decimal = attrs.field(converter=_credit_value)
    note: str = attrs.field(validator=_note)


@runtime_checkable
class Rule(Protocol):
    """How a KPI's actual against its target becomes a :class:`Credit`.

    The scorecard calls ``credit`` only with a positive target and an actual that is an
    exact amount of the KPI's metric; a zero or missing figure never reaches a rule (it
    is reported as :class:`~deepmarketing.scoring.Missing`). A rule should be monotone
    in ``actual`` (never fall as the actual rises for a higher-is-better KPI, never rise
    for a lower-is-better one), compute in
    :data:`~deepmarketing.quantities.DECIMAL_CONTEXT`, and be a frozen value object.

    Examples:
        A custom rule: 10 points of credit per 1% over target, nothing below it.

        >>> import attrs
        >>> from deepmarketing.quantities import DECIMAL_CONTEXT as ctx
        >>> @attrs.frozen
        ... class Beat:
        ...     def credit(self, actual: Decimal, target: Decimal) -> Credit:
        ...         over = max(ctx.subtract(attainment(actual, target), 1), Decimal(0))
        ...         return Credit(ctx.multiply(over, 10), f"{ctx.multiply(over, 100)}% over target")
        >>> isinstance(Beat(), Rule)
        True
        >>> Beat().credit(Decimal(105), Decimal(100))
        Credit(value=Decimal('0.50'), note='5.00% over target')
    """

    def credit(self, actual: Decimal, target: Decimal) -> Credit:
        """The credit for ``actual`` against a positive ``target``."""
        ...  # pragma: no cover


def attainment(actual: Amount, target: Amount) -> Decimal:
    """``actual / target``: the share of the target reached, as a ratio.

    The division runs in :data:`~deepmarketing.quantities.DECIMAL_CONTEXT` (60
    significant digits, half-even): the one step of scoring that can be inexact, and a
    correctly rounded one, so it never falls as the actual rises.

    Raises:
        ScoringError: If ``target`` is not positive.
        AmountTypeError: If a number is a float.

    Examples:
        >>> attainment(Decimal("1200000.00"), Decimal("1000000.00"))
        Decimal('1.2')
        >>> attainment(2, 3)
        Decimal('0.666666666666666666666666666666666666666666666666666666666667')
        >>> attainment(5, 0)
        Traceback (most recent call last):
        ...
        deepmarketing.errors.ScoringError: target: expected a positive target, got 0
    """
    amount = to_decimal(actual, what="actual")
    goal = to_decimal(target, what="target")
    if goal <= 0:
        raise ScoringError(f"expected a positive target, got {goal}", record="target")
    return DECIMAL_CONTEXT.divide(amount, goal)


def _is_rule(instance: Any, attribute: attrs.Attribute[Rule], value: object) -> None:
    if not isinstance(value, Rule):
        raise ScoringError(
            f"expected a Rule (an object with a credit(actual, target) method), "
            f"got {type(value).__name__} {value!r}",
            record=type(instance).__name__,
        )


def _ratio(value: Amount, what: str, *, allow_zero: bool) -> Decimal:
    ratio = to_decimal(value, what=what)
    if ratio < 0 or (ratio == 0 and not allow_zero):
        bound = "non-negative" if allow_zero else "positive"
        raise ScoringError(f"expected a {bound} ratio (1 = 100%), got {ratio}", record=what)
    return ratio


def _to_cap(value: Amount) -> Decimal:
    return _ratio(value, "cap", allow_zero=False)


def _to_floor(value: Amount) -> Decimal:
    return _ratio(value, "floor", allow_zero=True)


def _to_minimum(value: Amount) -> Decimal:
    return _ratio(value, "minimum", allow_zero=False)


@attrs.frozen
class Linear:
    """Credit in proportion to attainment: ``actual / target``.

    Reaching 120% of the target earns 120% credit; there is no limit either way (wrap it
    in :class:`Capped` or :class:`Floored` for one).

    Examples:
        >>> Linear().credit(Decimal("1200000.00"), Decimal("1000000.00"))
        Credit(value=Decimal('1.2'), note='attainment 120.0%')
    """

    def credit(self, actual: Decimal, target: Decimal) -> Credit:
        """``actual / target`` (see :func:`attainment`)."""
        ratio = attainment(actual, target)
        return Credit(ratio, f"attainment {percent_1(ratio)}")


@attrs.frozen
class LowerIsBetter:
    """Credit for a KPI where less is better (expenses, complaints): ``max(0, 2 - actual/target)``.

    At the target the credit is 100%; every 1% under the target adds 1% of credit and
    every 1% over it takes 1% away, down to nothing at twice the target.

    Notes:
        *Why this formula and not* ``target / actual``: it is the mirror image of
        :class:`Linear` (the same 1% of credit for each 1% of the target, in either
        direction), it is defined at an actual of zero (no expenses, no complaints: 200%,
        which a :class:`Capped` wrapper limits), and it does not reward the last cuts out
        of proportion, as ``target / actual`` does (spending half the budget would earn
        200%, a quarter 400%). The credit never goes below zero, so an overspent budget
        cannot take points away from the other KPIs.

    Examples:
        >>> LowerIsBetter().credit(Decimal("90000.00"), Decimal("100000.00"))
        Credit(value=Decimal('1.1'),
               note='actual/target 90.0%, lower is better: 200% - 90.0% = 110.0%')
        >>> LowerIsBetter().credit(Decimal("250000.00"), Decimal("100000.00")).note
        'actual/target 250.0%, lower is better: 200% - 250.0% is below 0, so 0%'
    """

    def credit(self, actual: Decimal, target: Decimal) -> Credit:
        """``max(0, 2 - actual / target)``."""
        ratio = attainment(actual, target)
        value = DECIMAL_CONTEXT.subtract(_TWO, ratio)
        head = f"actual/target {percent_1(ratio)}, lower is better: 200% - {percent_1(ratio)}"
        if value < 0:
            return Credit(_ZERO, f"{head} is below 0, so 0%")
        return Credit(value, f"{head} = {percent_1(value)}")


@attrs.frozen
class Capped:
    """The inner rule's credit, but never more than ``cap``.

    Args:
        cap: The most credit a KPI can earn, a positive ratio (``Decimal("1.1")`` = 110%).
        rule: The rule whose credit is capped; :class:`Linear` unless named.

    Examples:
        >>> rule = Capped(Decimal("1.1"))
        >>> rule.credit(Decimal("1200000.00"), Decimal("1000000.00"))
        Credit(value=Decimal('1.1'), note='attainment 120.0%, capped at 110%')
        >>> rule.credit(Decimal("950000.00"), Decimal("1000000.00")).note
        'attainment 95.0%, within the 110% cap'
    """

    cap: Decimal = attrs.field(converter=_to_cap)
    rule: Rule = attrs.field(factory=Linear, kw_only=True, validator=_is_rule)

    def credit(self, actual: Decimal, target: Decimal) -> Credit:
        """``min(inner credit, cap)``."""
        inner = self.rule.credit(actual, target)
        if inner.value > self.cap:
            return Credit(self.cap, f"{inner.note}, capped at {percent(self.cap)}")
        return Credit(inner.value, f"{inner.note}, within the {percent(self.cap)} cap")


@attrs.frozen
class Floored:
    """The inner rule's credit, but never less than ``floor``.

    Args:
        floor: The least credit a KPI earns once it is scored, a non-negative ratio
            (``Decimal("0.5")`` = 50%).
        rule: The rule whose credit is floored; :class:`Linear` unless named.

    Examples:
        >>> rule = Floored(Decimal("0.5"))
        >>> rule.credit(Decimal(3), Decimal(10))
        Credit(value=Decimal('0.5'), note='attainment 30.0%, raised to the 50% floor')
        >>> rule.credit(Decimal(8), Decimal(10)).note
        'attainment 80.0%, above the 50% floor'
    """

    floor: Decimal = attrs.field(converter=_to_floor)
    rule: Rule = attrs.field(factory=Linear, kw_only=True, validator=_is_rule)

    def credit(self, actual: Decimal, target: Decimal) -> Credit:
        """``max(inner credit, floor)``."""
        inner = self.rule.credit(actual, target)
        if inner.value < self.floor:
            return Credit(self.floor, f"{inner.note}, raised to the {percent(self.floor)} floor")
        return Credit(inner.value, f"{inner.note}, above the {percent(self.floor)} floor")


@attrs.frozen
class Threshold:
    """Nothing below ``minimum``; the inner rule's credit from there on.

    Args:
        minimum: The credit the inner rule must reach for the KPI to count at all, a
            positive ratio (``Decimal("0.8")``: below 80% of target earns 0).
        rule: The inner rule; :class:`Linear` unless named.

    Examples:
        >>> rule = Threshold(Decimal("0.8"))
        >>> rule.credit(Decimal(75), Decimal(100))
        Credit(value=Decimal('0'), note='attainment 75.0%, below the 80% threshold, so 0%')
        >>> rule.credit(Decimal(80), Decimal(100)).note
        'attainment 80.0%, meets the 80% threshold'
    """

    minimum: Decimal = attrs.field(converter=_to_minimum)
    rule: Rule = attrs.field(factory=Linear, kw_only=True, validator=_is_rule)

    def credit(self, actual: Decimal, target: Decimal) -> Credit:
        """The inner credit where it reaches ``minimum``, else 0."""
        inner = self.rule.credit(actual, target)
        if inner.value < self.minimum:
            return Credit(
                _ZERO, f"{inner.note}, below the {percent(self.minimum)} threshold, so 0%"
            )
        return Credit(inner.value, f"{inner.note}, meets the {percent(self.minimum)} threshold")


def _band_bound(value: Amount | None) -> Decimal | None:
    return None if value is None else to_decimal(value, what="band bound")


def _band_credit(value: Amount) -> Decimal:
    return to_decimal(value, what="band credit")


@attrs.frozen
class Band:
    """One step of a :class:`Banded` rule: from ``lower`` (inclusive) to ``upper`` (exclusive).

    Args:
        lower: Where the band starts, a ratio of the inner credit (``Decimal("0.8")`` = 80%).
        upper: Where the next band starts; ``None`` for the top band, which has no end.
        credit: The credit for any value in the band, a ratio.

    Raises:
        ScoringError: If ``upper`` is not above ``lower``.

    Examples:
        >>> band = Band(Decimal("0.8"), Decimal("1"), credit=Decimal("0.8"))
        >>> band.contains(Decimal("0.95")), band.contains(Decimal("1")), str(band)
        (True, False, 'band 80% to 100%')
    """

    lower: Decimal = attrs.field(converter=_band_bound)
    upper: Decimal | None = attrs.field(converter=_band_bound)
    credit: Decimal = attrs.field(kw_only=True, converter=_band_credit)

    def __attrs_post_init__(self) -> None:
        if self.upper is not None and self.upper <= self.lower:
            raise ScoringError(
                f"upper end {percent(self.upper)} is not above the lower end "
                f"{percent(self.lower)}; expected lower < upper",
                record=str(self),
            )

    def contains(self, value: Decimal) -> bool:
        """Whether ``lower <= value < upper``."""
        return self.lower <= value and (self.upper is None or value < self.upper)

    def __str__(self) -> str:
        if self.upper is None:
            return f"band from {percent(self.lower)}"
        return f"band {percent(self.lower)} to {percent(self.upper)}"


def _to_bands(value: Iterable[Band]) -> tuple[Band, ...]:
    bands = tuple(value)
    for band in bands:
        if not isinstance(band, Band):
            raise ScoringError(
                f"expected Band objects, got {type(band).__name__} {band!r}", record="Banded"
            )
    return tuple(sorted(bands, key=lambda b: (b.lower, b.upper is None, b.upper or 0)))


def _check_bands(
    instance: Banded, attribute: attrs.Attribute[Any], bands: tuple[Band, ...]
) -> None:
    record = "Banded"
    if not bands:
        raise ScoringError("expected at least one band, got none", record=record)
    if bands[0].lower != 0:
        raise ScoringError(
            f"the lowest band starts at {percent(bands[0].lower)}; expected the bands to "
            f"start at 0% (a band with credit 0 if nothing is earned below it)",
            record=record,
        )
    for below, above in itertools.pairwise(bands):
        if below.upper is None or below.upper > above.lower:
            raise ScoringError(f"{below} overlaps {above}", record=record)
        if below.upper < above.lower:
            raise ScoringError(
                f"gap between {below} and {above}: nothing covers "
                f"{percent(below.upper)} to {percent(above.lower)}",
                record=record,
            )
        if above.credit < below.credit:
            raise ScoringError(
                f"{above} gives credit {percent(above.credit)}, less than "
                f"{percent(below.credit)} for {below}; expected credit that never falls "
                f"as the value rises",
                record=record,
            )
    if bands[-1].upper is not None:
        raise ScoringError(
            f"the top band, {bands[-1]}, ends; expected upper=None on the top band, so "
            f"every value above it is covered",
            record=record,
        )


@attrs.frozen
class Banded:
    """Step credit: the inner credit falls in a band, and the band sets the credit.

    The bands must cover every value from 0 up, without gaps or overlaps: the lowest
    starts at 0, each ends where the next starts, the top one has no end
    (``upper=None``); credit never falls from one band to the next. The order they are
    given in does not matter. A negative inner credit (a negative actual, such as net
    returns) counts in the lowest band.

    Args:
        bands: The bands, as :class:`Band` objects.
        rule: The rule whose credit is banded; :class:`Linear` (attainment) unless named.

    Raises:
        ScoringError: If the bands leave a gap, overlap, do not start at 0, have an
            upper end on the top band, or give less credit to a higher band, each
            naming the bands.

    Examples:
        >>> rule = Banded(
        ...     [
        ...         Band(Decimal(0), Decimal("0.8"), credit=Decimal(0)),
        ...         Band(Decimal("0.8"), Decimal(1), credit=Decimal("0.8")),
        ...         Band(Decimal(1), None, credit=Decimal("1.2")),
        ...     ]
        ... )
        >>> rule.credit(Decimal(95), Decimal(100))
        Credit(value=Decimal('0.8'), note='attainment 95.0%, in band 80% to 100%: credit 80%')
        >>> Banded(
        ...     [Band(Decimal(0), Decimal("0.8"), credit=0), Band(Decimal("0.9"), None, credit=1)]
        ... )
        Traceback (most recent call last):
        ...
        deepmarketing.errors.ScoringError: Banded: gap between band 0% to 80% and band from 90%: ...
    """

    bands: tuple[Band, ...] = attrs.field(converter=_to_bands, validator=_check_bands)
    rule: Rule = attrs.field(factory=Linear, kw_only=True, validator=_is_rule)

    def credit(self, actual: Decimal, target: Decimal) -> Credit:
        """The credit of the band the inner credit falls in."""
        inner = self.rule.credit(actual, target)
        band = next((b for b in reversed(self.bands) if b.lower <= inner.value), self.bands[0])
        return Credit(band.credit, f"{inner.note}, in {band}: credit {percent(band.credit)}")
