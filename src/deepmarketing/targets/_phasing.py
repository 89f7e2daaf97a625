"""Time phasing: split a target over the sub-periods of its period, exactly, level by level."""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction

import attrs
import pendulum

from deepmarketing.errors import AllocationError
from deepmarketing.periods import Period, PeriodKind, WorkCalendar, to_period_kind
from deepmarketing.quantities import DECIMAL_CONTEXT, Amount, to_decimal
from deepmarketing.targets._apportion import _quantum, _to_units

__all__ = ["Phaser", "Profile", "phase"]

#: Seasonal weights: by month number (1-12), or a weight for each day.
Profile = Mapping[int, Amount] | Callable[[pendulum.Date], Amount]

# The kinds that nest inside one another; WEEK cuts across them and is built from days.
_CHAIN = (PeriodKind.YEAR, PeriodKind.QUARTER, PeriodKind.MONTH, PeriodKind.DEKAD, PeriodKind.DAY)


@attrs.frozen
class _Node:
    """One split in the phasing tree: a period into its children, with integer weights.

    The weights are on one scale for the whole tree (the sum of the children's integer
    day weights), so a child's exact share of the whole is ``units * weight / total``.
    """

    pieces: tuple[Period, ...]  # the children's periods, in order
    weights: tuple[int, ...]
    # Breaks ties between equal remainders: larger for the child that wins (the larger
    # weight, then the earlier piece); the children's values are 0 .. n - 1.
    tie_bias: tuple[int, ...]


class Phaser:
    """A reusable phasing of one period into sub-periods of one kind.

    :func:`phase` builds one for a single amount; build a ``Phaser`` yourself to phase
    many amounts over the same period, calendar and profile (every consultant's annual
    target), since the weights are worked out once.

    Args:
        period: The period to split.
        into: The kind of the pieces.
        quantum: The smallest step of a piece, e.g. ``Decimal("0.01")``.
        profile: Seasonal weights (see :func:`phase`).
        calendar: Weight days by working days (see :func:`phase`).
        active: Only these runs of days carry weight (a seat held for part of the
            period): the pieces are still those of the whole period, and the pieces
            outside the runs get nothing.

    Examples:
        >>> july = Period.parse("2026-07")
        >>> phaser = Phaser(july, PeriodKind.DEKAD, quantum=Decimal("0.01"))
        >>> [str(v) for v in phaser.split(Decimal("1000.00")).values()]
        ['322.58', '322.58', '354.84']
        >>> [str(v) for v in phaser.split(Decimal("31.00")).values()]
        ['10.00', '10.00', '11.00']
    """

    __slots__ = ("_gather", "_levels", "_pieces", "_step", "_total", "into", "period")

    def __init__(
        self,
        period: Period,
        into: PeriodKind | str,
        *,
        quantum: Amount,
        profile: Profile | None = None,
        calendar: WorkCalendar | None = None,
        active: Sequence[Period] | None = None,
    ) -> None:
        if not isinstance(period, Period):
            raise AllocationError(
                f"expected a Period, got {type(period).__name__} {period!r}", record="phasing"
            )
        self.period = period
        self.into = to_period_kind(into)
        self._step = _quantum(quantum)
        day_weights = _day_weights(period, profile, calendar)
        on: set[_dt.date] | None = None
        if active is not None:
            on = {day for run in active for day in run.dates() if period.contains(day)}
            day_weights = {d: (w if d in on else Fraction(0)) for d, w in day_weights.items()}
        self._pieces, self._levels, self._gather, self._total = _build_tree(
            period, self.into, day_weights, on
        )

    @property
    def pieces(self) -> tuple[Period, ...]:
        """The sub-periods, in date order (the keys of every split)."""
        return self._pieces

    def split(self, amount: Amount) -> dict[Period, Decimal]:
        """Phase one amount: the pieces add up to it exactly.

        Raises:
            AllocationError: If ``amount`` is not a multiple of the quantum.
        """
        value = to_decimal(amount, what="amount")
        units = _to_units(value, self._step, what=f"phasing of {value}")
        step = self._step
        ctx = DECIMAL_CONTEXT
        return {
            piece: ctx.multiply(Decimal(u), step)
            for piece, u in zip(self._pieces, self.split_units(units), strict=True)
        }

    @property
    def levels(self) -> tuple[tuple[Period, ...], ...]:
        """The pieces at every level of the split, from ``(period,)`` down.

        The last level is :attr:`pieces`, or the days that gather into them (weeks).
        """
        below = (tuple(piece for node in level for piece in node.pieces) for level in self._levels)
        return ((self.period,), *below)

    def split_levels_units(self, units: int) -> list[list[int]]:
        """Like :meth:`split_units`, but the figures at every level of :attr:`levels`.

        Examples:
            >>> Phaser(Period.parse("2026"), PeriodKind.MONTH, quantum=1).split_levels_units(12)[1]
            [3, 3, 3, 3]
        """
        negative = units < 0
        whole = -units if negative else units
        values = [whole]
        result = [values]
        for level in self._levels:
            values = _split_level(level, values, whole, self._total)
            result.append(values)
        return [[-v for v in row] for row in result] if negative else result

    @property
    def gather(self) -> tuple[int, ...] | None:
        """How many days of the last level make each piece, when pieces are gathered."""
        return self._gather

    def split_units(self, units: int) -> list[int]:
        """Phase an amount given in whole quanta; returns whole quanta per piece, in order.

        The integer core of :meth:`split`, for bulk work (no Decimal is made).

        Examples:
            >>> Phaser(Period.parse("2026-Q3"), PeriodKind.MONTH, quantum=1).split_units(10)
            [4, 3, 3]
        """
        negative = units < 0
        whole = -units if negative else units
        values = [whole]
        for level in self._levels:
            values = _split_level(level, values, whole, self._total)
        if self._gather is not None:
            gathered: list[int] = []
            position = 0
            for count in self._gather:
                gathered.append(sum(values[position : position + count]))
                position += count
            values = gathered
        return [-v for v in values] if negative else values


