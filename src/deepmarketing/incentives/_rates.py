"""Rate tables: tiers of a base, paid in one of three precisely defined modes.

A :class:`RateTable` is a tuple of :class:`Tier` bands that start at zero, follow each
other without gap or overlap, and end with one open band. Its :class:`RateMode` says how
a base ``x`` (an amount of sales, or an attainment ratio) turns into a payout ``P(x)``:

* ``MARGINAL`` -- each band at its own rate: ``P(x) = sum(rate_i * |[lower_i, upper_i) n
  [0, x)|)``. Continuous and, with non-negative rates, non-decreasing in ``x``.
* ``RETROACTIVE`` -- the whole base at the rate of the band reached: ``P(x) = rate_k * x``
  where ``lower_k <= x < upper_k``. Jumps only at band edges.
* ``INTERPOLATED`` -- a pay curve: the rate moves linearly inside each band, from the
  band's own rate at its lower edge to the next band's rate at its upper edge (the open
  last band keeps its rate), and the whole base is paid at that rate: ``P(x) = r(x) * x``
  with ``r(x) = rate_k + (rate_k+1 - rate_k) * (x - lower_k) / (upper_k - lower_k)``.
  Continuous, so no jump at any edge.

A negative base (refunds exceeding sales) pays the mirror image: ``P(-x) = -P(x)``, so a
net refund claws back what the same sale would have earned. The mirror rule is for
commission on a negative base only: a pay curve of a bonus
(:class:`~deepmarketing.incentives.AttainmentBonus`) pays 0 below 0 attainment, as a
bonus is never negative.

All three are exact: the payout is a :class:`~fractions.Fraction`, rounded later, once, on
the statement line.
"""

from __future__ import annotations

import decimal
import enum
import itertools
from collections.abc import Callable, Iterable
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs

from deepmarketing.errors import PlanError
from deepmarketing.incentives._exact import Exact, money, number, percent, round_pay, to_fraction
from deepmarketing.quantities import DECIMAL_CONTEXT, to_decimal

__all__ = ["RateMode", "RateTable", "Tier", "TierPay"]

# DECIMAL_CONTEXT, trapping any rounding: a Decimal payout is exact or is redone in Fractions.
_EXACT = DECIMAL_CONTEXT.copy()
_EXACT.traps[decimal.Inexact] = True


class RateMode(enum.Enum):
    """How a :class:`RateTable` pays a base (see the module for the formulas).

    Examples:
        >>> RateMode("marginal") is RateMode.MARGINAL
        True
    """

    MARGINAL = "marginal"
    RETROACTIVE = "retroactive"
    INTERPOLATED = "interpolated"


def _non_negative(what: str) -> Callable[[object], Decimal]:
    def convert(value: object) -> Decimal:
        amount = to_decimal(value, what=what)
        if amount < 0:
            raise PlanError(f"expected a non-negative number, got {amount}", record=what)
        return amount

    return convert


def _optional_upper(value: object) -> Decimal | None:
    return None if value is None else _non_negative("tier upper edge")(value)


def _upper_above_lower(instance: Tier, attribute: attrs.Attribute[Any], value: object) -> None:
    if instance.upper is not None and instance.upper <= instance.lower:
        raise PlanError(
            f"expected an upper edge above the lower edge {number(instance.lower)}, "
            f"got {number(instance.upper)}",
            record=f"tier {instance.label}",
        )


def _nn_tier_lower_edge(value: object) -> Decimal:
    return _non_negative("tier lower edge")(value)


def _nn_tier_rate(value: object) -> Decimal:
    return _non_negative("tier rate")(value)


@attrs.frozen
class Tier:
    """One band of a rate table: bases from ``lower`` (included) to ``upper`` (excluded).

    Args:
        lower: Where the band starts (non-negative).
        upper: Where it ends, excluded; ``None`` for the open last band.
        rate: The band's rate, a non-negative ratio (``Decimal("0.02")`` is 2%).

    Raises:
        PlanError: If an edge or the rate is negative, or ``upper <= lower``.
        AmountTypeError: If a number is a float.

    Examples:
        >>> Tier(0, 1_000_000, Decimal("0.02")).label
        '0-1,000,000'
        >>> Tier(5, 5, Decimal("0.01"))
        Traceback (most recent call last):
        ...
        deepmarketing.errors.PlanError: tier 5-5: expected an upper edge above the lower edge 5,
            got 5
    """

    lower: Decimal = attrs.field(converter=_nn_tier_lower_edge)
    upper: Decimal | None = attrs.field(converter=_optional_upper, validator=_upper_above_lower)
    rate: Decimal = attrs.field(converter=_nn_tier_rate)

    @property
    def label(self) -> str:
        """The band as statements name it, e.g. ``'0-1,000,000'`` or ``'1,000,000+'``."""
        if self.upper is None:
            return f"{number(self.lower)}+"
        return f"{number(self.lower)}-{number(self.upper)}"


