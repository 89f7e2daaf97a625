"""The Pareto view of a team: how much of the result comes from how few people."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Generic, TypeVar

import attrs

from deepmarketing.errors import ScoringError
from deepmarketing.quantities import (
    DECIMAL_CONTEXT,
    Amount,
    Rounding,
    exact_sum,
    is_multiple,
    to_decimal,
)
from deepmarketing.scoring._common import (
    number,
    ordered,
    percent,
    positive_quantum,
    round_fraction,
    to_rounding,
)

__all__ = ["ParetoPoint", "ParetoReport", "pareto"]

K = TypeVar("K", bound=Hashable)


@attrs.frozen
class ParetoPoint(Generic[K]):
    """One step of the cumulative curve: a person, and the top people down to them.

    Attributes:
        key: The person.
        amount: Their result.
        cumulative: The results of everyone from the top down to them, exactly.
        people_share: Those people's share of the head count (rounded like the report).
        result_share: Their results' share of the total (rounded like the report).

    Examples:
        >>> pareto({"P-1": 30, "P-2": 70}).curve[0]
        ParetoPoint(key='P-2', amount=Decimal('70'), cumulative=Decimal('70'),
                    people_share=Decimal('0.5000'), result_share=Decimal('0.7000'))
    """

    key: K
    amount: Decimal
    cumulative: Decimal = attrs.field(kw_only=True)
    people_share: Decimal = attrs.field(kw_only=True)
    result_share: Decimal = attrs.field(kw_only=True)


def _check_share(value: Amount, what: str) -> Fraction:
    share = to_decimal(value, what=what)
    if not 0 <= share <= 1:
        raise ScoringError(
            f"expected a share from 0 to 1 (e.g. Decimal('0.2') for 20%), got {number(share)}",
            record=what,
        )
    return Fraction(share)


@attrs.frozen
class ParetoReport(Generic[K]):
    """How concentrated a team's results are: the seed's "70% from 20%", measured.

    People are counted **fractionally** along the cumulative (Lorenz) curve: sort people
    by result, largest first, and join the points ``(k/n, S_k/T)`` (the top ``k``
    people's share of the head count and of the total) with straight lines. "The top
    20% of 7 people" is then the best person and 0.4 of the second best's result; "the
    share of people producing 70%" is where the curve reaches 70%. Use :meth:`leaders`
    for whole people (the smallest group of names reaching a share).

    Shares are exact fractions rounded once to ``quantum`` with ``rounding``.

    Attributes:
        total: The sum of all results.
        curve: One :class:`ParetoPoint` per person, largest result first (equal results
            by key).
        top_20_share: The share of the total produced by the top 20% of people.
        people_70_share: The smallest share of people producing 70% of the total.
        people_80_share: The smallest share of people producing 80% of the total.
        quantum: The step shares are rounded to.
        rounding: How shares are rounded.

    Examples:
        >>> report = pareto({"P-1": 500, "P-2": 300, "P-3": 100, "P-4": 60, "P-5": 40})
        >>> report.top_20_share, report.people_70_share, report.people_80_share
        (Decimal('0.5000'), Decimal('0.3333'), Decimal('0.4000'))
        >>> report.leaders(Decimal("0.7"))
        ('P-1', 'P-2')
        >>> report.top_share(Decimal("0.3")), report.people_share(Decimal("0.5"))
        (Decimal('0.6500'), Decimal('0.2000'))
        >>> print(report.summary())
        5 people, total 1000: the top 20% of people produce 50% of it;
        70% comes from 33.33% of people (2 people in whole), 80% from 40% (2 people)
    """

    total: Decimal
    curve: tuple[ParetoPoint[K], ...]
    top_20_share: Decimal = attrs.field(kw_only=True)
    people_70_share: Decimal = attrs.field(kw_only=True)
    people_80_share: Decimal = attrs.field(kw_only=True)
    quantum: Decimal = attrs.field(kw_only=True)
    rounding: Rounding = attrs.field(kw_only=True)

    def _round(self, value: Fraction) -> Decimal:
        return round_fraction(value, self.quantum, self.rounding)

    def top_share(self, people: Amount) -> Decimal:
        """The share of the total produced by the top ``people`` share of people.

        Args:
            people: A share of the head count, from 0 to 1 (``Decimal("0.2")``).

        Raises:
            ScoringError: If ``people`` is outside 0..1.
        """
        return self._round(_top(self.curve, self.total, _check_share(people, "people")))

    def people_share(self, results: Amount) -> Decimal:
        """The smallest share of people (counted fractionally) producing ``results`` of the total.

        Args:
            results: A share of the total, from 0 to 1 (``Decimal("0.7")``).

        Raises:
            ScoringError: If ``results`` is outside 0..1.
        """
        return self._round(_people(self.curve, self.total, _check_share(results, "results")))

    def leaders(self, results: Amount) -> tuple[K, ...]:
        """The fewest whole people whose results reach ``results`` of the total, largest first.

        Raises:
            ScoringError: If ``results`` is outside 0..1.
        """
        goal = _check_share(results, "results") * Fraction(self.total)
        if goal <= 0:
            return ()
        count = next(k for k, p in enumerate(self.curve, 1) if Fraction(p.cumulative) >= goal)
        return tuple(p.key for p in self.curve[:count])

    def summary(self) -> str:
        """The report in one line."""
        return (
            f"{len(self.curve)} people, total {number(self.total)}: the top 20% of people "
            f"produce {percent(self.top_20_share)} of it; 70% comes from "
            f"{percent(self.people_70_share)} of people ({len(self.leaders(Decimal('0.7')))} "
            f"people in whole), 80% from {percent(self.people_80_share)} "
            f"({len(self.leaders(Decimal('0.8')))} people)"
        )


def _top(curve: tuple[ParetoPoint[K], ...], total: Decimal, people: Fraction) -> Fraction:
    """The exact share of ``total`` from the top ``people`` share, along the curve."""
    reach = people * len(curve)
    whole = reach.numerator // reach.denominator
    mass = Fraction(curve[whole - 1].cumulative) if whole else Fraction(0)
    if whole < len(curve):
        mass += (reach - whole) * Fraction(curve[whole].amount)
    return mass / Fraction(total)


def _people(curve: tuple[ParetoPoint[K], ...], total: Decimal, results: Fraction) -> Fraction:
    """The exact smallest share of people whose results reach ``results`` of ``total``."""
    goal = results * Fraction(total)
    if goal <= 0:
        return Fraction(0)
    before = Fraction(0)
    for k, point in enumerate(curve):
        after = Fraction(point.cumulative)
        if after >= goal:
            # The curve rises from ``before`` to ``after`` over this person (amount > 0).
            return (k + (goal - before) / Fraction(point.amount)) / len(curve)
        before = after
    return Fraction(1)  # pragma: no cover  (the last point reaches the total)


def pareto(
    contributions: Mapping[K, Amount],
    *,
    quantum: Amount = Decimal("0.0001"),
    rounding: Rounding | str = Rounding.HALF_EVEN,
) -> ParetoReport[K]:
    """The Pareto view of a team's results: what share comes from the top people.

    Args:
        contributions: Each person's result (sales, volume, new customers, ...), a
            non-negative amount; at least one positive.
        quantum: The step shares are rounded to; ``Decimal("0.0001")`` (0.01%) unless
            named. 1 must be a whole multiple of it, so 0 and 100% stay exact.
        rounding: How shares are rounded; half-even unless named.

    Returns:
        The :class:`ParetoReport`: the share of results from the top 20% of people, the
        smallest share of people producing 70% and 80% of results, and the sorted
        cumulative curve. People count fractionally (see :class:`ParetoReport`); every
        share is exact until the one rounding to ``quantum``, and never depends on the
        order of ``contributions``.

    Raises:
        ScoringError: If there are no contributions, one is negative, they add up to 0,
            or 1 is not a multiple of ``quantum``.
        AmountTypeError: If an amount is a float.

    Examples:
        >>> sales = {
        ...     f"P-{i}": Decimal(v)
        ...     for i, v in enumerate([900, 500, 200, 150, 100, 80, 40, 20, 6, 4], 1)
        ... }
        >>> report = pareto(sales)
        >>> report.top_20_share, report.people_70_share
        (Decimal('0.7000'), Decimal('0.2000'))
    """
    step = positive_quantum(quantum)
    if not is_multiple(1, step):
        raise ScoringError(
            f"1 is not a multiple of {number(step)}; expected a quantum such as 0.0001",
            record="quantum",
        )
    mode = to_rounding(rounding)
    if not isinstance(contributions, Mapping) or not contributions:
        raise ScoringError(
            "expected a non-empty mapping from person to result, got "
            + (repr(contributions) if not isinstance(contributions, Mapping) else "none"),
            record="pareto",
        )
    amounts: dict[K, Decimal] = {}
    for key, value in contributions.items():
        amount = to_decimal(value, what=f"result of {key!r}")
        if amount < 0:
            raise ScoringError(
                f"result of {key!r} is {number(amount)}; expected a non-negative result",
                record="pareto",
            )
        amounts[key] = amount
    total = exact_sum(amounts.values())
    if total == 0:
        raise ScoringError(
            f"the {len(amounts)} results add up to 0; expected a positive total", record="pareto"
        )
    order = sorted(ordered(amounts), key=amounts.__getitem__, reverse=True)
    n = len(order)
    whole = Fraction(total)
    points: list[ParetoPoint[K]] = []
    cumulative = Decimal(0)
    for k, key in enumerate(order, 1):
        cumulative = DECIMAL_CONTEXT.add(cumulative, amounts[key])
        points.append(
            ParetoPoint(
                key,
                amounts[key],
                cumulative=cumulative,
                people_share=round_fraction(Fraction(k, n), step, mode),
                result_share=round_fraction(Fraction(cumulative) / whole, step, mode),
            )
        )
    curve = tuple(points)
    return ParetoReport(
        total,
        curve,
        top_20_share=round_fraction(_top(curve, total, Fraction(1, 5)), step, mode),
        people_70_share=round_fraction(_people(curve, total, Fraction(7, 10)), step, mode),
        people_80_share=round_fraction(_people(curve, total, Fraction(4, 5)), step, mode),
        quantum=step,
        rounding=mode,
    )