def _split_level(level: Sequence[_Node], values: list[int], whole: int, total: int) -> list[int]:
    """Split each node's figure among its children, each within one quantum of its exact share.

    A child's exact share is of the whole (``whole * weight / total``), not of its parent's
    rounded figure, so rounding does not pile up from level to level: each child gets its
    exact share rounded down, and the parent's leftover quanta go to the largest remainders.
    The parent's figure is itself its exact share rounded down or up, so the leftover is
    never more than the children with a remainder.
    """
    out: list[int] = []
    for node, units in zip(level, values, strict=True):
        pairs = [divmod(whole * w, total) for w in node.weights]
        shares = [q for q, _ in pairs]
        leftover = units - sum(shares)
        if leftover:
            # One integer key per child: the remainder first, then the tie rank (larger
            # weight, then earlier), so no tuple or lambda per comparison.
            n = len(pairs)
            keys = [r * n + bias for (_, r), bias in zip(pairs, node.tie_bias, strict=True)]
            if leftover == 1:
                shares[keys.index(max(keys))] += 1
            else:
                for i in sorted(range(n), key=keys.__getitem__, reverse=True)[:leftover]:
                    shares[i] += 1
        out.extend(shares)
    return out


def _day_weights(
    period: Period, profile: Profile | None, calendar: WorkCalendar | None
) -> dict[_dt.date, Fraction]:
    """A weight for every day of ``period``: working day (or any day) x seasonal profile."""
    days = period.dates()

    def base(day: pendulum.Date) -> int:
        return 1 if calendar is None or calendar.is_workday(day) else 0

    if profile is None:
        return {day: Fraction(base(day)) for day in days}
    if callable(profile):
        weights: dict[_dt.date, Fraction] = {}
        for day in days:
            value = to_decimal(profile(day), what=f"profile weight of {day}")
            if value < 0:
                raise AllocationError(
                    f"expected a non-negative weight, got {value}", record=f"profile on {day}"
                )
            weights[day] = Fraction(value) * base(day)
        return weights
    months = sorted({(d.year, d.month) for d in days})
    missing = sorted({m for _, m in months if m not in profile})
    if missing:
        raise AllocationError(
            f"expected a weight for every month the period touches; missing months {missing}",
            record="profile",
        )
    per_month: dict[tuple[int, int], Fraction] = {}
    for year, month in months:
        value = to_decimal(profile[month], what=f"profile weight of month {month}")
        if value < 0:
            raise AllocationError(
                f"expected a non-negative weight, got {value}", record=f"profile month {month}"
            )
        whole = Period(PeriodKind.MONTH, pendulum.Date(year, month, 1))
        # A month's weight is spread over its (working) days, so a month cut short by the
        # period's edge gets only its share.
        count = sum(base(day) for day in whole.dates())
        per_month[(year, month)] = Fraction(value) / count if count else Fraction(0)
    return {day: per_month[(day.year, day.month)] * base(day) for day in days}


def _build_tree(
    period: Period,
    into: PeriodKind,
    day_weights: Mapping[_dt.date, Fraction],
    active: set[_dt.date] | None = None,
) -> tuple[tuple[Period, ...], tuple[tuple[_Node, ...], ...], tuple[int, ...] | None, int]:
    """The pieces, the levels of splits that lead to them, how days gather, the total weight.

    The third item is ``None`` when the last level yields the pieces themselves, else the
    number of days in each piece (weeks, and pieces of a week, are gathered from days).
    The day weights are scaled to integers on one common scale; if every day weighs
    nothing (no working day at all), every day weighs 1 (the split goes by days).
    """
    common = math.lcm(*(f.denominator for f in day_weights.values())) if day_weights else 1
    scaled = {day: int(f * common) for day, f in day_weights.items()}
    if not any(scaled.values()):
        # Nothing to go on (no working day at all): by days, the active days only.
        scaled = {day: 1 if active is None or day in active else 0 for day in scaled}
        if not any(scaled.values()):
            scaled = dict.fromkeys(scaled, 1)
    total = sum(scaled.values())

    def weight(piece: Period) -> int:
        return sum(scaled[d] for d in piece.dates())

    pieces = tuple(period.split(into))
    nested = period.kind in _CHAIN and into in _CHAIN
    if nested or into is PeriodKind.DAY:
        return pieces, _levels(period, _route(period, into), weight), None, total
    days = _levels(period, _route(period, PeriodKind.DAY), weight)
    return pieces, days, tuple(piece.days for piece in pieces), total