@attrs.frozen
class TierPay:
    """What one band contributes to a payout: the part of the base in it, and its pay.

    Attributes:
        tier: The band.
        base: The part of the base paid in this band (the whole base outside MARGINAL).
        rate: The rate applied (for INTERPOLATED, the rate reached on the curve).
        amount: The exact pay of this band.

    Examples:
        >>> table = RateTable(
        ...     (Tier(0, 100, Decimal("0.02")), Tier(100, None, Decimal("0.03"))), mode="marginal"
        ... )
        >>> [(str(p.base), str(p.amount)) for p in table.breakdown(Decimal(150))]
        [('100', '2.00'), ('50', '1.50')]
    """

    tier: Tier
    base: Exact
    rate: Exact
    amount: Exact


def _to_tiers(values: Iterable[Tier]) -> tuple[Tier, ...]:
    tiers = tuple(values)
    for tier in tiers:
        if not isinstance(tier, Tier):
            raise PlanError(
                f"expected Tier objects, got {type(tier).__name__} {tier!r}", record="rate table"
            )
    return tuple(sorted(tiers, key=lambda t: t.lower))


def _to_mode(value: object) -> RateMode:
    try:
        return RateMode(value)
    except ValueError:
        expected = ", ".join(m.value for m in RateMode)
        raise PlanError(
            f"expected a rate mode ({expected}), got {value!r}", record="rate table"
        ) from None


def _describe(table: RateTable) -> str:
    return " / ".join(percent(t.rate) for t in table.tiers) + f" ({table.mode.value})"


def _contiguous(
    instance: RateTable, attribute: attrs.Attribute[Any], tiers: tuple[Tier, ...]
) -> None:
    if not tiers:
        raise PlanError("expected at least one tier", record="rate table")
    if tiers[0].lower != 0:
        raise PlanError(
            f"expected the first tier to start at 0, got tier {tiers[0].label}; "
            f"add a tier 0-{number(tiers[0].lower)} (at rate 0 if nothing is paid there)",
            record="rate table",
        )
    for below, above in itertools.pairwise(tiers):
        if below.upper is None:
            raise PlanError(
                f"tiers {below.label} and {above.label} overlap: only the last tier may be open",
                record="rate table",
            )
        if below.upper < above.lower:
            raise PlanError(
                f"gap between tiers {below.label} and {above.label}: "
                f"{number(below.upper)}-{number(above.lower)} has no rate",
                record="rate table",
            )
        if below.upper > above.lower:
            raise PlanError(
                f"tiers {below.label} and {above.label} overlap on "
                f"{number(above.lower)}-{number(below.upper)}",
                record="rate table",
            )
    if tiers[-1].upper is not None:
        raise PlanError(
            f"expected the last tier to be open (upper=None), got tier {tiers[-1].label}; "
            f"bases above {number(tiers[-1].upper)} would have no rate",
            record="rate table",
        )