def _route(period: Period, into: PeriodKind) -> list[PeriodKind]:
    """The kinds to pass through from ``period`` down to ``into`` (excluding the start).

    A kind as coarse as the period's own, or coarser, is one step: the period's split
    into it (one piece, or clipped pieces).
    """
    if period.kind in _CHAIN and into in _CHAIN:
        start, stop = _CHAIN.index(period.kind), _CHAIN.index(into)
        if stop > start:
            return list(_CHAIN[start + 1 : stop + 1])
    return [into]


def _levels(
    period: Period, route: Sequence[PeriodKind], weight: Callable[[Period], int]
) -> tuple[tuple[_Node, ...], ...]:
    levels: list[tuple[_Node, ...]] = []
    current = [period]
    for kind in route:
        nodes: list[_Node] = []
        following: list[Period] = []
        for parent in current:
            children = parent.split(kind)
            ints = tuple(weight(child) for child in children)
            order = sorted(range(len(children)), key=lambda i: (-ints[i], i))
            bias = [0] * len(children)
            for position, i in enumerate(order):
                bias[i] = len(children) - 1 - position
            following.extend(children)
            nodes.append(_Node(pieces=tuple(children), weights=ints, tie_bias=tuple(bias)))
        levels.append(tuple(nodes))
        current = following
    return tuple(levels)


def phase(
    amount: Amount,
    period: Period,
    into: PeriodKind | str,
    *,
    quantum: Amount,
    profile: Profile | None = None,
    calendar: WorkCalendar | None = None,
) -> dict[Period, Decimal]:
    """Split a target over the sub-periods of its period, exactly, in whole quanta.

    The pieces add up to ``amount`` exactly, and phasing is consistent across grains:
    the days of each month add up to that month's figure (the split goes level by
    level, year > quarter > month > dekad > day, each level splitting the figures of
    the level above). ISO weeks cut across months, so a split into weeks gathers the
    days (each week clipped to the period, see :meth:`Period.split`).

    Args:
        amount: The target, a multiple of ``quantum``.
        period: The period it covers (a clipped period covers only its own days).
        into: The kind of the pieces, e.g. ``PeriodKind.MONTH`` or ``"day"``.
        quantum: The smallest step of a piece.
        profile: Seasonal weights: a mapping from month number (1-12) to a weight, each
            month's weight spread over its days (so the months of a year follow the
            profile whatever their length); or a callable giving each day's weight
            (promotions, market days). Without a profile every day weighs the same.
        calendar: With a work calendar only working days carry weight: days, dekads and
            weeks are weighted by their working days (months too, unless a profile
            sets the months' weights).

    Returns:
        Each piece's figure, in date order.

    Raises:
        AllocationError: If ``amount`` is not a multiple of ``quantum``, or a profile
            misses a month or has a negative weight.

    Notes:
        Each split is :func:`apportion`'s largest-remainder method on exact rational
        weights, ties going to the larger weight, then to the earlier piece. Below the
        first level a piece's exact share is its share of the whole amount (not of its
        parent's rounded figure), so wherever the pieces nest in the period (not weeks,
        which are gathered from days) every piece is within one quantum of
        ``amount * weight(piece) / weight(period)``. A period whose every day weighs
        nothing (no working day at all) is split by days.

    Examples:
        By days, July and August (31 days) weigh more than September (30):

        >>> q3 = Period.parse("2026-Q3")
        >>> [str(v) for v in phase(Decimal("900"), q3, PeriodKind.MONTH, quantum=1).values()]
        ['303', '303', '294']

        A seasonal profile by month number sets the months' weights instead:

        >>> peak = {7: 2, 8: 1, 9: 1}
        >>> [str(v) for v in phase(900, q3, "month", quantum=1, profile=peak).values()]
        ['450', '225', '225']
        >>> week = Period.parse("2026-W28")
        >>> days = phase(Decimal("100"), week, "day", quantum=1, calendar=WorkCalendar())
        >>> [str(v) for v in days.values()]
        ['20', '20', '20', '20', '20', '0', '0']
    """
    return Phaser(period, into, quantum=quantum, profile=profile, calendar=calendar).split(amount)