@attrs.frozen
class RateTable:
    """Tiers of a base and the mode that pays them (see the module for exact formulas).

    Args:
        tiers: The bands, in any order; sorted by lower edge. They must start at 0, meet
            edge to edge, and the last one must be open.
        mode: A :class:`RateMode` (or its value, ``"marginal"``).

    Raises:
        PlanError: If there are no tiers, the first does not start at 0, two tiers leave
            a gap or overlap (the message names both), or the last is not open.

    Examples:
        >>> table = RateTable(
        ...     (Tier(0, 1_000_000, Decimal("0.02")), Tier(1_000_000, None, Decimal("0.03"))),
        ...     mode=RateMode.MARGINAL,
        ... )
        >>> table.payout(Decimal("1230000"))
        Decimal('26900.00')
        >>> table.explain(Decimal("1230000"))
        '0-1,000,000 at 2% = 20,000.00; 1,000,000-1,230,000 at 3% = 6,900.00 (marginal)'
        >>> attrs.evolve(table, mode=RateMode.RETROACTIVE).payout(Decimal("1230000"))
        Decimal('36900.00')
        >>> RateTable((Tier(0, 100, 1), Tier(120, None, 2)), mode="marginal")
        Traceback (most recent call last):
        ...
        deepmarketing.errors.PlanError: rate table: gap between tiers 0-100 and 120+:
            100-120 has no rate
    """

    tiers: tuple[Tier, ...] = attrs.field(converter=_to_tiers, validator=_contiguous)
    mode: RateMode = attrs.field(converter=_to_mode, kw_only=True)
    _text: str = attrs.field(
        init=False, eq=False, repr=False, default=attrs.Factory(_describe, takes_self=True)
    )

    @property
    def rates(self) -> str:
        """The rates and the mode in words, e.g. ``'2% / 3% (marginal)'``."""
        return self._text

    @classmethod
    def flat(cls, rate: Decimal | int | str) -> RateTable:
        """One open band at ``rate`` (the same in every mode).

        Examples:
            >>> RateTable.flat(Decimal("0.05")).payout(Decimal("200"))
            Decimal('10.00')
        """
        return cls((Tier(0, None, rate),), mode=RateMode.MARGINAL)

    def band_of(self, base: Exact) -> int:
        """The index of the band holding ``abs(base)``."""
        x = base.copy_abs() if type(base) is Decimal else abs(to_fraction(base))
        for index in range(len(self.tiers) - 1, -1, -1):
            if x >= self.tiers[index].lower:
                return index
        return 0  # pragma: no cover - the first tier starts at 0

    def rate_at(self, base: Exact) -> Fraction:
        """The rate ``abs(base)`` is paid at in RETROACTIVE or INTERPOLATED mode.

        Examples:
            >>> curve = RateTable((Tier(0, 100, 0), Tier(100, None, 1)), mode="interpolated")
            >>> curve.rate_at(Decimal(25))
            Fraction(1, 4)
        """
        x = abs(to_fraction(base))
        index = self.band_of(x)
        tier = self.tiers[index]
        rate = Fraction(tier.rate)
        if self.mode is not RateMode.INTERPOLATED or tier.upper is None:
            return rate
        nxt = Fraction(self.tiers[index + 1].rate)
        lower = Fraction(tier.lower)
        return rate + (nxt - rate) * (x - lower) / (Fraction(tier.upper) - lower)

    def breakdown(self, base: Exact) -> tuple[TierPay, ...]:
        """What each band pays for ``base`` (only the bands that pay, in order).

        In MARGINAL mode every band the base reaches pays its part; in the other modes
        one band pays the whole base. For a negative base the parts are negative.
        """
        if type(base) is Decimal and self.mode is not RateMode.INTERPOLATED:
            try:
                return self._decimal_breakdown(base)
            except decimal.Inexact:
                pass
        x = to_fraction(base)
        sign = -1 if x < 0 else 1
        x = abs(x)
        if self.mode is not RateMode.MARGINAL:
            tier = self.tiers[self.band_of(x)]
            rate = self.rate_at(x)
            return (TierPay(tier, sign * x, rate, sign * x * rate),)
        parts: list[TierPay] = []
        for tier in self.tiers:
            lower = Fraction(tier.lower)
            if x <= lower and parts:
                break
            top = x if tier.upper is None else min(x, Fraction(tier.upper))
            inside = max(top - lower, Fraction(0))
            rate = Fraction(tier.rate)
            parts.append(TierPay(tier, sign * inside, rate, sign * inside * rate))
        return tuple(parts)

    def payout(self, base: Exact) -> Exact:
        """The exact payout ``P(base)`` of this table (see the module for the formulas).

        A Decimal base in MARGINAL or RETROACTIVE mode gives a Decimal (computed in
        :data:`~deepmarketing.quantities.DECIMAL_CONTEXT` and checked to be exact);
        anything else a :class:`~fractions.Fraction`.

        Examples:
            >>> steps = RateTable((Tier(0, 100, 1), Tier(100, None, 2)), mode="retroactive")
            >>> steps.payout(Decimal("99.99")), steps.payout(Decimal(100))
            (Decimal('99.99'), Decimal('200'))
            >>> steps.payout(Decimal(-100))
            Decimal('-200')
        """
        if type(base) is Decimal and self.mode is not RateMode.INTERPOLATED:
            try:
                return self._decimal_payout(base)
            except decimal.Inexact:  # more than 60 digits: go on with Fractions
                pass
        x = to_fraction(base)
        if self.mode is RateMode.MARGINAL:
            sign = -1 if x < 0 else 1
            x = abs(x)
            total = Fraction(0)
            for tier in self.tiers:
                lower = tier.lower
                if x <= lower:
                    break
                top = x if tier.upper is None or x < tier.upper else Fraction(tier.upper)
                total += (top - Fraction(lower)) * Fraction(tier.rate)
            return sign * total
        return x * self.rate_at(x)

    def _decimal_breakdown(self, base: Decimal) -> tuple[TierPay, ...]:
        ctx = _EXACT
        x = base.copy_abs()
        negative = base < 0

        def signed(value: Decimal) -> Decimal:
            return value.copy_negate() if negative else value

        if self.mode is RateMode.RETROACTIVE:
            tier = self.tiers[self.band_of(x)]
            return (TierPay(tier, signed(x), tier.rate, signed(ctx.multiply(x, tier.rate))),)
        parts: list[TierPay] = []
        for tier in self.tiers:
            if x <= tier.lower and parts:
                break
            top = x if tier.upper is None or x < tier.upper else tier.upper
            inside = max(ctx.subtract(top, tier.lower), Decimal(0))
            amount = ctx.multiply(inside, tier.rate)
            parts.append(TierPay(tier, signed(inside), tier.rate, signed(amount)))
        return tuple(parts)

    def _decimal_payout(self, base: Decimal) -> Decimal:
        """MARGINAL and RETROACTIVE pay of a Decimal base in Decimals, exactly or not at all."""
        ctx = _EXACT
        x = base.copy_abs()
        if self.mode is RateMode.MARGINAL:
            total = Decimal(0)
            for tier in self.tiers:
                if x <= tier.lower:
                    break
                top = x if tier.upper is None or x < tier.upper else tier.upper
                total = ctx.add(total, ctx.multiply(ctx.subtract(top, tier.lower), tier.rate))
        else:
            total = ctx.multiply(x, self.tiers[self.band_of(x)].rate)
        return total.copy_negate() if base < 0 else total

    def explain(self, base: Exact) -> str:
        """The bands, rates and amounts behind ``payout(base)``, in plain words.

        Amounts are shown to two decimals; the payout itself is exact until the line
        that uses it is rounded.

        Examples:
            >>> curve = RateTable(
            ...     (Tier(0, 1000, Decimal("0.01")), Tier(1000, None, Decimal("0.03"))),
            ...     mode=RateMode.INTERPOLATED,
            ... )
            >>> curve.explain(Decimal(500))
            '500 at 2% (curve 1% at 0 to 3% at 1,000) = 10.00 (interpolated)'
        """
        return self._words(self.breakdown(base))

    def explained(self, base: Exact) -> tuple[Exact, str]:
        """``payout(base)`` and ``explain(base)`` from one pass over the bands.

        Examples:
            >>> RateTable.flat(Decimal("0.05")).explained(Decimal("200"))
            (Decimal('10.00'), '0-200 at 5% = 10.00 (marginal)')
        """
        parts = self.breakdown(base)
        total: Exact = Decimal(0)
        try:
            running = Decimal(0)
            for part in parts:
                amount = part.amount
                if not isinstance(amount, Decimal):
                    raise decimal.Inexact
                running = _EXACT.add(running, amount)
            total = running
        except decimal.Inexact:
            total = sum((to_fraction(p.amount) for p in parts), Fraction(0))
        return total, self._words(parts)

    def _words(self, pay: tuple[TierPay, ...]) -> str:
        parts: list[str] = []
        for part in pay:
            tier = part.tier
            if self.mode is RateMode.MARGINAL:
                top: Exact = (
                    _EXACT.add(tier.lower, part.base.copy_abs())
                    if type(part.base) is Decimal
                    else Fraction(tier.lower) + abs(to_fraction(part.base))
                )
                band = f"{number(tier.lower)}-{_base(top)}" if top else "0"
                parts.append(f"{band} at {percent(part.rate)} = {money(part.amount)}")
            elif self.mode is RateMode.RETROACTIVE:
                parts.append(
                    f"{_base(part.base)} at {percent(part.rate)} (tier {tier.label}) = "
                    f"{money(part.amount)}"
                )
            else:
                index = self.tiers.index(tier)
                if tier.upper is None:
                    curve = f"tier {tier.label}"
                else:
                    nxt = self.tiers[index + 1]
                    curve = (
                        f"curve {percent(tier.rate)} at {number(tier.lower)} to "
                        f"{percent(nxt.rate)} at {number(tier.upper)}"
                    )
                parts.append(
                    f"{_base(part.base)} at {percent(part.rate)} ({curve}) = {money(part.amount)}"
                )
        return "; ".join(parts) + f" ({self.mode.value})"


def _base(value: Exact) -> str:
    """A base as a reason shows it: as it is up to cents, else to at most four decimals.

    Display only: the amounts behind it stay exact.

    Examples:
        >>> _base(Decimal("1230000")), _base(Decimal("0.025")), _base(Fraction(2, 75))
        ('1,230,000', '0.025', '0.0267')
    """
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent >= -2:
            return number(value)
    elif value.denominator == 1:
        return number(value)
    shown = round_pay(value, _FOUR_PLACES)
    return number(shown.normalize(DECIMAL_CONTEXT) if shown else Decimal(0))


_FOUR_PLACES = Decimal("0.0001")
